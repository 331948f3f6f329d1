import type { Model } from 'mongoose';
import { TenantRepository } from '@alliance/store';
import type { MemberDoc } from './member.model.js';

/** One alliance's members; every read is one `_id` read. */
export class MemberRepository extends TenantRepository<MemberDoc> {
  constructor(model: Model<MemberDoc>, allianceId: string) {
    super(model, allianceId);
  }

  /**
   * Inserts the member; when a concurrent first call inserted it first, returns that one. A member
   * row from before ids were derived from the subject (development data) is replaced once.
   */
  async insertOrGet(doc: Omit<MemberDoc, '_id' | 'allianceId' | 'createdAt'>): Promise<{ member: MemberDoc; inserted: boolean }> {
    const { id, ...fields } = doc;
    const first = await this.insertOnce(id, { id, ...fields, createdAt: new Date() });
    return first.inserted ? { member: first.doc, inserted: true } : { member: first.existing, inserted: false };
  }

  async rename(id: string, username: string, displayName: string): Promise<void> {
    await this.update(id, { username, displayName });
  }

  /** Rows of the old shape (`_id: mem_<uuid>`) hold the unique (alliance, subject) key of old indexes. */
  async dropLegacyRows(subject: string, keepId: string): Promise<void> {
    await this.model.deleteMany({ allianceId: this.allianceId, subject, _id: { $ne: `${this.allianceId}:${keepId}` } }).exec();
  }
}
