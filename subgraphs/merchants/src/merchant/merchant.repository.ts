import type { Connection, Model } from 'mongoose';
import { insertOnce, isDuplicateKey, readTenantDoc, tenantId } from '@alliance/store';
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

  /**
   * A new shop: the unique `_id` decides the id, the unique (alliance, name) index the name. False when
   * either is taken.
   */
  async insertNew(doc: Omit<MerchantDoc, '_id'>): Promise<boolean> {
    try {
      return (await insertOnce(this.model.collection, tenantId(doc.allianceId, doc.id), doc)).inserted;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** `$set` by `_id` (a shop's own fields: one admin action at a time, not a contended write). */
  async update(allianceId: string, id: string, set: Partial<Omit<MerchantDoc, '_id' | 'id' | 'allianceId'>>): Promise<void> {
    await this.model.collection.updateOne({ _id: tenantId(allianceId, id) } as never, { $set: set });
  }

  /** Undoes an insert whose next step failed (onboarding: the owner's account could not be made). */
  async remove(allianceId: string, id: string): Promise<void> {
    await this.model.collection.deleteOne({ _id: tenantId(allianceId, id) } as never);
  }
}
