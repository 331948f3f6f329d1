import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { storedValueProjection, type StoredValueFact, type StoredValueState } from './stored-value.rules.js';

const balanceStream = (allianceId: string, memberId: string, merchantId: string) => `${allianceId}:${memberId}:sv:${merchantId}`;
const shopsStream = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:sv-shops`;
/** The members who ever held a balance at a shop: what paying them all back (the shop leaving) walks. */
const holdersStream = (allianceId: string, merchantId: string) => `${allianceId}:sv-holders:${merchantId}`;
const shopsProjection = { initial: [] as string[], evolve: (s: string[], f: { merchantId: string }) => (s.includes(f.merchantId) ? s : [...s, f.merchantId]) };

/** Each (member, shop) balance is a stream whose head keeps the balance; her shops with a balance are a small list. */
export class StoredValueRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('stored_value_streams'));
  }

  async state(allianceId: string, memberId: string, merchantId: string): Promise<StoredValueState> {
    return (await this.streams.appendWithRetry<StoredValueFact, StoredValueState>(balanceStream(allianceId, memberId, merchantId), () => null, { projection: storedValueProjection })).state;
  }

  async decide<T>(allianceId: string, memberId: string, merchantId: string, decide: (s: StoredValueState) => { fact: StoredValueFact | null; outcome: T }): Promise<{ outcome: T; fact: StoredValueFact | null; state: StoredValueState }> {
    let outcome!: T;
    const r = await this.streams.appendWithRetry<StoredValueFact, StoredValueState>(
      balanceStream(allianceId, memberId, merchantId),
      (s) => {
        const d = decide(s);
        outcome = d.outcome;
        return d.fact;
      },
      { projection: storedValueProjection, maxAttempts: 50 },
    );
    return { outcome, fact: r.appended ? r.fact : null, state: r.state };
  }

  async shops(allianceId: string, memberId: string): Promise<string[]> {
    return (await this.streams.appendWithRetry<{ merchantId: string }, string[]>(shopsStream(allianceId, memberId), () => null, { projection: shopsProjection })).state;
  }

  /**
   * Lists her among the shop's holders, then the shop among hers, before its first top-up lands: a
   * crash leaves a listed ¥0 balance, never a hidden one. A crash between the two lists her twice on
   * the next top-up, which costs the payback walk one read (her balance is then ¥0).
   */
  async listShop(allianceId: string, memberId: string, merchantId: string): Promise<void> {
    if ((await this.shops(allianceId, memberId)).includes(merchantId)) return;
    await this.streams.appendAnywhere<{ memberId: string }>(holdersStream(allianceId, merchantId), { memberId });
    await this.streams.appendWithRetry<{ merchantId: string }, string[]>(shopsStream(allianceId, memberId), (s) => (s.includes(merchantId) ? null : { merchantId }), { projection: shopsProjection });
  }

  /** A page of the shop's holders, oldest first, from `fromVersion`. */
  async holders(allianceId: string, merchantId: string, fromVersion: number, limit: number) {
    return this.streams.readStream<{ memberId: string }>(holdersStream(allianceId, merchantId), { fromVersion, limit });
  }
}
