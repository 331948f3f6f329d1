import type { Connection, Model } from 'mongoose';
import { merchantModel, type MerchantDoc } from './merchant.model.js';

export class MerchantRepository {
  private readonly model: Model<MerchantDoc>;
  constructor(conn: Connection) {
    this.model = merchantModel(conn);
  }

  list(allianceId: string, neighborhood?: string): Promise<MerchantDoc[]> {
    const filter: Record<string, unknown> = { allianceId };
    if (neighborhood) filter.neighborhood = neighborhood;
    return this.model.find(filter).sort({ _id: 1 }).lean<MerchantDoc[]>().exec();
  }

  /** One query for any number of ids: the batch function behind the merchant DataLoader. */
  findByIds(allianceId: string, ids: readonly string[]): Promise<MerchantDoc[]> {
    return this.model.find({ allianceId, _id: { $in: ids } }).lean<MerchantDoc[]>().exec();
  }

  idsInNeighborhood(allianceId: string, neighborhood: string): Promise<string[]> {
    return this.model
      .find({ allianceId, neighborhood }, { _id: 1 })
      .lean<{ _id: string }[]>()
      .exec()
      .then((rows) => rows.map((r) => r._id));
  }

  neighborhoods(allianceId: string): Promise<string[]> {
    return this.model.distinct('neighborhood', { allianceId }).exec() as Promise<string[]>;
  }
}
