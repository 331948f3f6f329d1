import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import { assertBalanced } from '../ledger/balances.js';
import { partyKey, postingKey, type AccountKind, type PostingGroup, type Stage } from '../ledger/ledger.types.js';
import { orderLedgerProjection, promotionCostProjection, type OrderLedgerFact, type OrderLedgerState, type PromotionCostFact, type PromotionCostState } from './order-ledger.rules.js';
import { periodOf } from './period.rules.js';

/** One posting as a party's stream keeps it. */
export interface PartyEntry {
  key: string;
  sourceEventId: string;
  orderId: string;
  account: AccountKind;
  stage: Stage;
  amountFen: number;
  at: string;
  period: string;
}

/** A party's totals per stage and account. */
export type PartyTotals = Record<Stage, Partial<Record<AccountKind, number>>>;
const totalsProjection = {
  initial: { PENDING: {}, CONFIRMED: {} } as PartyTotals,
  evolve(t: PartyTotals, e: PartyEntry): PartyTotals {
    const stage = { ...t[e.stage], [e.account]: (t[e.stage][e.account] ?? 0) + e.amountFen };
    return { ...t, [e.stage]: stage };
  },
};

const orderStream = (allianceId: string, orderId: string) => `${allianceId}:lo:${orderId}`;
const costStream = (allianceId: string, checkoutId: string, shopId: string) => `${allianceId}:pc:${checkoutId}:${shopId}`;
export const partyStream = (allianceId: string, party: string, period?: string) => `${allianceId}:party:${party}${period ? `:${period}` : ''}`;
/** How far back a replayed group looks for postings it may already have made. */
const RECOVERY_WINDOW = 64;

/**
 * The ledger's storage. Decisions live in small streams (one per order, one per checkout and shop for
 * promotion costs); every posting then lands in its party's streams: one for all time (whose head keeps
 * the party's totals: earnings are one `_id` read) and one per settlement period (what a settlement reads,
 * never the whole history). Postings are idempotent by (source event, party, account, stage): a group
 * posted again after a crash finds its postings among the newest and adds nothing.
 */
export class LedgerRepository {
  private readonly orders: Streams;
  private readonly costs: Streams;
  private readonly parties: Streams;
  private readonly orderKeys;
  private readonly periodClaims;
  private readonly periodIndex: Streams;
  private readonly listed = new Set<string>();

  constructor(conn: Connection) {
    this.orders = new Streams(conn.collection('ledger_orders'));
    this.costs = new Streams(conn.collection('ledger_promotion_costs'));
    this.parties = new Streams(conn.collection('ledger_parties'));
    this.orderKeys = conn.collection('ledger_order_keys');
    this.periodClaims = conn.collection('ledger_period_claims');
    this.periodIndex = new Streams(conn.collection('ledger_periods'));
  }

  async order(allianceId: string, orderId: string): Promise<OrderLedgerState | null> {
    return (await this.orders.appendWithRetry<OrderLedgerFact, OrderLedgerState | null>(orderStream(allianceId, orderId), () => null, { projection: orderLedgerProjection })).state;
  }

  /** Decides on the order's stream; returns the group to post (also when a replay finds it decided already). */
  async decideOrder(allianceId: string, orderId: string, eventId: string, decide: (s: OrderLedgerState | null) => OrderLedgerFact | null): Promise<{ group: PostingGroup; at: string; replay: boolean } | null> {
    const r = await this.orders.appendWithRetry<OrderLedgerFact, OrderLedgerState | null>(orderStream(allianceId, orderId), decide, { projection: orderLedgerProjection, maxAttempts: 50 });
    if (r.appended) return { group: r.fact.group, at: r.fact.at, replay: false };
    if (!r.state?.applied.includes(eventId)) return null;
    // Decided before (a redelivery after a crash): find the fact again, so its postings can be completed.
    const facts = await this.orders.readBackward<OrderLedgerFact>(orderStream(allianceId, orderId), { limit: 20 });
    const fact = facts.find((f) => f.data.group.sourceEventId === eventId)?.data;
    return fact ? { group: fact.group, at: fact.at, replay: true } : null;
  }

  async decideCost(allianceId: string, checkoutId: string, shopId: string, decide: (s: PromotionCostState) => PromotionCostFact | null): Promise<PromotionCostFact | null> {
    const r = await this.costs.appendWithRetry<PromotionCostFact, PromotionCostState>(costStream(allianceId, checkoutId, shopId), decide, { projection: promotionCostProjection, maxAttempts: 50 });
    return r.appended ? r.fact : null;
  }

