import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mongoose';
import { insertOnce, Streams } from '@alliance/store';
import { assertBalanced } from '../ledger/balances.js';
import { partyKey, postingKey, type AccountKind, type PostingGroup, type Stage } from '../ledger/ledger.types.js';
import { orderLedgerProjection, promotionCostProjection, type OrderLedgerFact, type OrderLedgerState, type PromotionCostFact, type PromotionCostState } from './order-ledger.rules.js';
import { openPeriodFor, periodOf } from './period.rules.js';
import { referralPaidBy } from '../ledger/referral.rules.js';
import { flowProjection, type FlowEntry, type FlowMatrix } from '../flows/flow.rules.js';

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
export const totalsProjection = {
  initial: { PENDING: {}, CONFIRMED: {} } as PartyTotals,
  evolve(t: PartyTotals, e: PartyEntry): PartyTotals {
    const stage = { ...t[e.stage], [e.account]: (t[e.stage][e.account] ?? 0) + e.amountFen };
    return { ...t, [e.stage]: stage };
  },
};

const orderStream = (allianceId: string, orderId: string) => `${allianceId}:lo:${orderId}`;
const costStream = (allianceId: string, checkoutId: string, shopId: string) => `${allianceId}:pc:${checkoutId}:${shopId}`;
export const partyStream = (allianceId: string, party: string, period?: string) => `${allianceId}:party:${party}${period ? `:${period}` : ''}`;
/** A posting claim this old and unfinished was left by a writer that died: another call takes over. */
const CLAIM_TAKEOVER_MS = 60_000;
/** How long a call waits for another call writing the same posting. */
const CLAIM_WAIT_MS = 5_000;
/** A takeover looks this far back for what the dead writer did append. */
const TAKEOVER_WINDOW = 2_000;

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
  private readonly postingClaims;
  private readonly periodIndex: Streams;
  /** Referral fees each selling shop's orders paid to other shops: a memo beside the ledger, not postings. */
  private readonly referralsPaid: Streams;
  private readonly listed = new Set<string>();
  private readonly flows: Streams;

  /**
   * `lastSettled`: the alliance's last settled period, if any. A posting whose event falls in a period
   * already settled (an event that arrived late: a consumer down over the cut-off, a redelivery) is
   * booked in the first open period instead, as a late entry, so no settlement ever misses it.
   */
  constructor(
    conn: Connection,
    private readonly lastSettled: (allianceId: string) => Promise<string | null> = async () => null,
  ) {
    this.orders = new Streams(conn.collection('ledger_orders'));
    this.costs = new Streams(conn.collection('ledger_promotion_costs'));
    this.parties = new Streams(conn.collection('ledger_parties'));
    this.orderKeys = conn.collection('ledger_order_keys');
    this.periodClaims = conn.collection('ledger_period_claims');
    this.postingClaims = conn.collection('ledger_posting_claims');
    this.periodIndex = new Streams(conn.collection('ledger_periods'));
    this.referralsPaid = new Streams(conn.collection('ledger_referrals_paid'));
    this.flows = new Streams(conn.collection('ledger_flows'));
  }

  async order(allianceId: string, orderId: string): Promise<OrderLedgerState | null> {
    return (await this.orders.appendWithRetry<OrderLedgerFact, OrderLedgerState | null>(orderStream(allianceId, orderId), () => null, { projection: orderLedgerProjection })).state;
  }

  /**
   * Decides on the order's stream; returns the group to post and the fact (what to publish), also when a
   * replay finds it decided already.
   */
  async decideOrder(allianceId: string, orderId: string, eventId: string, decide: (s: OrderLedgerState | null) => OrderLedgerFact | null): Promise<{ group: PostingGroup; fact: OrderLedgerFact; at: string; replay: boolean } | null> {
    const r = await this.orders.appendWithRetry<OrderLedgerFact, OrderLedgerState | null>(orderStream(allianceId, orderId), decide, { projection: orderLedgerProjection, maxAttempts: 50 });
    if (r.appended) return { group: r.fact.group, fact: r.fact, at: r.fact.at, replay: false };
    if (!r.state?.applied.includes(eventId)) return null;
    // Decided before (a redelivery after a crash): find the fact again, so its postings can be completed.
    const facts = await this.orders.readBackward<OrderLedgerFact>(orderStream(allianceId, orderId), { limit: 20 });
    const fact = facts.find((f) => f.data.group.sourceEventId === eventId)?.data;
    return fact ? { group: fact.group, fact, at: fact.at, replay: true } : null;
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

  /** The period a posting of `at` is booked in: its own, or the first open one when that is settled already. */
  async bookingPeriod(allianceId: string, at: string): Promise<string> {
    return openPeriodFor(periodOf(at), await this.lastSettled(allianceId));
  }

  /**
   * Posts a balanced group to its parties' streams, each posting exactly once by its key (source
   * event, party, account, stage), whatever the redeliveries, double submits or crashes: a claim
   * decides which call writes it. The claim keeps the period it was booked in (a replay books where
   * the first attempt did, even if that period was settled since) and is marked done once written.
   * `_recovering` is kept for callers; the claims make every call safe to repeat.
   */
  async post(allianceId: string, group: PostingGroup, at: string, _recovering = false): Promise<void> {
    assertBalanced(group);
    const period = await this.bookingPeriod(allianceId, at);
    // Parties are independent (their own streams and claims): written side by side; one party's
    // postings in order, so its stream heads keep up instead of racing each other.
    const byParty = new Map<string, typeof group.postings>();
    for (const p of group.postings) byParty.set(partyKey(p.party), [...(byParty.get(partyKey(p.party)) ?? []), p]);
    await Promise.all(
      [...byParty].map(async ([party, postings]) => {
        for (const p of postings) {
          const key = postingKey(group, p);
          await this.once(allianceId, key, period, async (booked, takeover) => {
            const guard = takeoverGuard(takeover, (e: PartyEntry) => e.key === key);
            const entry: PartyEntry = { key, sourceEventId: group.sourceEventId, orderId: group.orderId, account: p.account, stage: p.stage, amountFen: p.amountFen, at, period: booked };
            await this.parties.appendAnywhere<PartyEntry, PartyTotals>(partyStream(allianceId, party), entry, { projection: totalsProjection, ...guard });
            await this.parties.appendAnywhere<PartyEntry, PartyTotals>(partyStream(allianceId, party, booked), entry, { projection: totalsProjection, ...guard });
            await this.listInPeriod(allianceId, booked, party);
          });
        }
      }),
    );
    await this.notePaidReferrals(allianceId, group, at, period);
  }

  /**
   * Runs `write` for `key` once. The call that inserts the claim writes; a later call finds it done
   * and skips; one that finds it unfinished waits for the writer, and takes over only once the claim
   * is old enough that its writer has died (then with a guard against what it did write: the stream
   * may have moved on since, so the guard looks far back). A young unfinished claim after the wait
   * is an error: the event is redelivered, the form can be sent again.
   */
  private async once(allianceId: string, key: string, period: string, write: (booked: string, takeover: boolean) => Promise<void>): Promise<void> {
    const id = `${allianceId}:pk:${createHash('sha256').update(key).digest('base64url')}`;
    const claim = await insertOnce(this.postingClaims, id, { key, period, claimedAt: Date.now(), done: false });
    let booked = period;
    let takeover = false;
    if (!claim.inserted) {
      let existing = claim.existing as { period: string; claimedAt: number; done: boolean };
      for (let waited = 0; !existing.done && Date.now() - existing.claimedAt < CLAIM_TAKEOVER_MS && waited < CLAIM_WAIT_MS; waited += 100) {
        await sleep(100);
        existing = ((await this.postingClaims.findOne({ _id: id as never })) as typeof existing | null) ?? existing;
      }
      if (existing.done) return;
      if (Date.now() - existing.claimedAt < CLAIM_TAKEOVER_MS) throw new Error(`posting ${key} is being written by another call; try again`);
      booked = existing.period;
      takeover = true;
    }
    await write(booked, takeover);
    await this.postingClaims.updateOne({ _id: id as never }, { $set: { done: true } });
  }

  /**
   * The selling shop's side of the referral fees in a group, kept in its own streams (all time and per
   * period) whose heads hold the totals. Only groups with a REFERRAL_FEE cost the read of the order.
   */
  private async notePaidReferrals(allianceId: string, group: PostingGroup, at: string, period: string): Promise<void> {
    if (!group.postings.some((p) => p.account === 'REFERRAL_FEE')) return;
    const seller = (await this.order(allianceId, group.orderId))?.merchantId;
    if (!seller) return;
    for (const paid of referralPaidBy(group, seller)) {
      const key = JSON.stringify([group.sourceEventId, 'REFERRAL_PAID', paid.stage]);
      await this.once(allianceId, key, period, async (booked, takeover) => {
        const guard = takeoverGuard(takeover, (e: PartyEntry) => e.key === key);
        const entry: PartyEntry = { key, sourceEventId: group.sourceEventId, orderId: group.orderId, account: 'REFERRAL_FEE', stage: paid.stage, amountFen: paid.amountFen, at, period: booked };
        for (const stream of [partyStream(allianceId, `SHOP:${seller}`), partyStream(allianceId, `SHOP:${seller}`, booked)]) {
          await this.referralsPaid.appendAnywhere<PartyEntry, PartyTotals>(stream, entry, { projection: totalsProjection, ...guard });
        }
      });
    }
  }

  /** What the shop's orders paid in referral fees to other shops (all time, or in one period). */
  async referralsPaidBy(allianceId: string, shopId: string, period?: string): Promise<PartyTotals> {
    return (await this.referralsPaid.appendWithRetry<PartyEntry, PartyTotals>(partyStream(allianceId, `SHOP:${shopId}`, period), () => null, { projection: totalsProjection })).state;
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

  /** Counts an order in its week's shop-to-shop flow, or takes it out (`withdrawn`), each once (a replay adds nothing). */
  async addFlow(allianceId: string, period: string, entry: FlowEntry): Promise<void> {
    const withdrawn = !!entry.withdrawn;
    await this.once(allianceId, JSON.stringify(withdrawn ? ['FLOW_WITHDRAWN', entry.orderId] : ['FLOW', entry.orderId]), period, async (_booked, takeover) => {
      await this.flows.appendAnywhere<FlowEntry, FlowMatrix>(`${allianceId}:flow:${period}`, entry, { projection: flowProjection, ...takeoverGuard(takeover, (e: FlowEntry) => e.orderId === entry.orderId && !!e.withdrawn === withdrawn) });
    });
  }

  async flowMatrix(allianceId: string, period: string): Promise<FlowMatrix> {
    return (await this.flows.appendWithRetry<FlowEntry, FlowMatrix>(`${allianceId}:flow:${period}`, () => null, { projection: flowProjection })).state;
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

/** After a dead writer: skip the append when it is among what that writer may have appended. */
function takeoverGuard<F>(takeover: boolean, same: (fact: F) => boolean): { unlessAmongNewest?: { limit: number; same: (fact: F) => boolean } } {
  return takeover ? { unlessAmongNewest: { limit: TAKEOVER_WINDOW, same } } : {};
}
