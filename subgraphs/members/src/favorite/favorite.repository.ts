import type { Connection, Model } from 'mongoose';
import { isDuplicateKey } from '@alliance/store';
import { favoriteModel, type FavoriteDoc } from './favorite.model.js';

export class FavoriteRepository {
  private readonly model: Model<FavoriteDoc>;
  constructor(conn: Connection) {
    this.model = favoriteModel(conn);
  }

  listMerchantIds(allianceId: string, memberId: string): Promise<string[]> {
    return this.model
      .find({ allianceId, memberId }, { merchantId: 1 })
      .sort({ createdAt: 1 })
      .lean<{ merchantId: string }[]>()
      .exec()
      .then((rows) => rows.map((r) => r.merchantId));
  }

  /** Which of `merchantIds` the member follows, in one query. */
  followed(allianceId: string, memberId: string, merchantIds: readonly string[]): Promise<Set<string>> {
    return this.model
      .find({ allianceId, memberId, merchantId: { $in: merchantIds } }, { merchantId: 1 })
      .lean<{ merchantId: string }[]>()
      .exec()
      .then((rows) => new Set(rows.map((r) => r.merchantId)));
  }

  async add(allianceId: string, memberId: string, merchantId: string): Promise<void> {
    try {
      await this.model.create({ allianceId, memberId, merchantId });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // already following: the same outcome
    }
  }

  async remove(allianceId: string, memberId: string, merchantId: string): Promise<void> {
    await this.model.deleteOne({ allianceId, memberId, merchantId }).exec();
  }
}
