import type { Connection, Model } from 'mongoose';
import { productModel, type ProductDoc } from './product.model.js';

export class ProductRepository {
  private readonly model: Model<ProductDoc>;
  constructor(conn: Connection) {
    this.model = productModel(conn);
  }

  count(query: Record<string, unknown>): Promise<number> {
    return this.model.countDocuments(query).exec();
  }

  /** Rows after `afterKey` in storefront order; callers ask for one more than they show to learn if more exist. */
  page(query: Record<string, unknown>, afterKey: string | null, limit: number): Promise<ProductDoc[]> {
    const q = afterKey ? { ...query, listKey: { $gt: afterKey } } : query;
    return this.model.find(q).sort({ listKey: 1 }).limit(limit).lean<ProductDoc[]>().exec();
  }

  findByIds(allianceId: string, ids: readonly string[]): Promise<ProductDoc[]> {
    return this.model.find({ allianceId, _id: { $in: ids } }).lean<ProductDoc[]>().exec();
  }

  async countBy(allianceId: string, field: 'merchantId' | 'category', values?: readonly string[]): Promise<Map<string, number>> {
    const match: Record<string, unknown> = { allianceId };
    if (values) match[field] = { $in: values };
    const rows = await this.model
      .aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }])
      .exec();
    return new Map(rows.map((r) => [r._id, r.n]));
  }
}