  /** Which order a checkout's shop order is (for promotion costs, which name the checkout and the shop). */
  async rememberOrder(allianceId: string, checkoutId: string, shopId: string, orderId: string): Promise<void> {
    await insertOnce(this.orderKeys, `${allianceId}:${checkoutId}:${shopId}`, { allianceId, orderId });
  }

  async orderOf(allianceId: string, checkoutId: string, shopId: string): Promise<string | null> {
    const doc = (await this.orderKeys.findOne({ _id: `${allianceId}:${checkoutId}:${shopId}` as never })) as { orderId?: string } | null;
    return doc?.orderId ?? null;
  }

  /** Posts a balanced group to its parties' streams; `recovering`: some postings may be there already. */
  async post(allianceId: string, group: PostingGroup, at: string, recovering: boolean): Promise<void> {
    assertBalanced(group);
    const period = periodOf(at);
    for (const p of group.postings) {
      const party = partyKey(p.party);
      const entry: PartyEntry = { key: postingKey(group, p), sourceEventId: group.sourceEventId, orderId: group.orderId, account: p.account, stage: p.stage, amountFen: p.amountFen, at, period };
      const guard = recovering ? { unlessAmongNewest: { limit: RECOVERY_WINDOW, same: (e: PartyEntry) => e.key === entry.key } } : {};
      await this.parties.appendAnywhere<PartyEntry, PartyTotals>(partyStream(allianceId, party), entry, { projection: totalsProjection, ...guard });
      await this.parties.appendAnywhere<PartyEntry, PartyTotals>(partyStream(allianceId, party, period), entry, { projection: totalsProjection, ...guard });
      await this.listInPeriod(allianceId, period, party);
    }
  }

  /**
   * Lists the party in the period's index once (what a settlement pages through, so it reads its period
   * only). The claim decides who lists it; a claim left unlisted by a crash is listed again by the next
   * posting of that party (a duplicate in the index is harmless: readers take each party once).
   */
  private async listInPeriod(allianceId: string, period: string, party: string): Promise<void> {
    const memo = `${allianceId}:${period}:${party}`;
    if (this.listed.has(memo)) return;
    const claim = await insertOnce(this.periodClaims, `${allianceId}:pp:${period}:${party}`, { allianceId, listed: false, at: Date.now() });
    const listed = claim.inserted ? false : !!(claim.existing as { listed?: boolean }).listed;
    if (listed) return this.remember(memo);
    if (!claim.inserted && Date.now() - Number((claim.existing as { at?: number }).at ?? 0) < 30_000) return;
    await this.periodIndex.appendAnywhere<{ party: string }>(`${allianceId}:period:${period}`, { party });
    await this.periodClaims.updateOne({ _id: `${allianceId}:pp:${period}:${party}` as never }, { $set: { listed: true } });
    this.remember(memo);
  }

  /** Parties this process knows are listed: a busy shop's postings skip the claim (bounded, oldest out). */
  private remember(memo: string): void {
    this.listed.add(memo);
    if (this.listed.size > 50_000) this.listed.delete(this.listed.values().next().value!);
  }

  /** The parties with postings in a period (each once). */
  async partiesOf(allianceId: string, period: string): Promise<string[]> {
    const out = new Set<string>();
    for (let from = 1; ; from += 500) {
      const page = await this.periodIndex.readStream<{ party: string }>(`${allianceId}:period:${period}`, { fromVersion: from, limit: 500 });
      for (const f of page) out.add(f.data.party);
      if (page.length < 500) return [...out].sort();
    }
  }

  /** A party's totals in one period (its period stream's head). */
  async periodTotals(allianceId: string, party: string, period: string): Promise<PartyTotals> {
    return (await this.parties.appendWithRetry<PartyEntry, PartyTotals>(partyStream(allianceId, party, period), () => null, { projection: totalsProjection })).state;
  }

  async totals(allianceId: string, party: string): Promise<PartyTotals> {
    return (await this.parties.appendWithRetry<PartyEntry, PartyTotals>(partyStream(allianceId, party), () => null, { projection: totalsProjection })).state;
  }

  async newest(allianceId: string, party: string, limit: number): Promise<PartyEntry[]> {
    return (await this.parties.readBackward<PartyEntry>(partyStream(allianceId, party), { limit })).map((f) => f.data);
  }
}
