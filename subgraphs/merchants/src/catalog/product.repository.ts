import type { Connection, Model } from 'mongoose';
import { readTenantDoc, tenantId } from '@alliance/store';
import { productModel, type ProductDoc } from './product.model.js';

export class ProductRepository {
  private readonly model: Model<ProductDoc>;
  constructor(conn: Connection) {
    this.model = productModel(conn);
  }

  /** By `_id` alone (the only filter FerretDB finds without a scan); the tenant is checked after the read. */
  get(allianceId: string, id: string): Promise<ProductDoc | null> {
    return readTenantDoc<ProductDoc>(this.model.collection, allianceId, id);
  }

  /** A batch is parallel `_id` reads: `_id: {$in}` would scan the collection on FerretDB. */
  getMany(allianceId: string, ids: readonly string[]): Promise<(ProductDoc | null)[]> {
    return Promise.all(ids.map((id) => this.get(allianceId, id)));
  }

  /** Every product of one alliance (or of all): the projection's load, never a request path. */
  listAll(allianceId?: string): Promise<ProductDoc[]> {
    return this.model.find(allianceId ? { allianceId } : {}).lean<ProductDoc[]>().exec();
  }

  async setPrice(allianceId: string, id: string, priceFen: number): Promise<void> {
    await this.model.updateOne({ _id: tenantId(allianceId, id) }, { $set: { priceFen } }).exec();
  }
}
