import type { Connection, Model } from 'mongoose';
import { readTenantDoc } from '@alliance/store';
import { merchantModel, type MerchantDoc } from './merchant.model.js';

export class MerchantRepository {
  private readonly model: Model<MerchantDoc>;
  constructor(conn: Connection) {
    this.model = merchantModel(conn);
  }

  /** By `_id` alone (the only filter FerretDB finds without a scan); the tenant is checked after the read. */
  get(allianceId: string, id: string): Promise<MerchantDoc | null> {
    return readTenantDoc<MerchantDoc>(this.model.collection, allianceId, id);
  }

  /** Every shop of one alliance (or of all): the projection's load, never a request path. */
  listAll(allianceId?: string): Promise<MerchantDoc[]> {
    return this.model.find(allianceId ? { allianceId } : {}).lean<MerchantDoc[]>().exec();
  }
}
