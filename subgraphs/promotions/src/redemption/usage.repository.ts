import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import type { FundingShare } from '../pricing/pricing.types.js';
import type { PromotionLimits, PromotionState } from '../promotion/promotion.rules.js';
import {
  decideReversal,
  memberUseProjection,
  firstShard,
  reserveRefusal,
  shardCount,
  shardLimits,
  sumUsage,
  reversalByFunder,
  reversalProjection,
  usageProjection,
  type FunderCost,
  type MemberUseFact,
  type ReversalFact,
  type ReversalState,
  type ShopCost,
  type UsageFact,
  type UsageState,
} from './usage.rules.js';

/** Shard 0 is the promotion's own stream; shards 1… sit beside it. */
const usageStream = (allianceId: string, promotionId: string, shard = 0) => `${allianceId}:use:${promotionId}${shard ? `:s${shard}` : ''}`;
const reversalStream = (allianceId: string, checkoutId: string, promotionId: string) => `${allianceId}:rev:${checkoutId}:${promotionId}`;
const memberStream = (allianceId: string, promotionId: string, memberId: string) => `${allianceId}:use:${promotionId}:m:${memberId}`;
/** How far back a resumed reservation looks for a redemption it may already have appended. */
const RESUME_WINDOW = 200;

export interface UsageTerms {
  id: string;
  limits: PromotionLimits;
  funding: readonly FundingShare[];
  /** A presale counts units, on one stream. */
  presale?: boolean;
}

export const usageTerms = (p: PromotionState): UsageTerms => ({ id: p.id, limits: p.limits, funding: p.terms.funding, presale: p.terms.kind === 'PRESALE' });

const shardsOf = (t: UsageTerms) => shardCount(t.limits, t.funding, !!t.presale);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The usage streams (one per promotion, one per promotion and member: what limits are checked
 * against) and the reversal streams (one per checkout and promotion: what of its redemption was given
 * back, so no cause gives back twice).
 */
export class UsageRepository {
  private readonly streams: Streams;
  private readonly docs;

  constructor(conn: Connection) {
    this.docs = conn.collection('promotion_usage');
    this.streams = new Streams(this.docs);
  }

  /** The usage (one `_id` read of the head; its snapshot is written with every redemption). */
  async usage(allianceId: string, t: UsageTerms): Promise<UsageState> {
    const parts = await Promise.all(range(shardsOf(t)).map(async (shard) => (await this.streams.appendWithRetry<UsageFact, UsageState>(usageStream(allianceId, t.id, shard), () => null, { projection: usageProjection })).state));
    return sumUsage(parts);
  }

  /**
   * The usage as the head's snapshot has it: one `_id` read, what a quote prices with. It can lag a
   * fact a crash left unfolded; the reservation decides on the exact state.
   */
  async usageHint(allianceId: string, t: UsageTerms): Promise<UsageState> {
    const heads = await Promise.all(range(shardsOf(t)).map((shard) => this.docs.findOne({ _id: usageStream(allianceId, t.id, shard) as never }) as Promise<{ snapshot?: { state: UsageState } } | null>));
    return sumUsage(heads.map((h) => h?.snapshot?.state ?? usageProjection.initial));
  }

  async memberCount(allianceId: string, promotionId: string, memberId: string): Promise<number> {
    const r = await this.streams.appendWithRetry<MemberUseFact, number>(memberStream(allianceId, promotionId, memberId), () => null, { projection: memberUseProjection });
    return r.state;
  }

  /**
   * Reserves one redemption for a checkout: the member's count first (if the promotion limits it),
   * then the promotion's usage, each decided on the state it is appended at. Returns why it was
   * refused, or null. `resume`: an earlier attempt for this checkout may have got part of the way.
   */
  async reserve(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, amountFen: number, funders: FunderCost[], at: string, resume: boolean, units: number | null = null): Promise<{ refusal: string | null; shard: number }> {
    const perMember = t.limits.perMemberLimit != null && memberId !== null;
    if (perMember) {
      const stream = memberStream(allianceId, t.id, memberId);
      const done = resume && (await this.streams.readBackward<MemberUseFact>(stream, { limit: RESUME_WINDOW })).some((f) => f.data.checkoutId === checkoutId && f.data.delta === 1);
      if (!done) {
        const r = await this.streams.appendWithRetry<MemberUseFact, number>(stream, (count) => (count >= t.limits.perMemberLimit! ? null : { checkoutId, delta: 1 }), { projection: memberUseProjection, maxAttempts: 50 });
        if (!r.appended) return { refusal: 'PER_MEMBER_LIMIT', shard: 0 };
      }
    }
    const shards = shardsOf(t);
    if (resume) {
      const found = await this.reservedShard(allianceId, t, checkoutId);
      if (found !== null) return { refusal: null, shard: found };
    }
    const fact: UsageFact = { type: 'RESERVED', checkoutId, memberId, amountFen, funders, at, ...(units !== null ? { units } : {}) };
    // Nothing to decide without a limit, a budget or a cap: the redemption takes the next free slot
    // (no re-reading and backing off behind other checkouts of the same promotion).
    if (t.limits.totalLimit == null && t.limits.budgetFen == null && !t.funding.some((f) => f.capFen != null)) {
      await this.streams.appendAnywhere<UsageFact, UsageState>(usageStream(allianceId, t.id), fact, { projection: usageProjection });
      return { refusal: null, shard: 0 };
    }
    let refusal: string | null = null;
    const start = firstShard(checkoutId, shards);
    for (let k = 0; k < shards; k++) {
      const shard = (start + k) % shards;
      const limits = shardLimits(t.limits, shards, shard);
      const r = await this.streams.appendWithRetry<UsageFact, UsageState>(
        usageStream(allianceId, t.id, shard),
        (state) => {
          refusal = reserveRefusal(limits, t.funding, state, { amountFen, funders }, units);
          return refusal ? null : fact;
        },
        { projection: usageProjection, maxAttempts: 200 },
      );
      if (r.appended) return { refusal: null, shard };
      // This shard's quota is used up: another may still have room. Anything else is final.
      if (refusal !== 'TOTAL_LIMIT') break;
    }
    if (perMember) await this.streams.appendAnywhere<MemberUseFact>(memberStream(allianceId, t.id, memberId), { checkoutId, delta: -1 });
    return { refusal: refusal ?? 'REFUSED', shard: 0 };
  }

