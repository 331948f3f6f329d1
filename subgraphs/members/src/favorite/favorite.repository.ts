import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { decideFollow, favoritesProjection, type FavoriteFact } from './favorite.rules.js';

const streamOf = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:favorites`;

export class FavoriteRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('favorite_streams'));
  }

  /** The shops a member follows, in the order followed: the head's state plus any newer facts. */
  async merchantIds(allianceId: string, memberId: string): Promise<string[]> {
    const r = await this.streams.appendWithRetry<FavoriteFact, string[]>(streamOf(allianceId, memberId), () => null, { projection: favoritesProjection });
    return r.state;
  }

  async setFollowing(allianceId: string, memberId: string, merchantId: string, follow: boolean): Promise<string[]> {
    const r = await this.streams.appendWithRetry<FavoriteFact, string[]>(
      streamOf(allianceId, memberId),
      (state) => decideFollow(state, merchantId, follow),
      { projection: favoritesProjection },
    );
    return r.state;
  }
}
