import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { isDuplicateKey } from '@alliance/store';
import { memberModel, type MemberDoc } from './member.model.js';

export class MemberRepository {
  private readonly model: Model<MemberDoc>;
  constructor(conn: Connection) {
    this.model = memberModel(conn);
  }

  findBySubject(allianceId: string, subject: string): Promise<MemberDoc | null> {
    return this.model.findOne({ allianceId, subject }).lean<MemberDoc>().exec();
  }

  findByIds(allianceId: string, ids: readonly string[]): Promise<MemberDoc[]> {
    return this.model.find({ allianceId, _id: { $in: ids } }).lean<MemberDoc[]>().exec();
  }

  /** Inserts the member; if a concurrent call inserted it first, returns that one. */
  async insertOrGet(doc: Omit<MemberDoc, '_id' | 'createdAt'>): Promise<MemberDoc> {
    try {
      const created = await this.model.create({ ...doc, _id: `mem_${randomUUID()}` });
      return created.toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findBySubject(doc.allianceId, doc.subject);
      if (!existing) throw err;
      return existing;
    }
  }

  async rename(allianceId: string, id: string, username: string, displayName: string): Promise<void> {
    await this.model.updateOne({ allianceId, _id: id }, { $set: { username, displayName } }).exec();
  }
}
