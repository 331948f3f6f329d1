import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { decideHistory, orderHistoryProjection, type OrderHistoryFact, type OrderHistoryState } from './order-history.rules.js';

const streamOf = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:orders`;

/** Each member's order history is a stream whose head holds the per-shop summary: one read per member. */
export class OrderHistoryRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('order_history_streams'));
  }

  async summary(allianceId: string, memberId: string): Promise<OrderHistoryState> {
    return (await this.streams.appendWithRetry<OrderHistoryFact, OrderHistoryState>(streamOf(allianceId, memberId), () => null, { projection: orderHistoryProjection })).state;
  }

  async record(allianceId: string, memberId: string, fact: OrderHistoryFact): Promise<boolean> {
    const r = await this.streams.appendWithRetry<OrderHistoryFact, OrderHistoryState>(streamOf(allianceId, memberId), (s) => decideHistory(s, fact), { projection: orderHistoryProjection });
    return r.appended;
  }
}
