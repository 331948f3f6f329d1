import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import { pointsProjection, type PointsFact, type PointsState } from './points.rules.js';

const balanceStream = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:points`;
/** Lots expiring in a month (YYYY-MM), in issue order (which is expiry order): what the expiry pass walks. */
const expiryStream = (allianceId: string, month: string) => `${allianceId}:points-expiry:${month}`;

export interface ExpiryEntry {
  memberId: string;
  lotId: string;
  expiresAt: string;
}

/**
 * Points: each member's balance is a stream of lot facts whose head keeps the lots (one `_id` read);
 * every decision (issue, redeem, return, expire) is an append with the version it read. Shops' rates
 * are settings (the last one set holds). Each month of expiries is a list the expiry pass walks.
 */
export class PointsRepository {
  private readonly streams: Streams;
  private readonly rates;
  private readonly alliances;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('points_streams'));
    this.rates = conn.collection('points_rates');
    this.alliances = conn.collection('points_alliances');
  }

  async state(allianceId: string, memberId: string): Promise<PointsState> {
    return (await this.streams.appendWithRetry<PointsFact, PointsState>(balanceStream(allianceId, memberId), () => null, { projection: pointsProjection })).state;
  }

  /** Appends what `decide` returns; the outcome is whatever `decide` last reported. */
  async decide<T>(allianceId: string, memberId: string, decide: (s: PointsState, nowVersion: number) => { fact: PointsFact | null; outcome: T }, maxAttempts = 50): Promise<{ outcome: T; fact: PointsFact | null; version: number }> {
    let outcome!: T;
    const r = await this.streams.appendWithRetry<PointsFact, PointsState>(
      balanceStream(allianceId, memberId),
      (s, v) => {
        const d = decide(s, v);
        outcome = d.outcome;
        return d.fact;
      },
      { projection: pointsProjection, maxAttempts },
    );
    return { outcome, fact: r.appended ? r.fact : null, version: r.version };
  }

  async rateOf(allianceId: string, merchantId: string): Promise<number | null> {
    const doc = (await this.rates.findOne({ _id: `${allianceId}:${merchantId}` as never })) as { rateBp: number } | null;
    return doc?.rateBp ?? null;
  }

  async setRate(allianceId: string, merchantId: string, rateBp: number, by: string, at: string): Promise<void> {
    await this.rates.replaceOne({ _id: `${allianceId}:${merchantId}` as never }, { allianceId, merchantId, rateBp, by, at }, { upsert: true });
  }

  /** Lists the lot for the expiry pass of its month (and the alliance, once, for the pass to visit). */
  async scheduleExpiry(allianceId: string, entry: ExpiryEntry): Promise<void> {
    await insertOnce(this.alliances, allianceId, { allianceId, lastMonth: entry.expiresAt.slice(0, 7), nextVersion: {} });
    await this.streams.appendAnywhere<ExpiryEntry>(expiryStream(allianceId, entry.expiresAt.slice(0, 7)), entry, { unlessAmongNewest: { limit: 20, same: (e) => e.memberId === entry.memberId && e.lotId === entry.lotId } });
  }

  /** The alliances with points, and the first month each still has to walk. */
  async expiryAlliances(): Promise<Array<{ allianceId: string; lastMonth: string; position: Record<string, number> }>> {
    const docs = (await this.alliances.find({}).limit(1000).toArray()) as unknown as Array<{ allianceId: string; lastMonth: string; nextVersion?: Record<string, number> }>;
    return docs.map((d) => ({ allianceId: d.allianceId, lastMonth: d.lastMonth, position: d.nextVersion ?? {} }));
  }

  async expiryPage(allianceId: string, month: string, fromVersion: number, limit: number) {
    return this.streams.readStream<ExpiryEntry>(expiryStream(allianceId, month), { fromVersion, limit });
  }

  /** Where the pass stands: the next entry of a month, and the first month not finished. */
  async markExpiry(allianceId: string, month: string, nextVersion: number, lastMonth: string): Promise<void> {
    await this.alliances.updateOne({ _id: allianceId as never }, { $set: { [`nextVersion.${month}`]: nextVersion, lastMonth } });
  }
}
