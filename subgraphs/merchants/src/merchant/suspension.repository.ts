import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { statusProjection, type ShopStatus, type StatusFact } from './suspension.rules.js';

const streamOf = (allianceId: string, merchantId: string) => `${allianceId}:shop-status:${merchantId}`;

/**
 * Each shop's suspensions and reinstatements: an append-only stream, so two admins acting at once
 * cannot both "win" (the version's unique `_id` decides) and the history is kept.
 */
export class ShopStatusRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('shop_status'));
  }

  /** Decides against the current status and appends; `appended: false` when the decision was "nothing to do". */
  async change(allianceId: string, merchantId: string, decide: (current: ShopStatus) => StatusFact | null) {
    return this.streams.appendWithRetry<StatusFact, ShopStatus>(streamOf(allianceId, merchantId), (s) => decide(s), { projection: statusProjection });
  }
}
