import type { Connection, Model } from 'mongoose';
import { merchantModel, type MerchantDoc } from './merchant.model.js';

export const merchantKey = (allianceId: string, id: string) => `${allianceId}:${id}`;

export class MerchantRepository {
  private readonly model: Model<MerchantDoc>;
  constructor(conn: Connection) {
    this.model = merchantModel(conn);
  }

  async get(allianceId: string, id: string): Promise<MerchantDoc | null> {
    const doc = await this.model.findOne({ _id: merchantKey(allianceId, id) }).lean<MerchantDoc>().exec();
    return doc && doc.allianceId === allianceId ? doc : null;
  }

  /** Every shop of one alliance (or of all): the projection's load, never a request path. */
  listAll(allianceId?: string): Promise<MerchantDoc[]> {
    return this.model.find(allianceId ? { allianceId } : {}).lean<MerchantDoc[]>().exec();
  }
}