  /** The shard holding this checkout's redemption among its newest facts, if any (a resumed or cut-off reservation). */
  private async reservedShard(allianceId: string, t: UsageTerms, checkoutId: string): Promise<number | null> {
    for (const shard of range(shardsOf(t))) {
      const facts = await this.streams.readBackward<UsageFact>(usageStream(allianceId, t.id, shard), { limit: RESUME_WINDOW });
      if (facts.some((f) => f.data.type === 'RESERVED' && f.data.checkoutId === checkoutId)) return shard;
    }
    return null;
  }

  /** Whether this checkout's redemption is among the promotion's newest (recovery of a cut-off reservation). */
  async hasReservation(allianceId: string, t: UsageTerms, checkoutId: string): Promise<boolean> {
    return (await this.reservedShard(allianceId, t, checkoutId)) !== null;
  }

  /**
   * Gives back part or all of a checkout's redemption, toward cumulative `targets` (shop → funder →
   * fen). The decision is an append to the checkout's reversal stream (so concurrent or replayed causes
   * never give back twice); the usage stream then records it. A crash between the two is repaired by
   * the next reversal of the same checkout, which first records any reversal the usage stream lacks.
   */
  async reverse(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, byShop: readonly ShopCost[], targets: Record<string, Record<string, number>>, cause: string, at: string, units = 0, shard = 0): Promise<{ version: number; fact: ReversalFact }[]> {
    const revStream = reversalStream(allianceId, checkoutId, t.id);
    const recovered = await this.recordMissing(allianceId, t, checkoutId, memberId, revStream, units, shard);
    const r = await this.streams.appendWithRetry<ReversalFact, ReversalState>(revStream, (state) => decideReversal(state, byShop, targets, cause, at), { projection: reversalProjection, maxAttempts: 50 });
    if (!r.appended) return recovered;
    await this.record(allianceId, t, checkoutId, memberId, r.fact, r.version, false, units, shard);
    return [...recovered, { version: r.version, fact: r.fact }];
  }

  /** The newest reversal again, recorded unless it already is: its events are republished too (same ids). */
  private async recordMissing(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, revStream: string, units: number, shard: number): Promise<{ version: number; fact: ReversalFact }[]> {
    const last = (await this.streams.readBackward<ReversalFact>(revStream, { limit: 1 }))[0];
    if (!last) return [];
    await this.record(allianceId, t, checkoutId, memberId, last.data, last.version, true, units, shard);
    return [{ version: last.version, fact: last.data }];
  }

  /** `units`: a presale's units this checkout took, given back with the whole redemption. */
  private async record(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, fact: ReversalFact, revVersion: number, recovering: boolean, units: number, shard: number): Promise<void> {
    const usage: UsageFact = {
      type: 'REVERSED',
      checkoutId,
      revVersion,
      amountFen: fact.cells.reduce((s, c) => s + c.fen, 0),
      funders: reversalByFunder(fact),
      redemptionDelta: fact.returnsRedemption ? -1 : 0,
      ...(fact.returnsRedemption && units > 0 ? { unitsDelta: -units } : {}),
      at: fact.at,
    };
    const same = (f: UsageFact) => f.type === 'REVERSED' && f.checkoutId === checkoutId && f.revVersion === revVersion;
    // On the shard that holds the redemption: giving it back frees that shard's quota.
    await this.streams.appendAnywhere<UsageFact, UsageState>(usageStream(allianceId, t.id, shard), usage, { projection: usageProjection, ...(recovering ? { unlessAmongNewest: { limit: RESUME_WINDOW, same } } : {}) });
    if (fact.returnsRedemption && t.limits.perMemberLimit != null && memberId !== null) {
      const sameMember = (f: MemberUseFact) => f.delta === -1 && f.checkoutId === checkoutId;
      await this.streams.appendAnywhere<MemberUseFact, number>(memberStream(allianceId, t.id, memberId), { checkoutId, delta: -1 }, { projection: memberUseProjection, ...(recovering ? { unlessAmongNewest: { limit: RESUME_WINDOW, same: sameMember } } : {}) });
    }
  }

}
