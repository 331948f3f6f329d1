import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import type { FundingShare } from '../pricing/pricing.types.js';
import type { PromotionLimits } from '../promotion/promotion.rules.js';
import {
  decideReversal,
  memberUseProjection,
  reserveRefusal,
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

const usageStream = (allianceId: string, promotionId: string) => `${allianceId}:use:${promotionId}`;
const reversalStream = (allianceId: string, checkoutId: string, promotionId: string) => `${allianceId}:rev:${checkoutId}:${promotionId}`;
const memberStream = (allianceId: string, promotionId: string, memberId: string) => `${allianceId}:use:${promotionId}:m:${memberId}`;
/** How far back a resumed reservation looks for a redemption it may already have appended. */
const RESUME_WINDOW = 200;

export interface UsageTerms {
  id: string;
  limits: PromotionLimits;
  funding: readonly FundingShare[];
}

/**
 * The usage streams (one per promotion, one per promotion and member: what limits are checked
 * against) and the reversal streams (one per checkout and promotion: what of its redemption was given
 * back, so no cause gives back twice).
 */
export class UsageRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    const docs = conn.collection('promotion_usage');
    this.streams = new Streams(docs);
  }

  /** The usage (one `_id` read of the head; its snapshot is written with every redemption). */
  async usage(allianceId: string, promotionId: string): Promise<UsageState> {
    const r = await this.streams.appendWithRetry<UsageFact, UsageState>(usageStream(allianceId, promotionId), () => null, { projection: usageProjection });
    return r.state;
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
  async reserve(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, amountFen: number, funders: FunderCost[], at: string, resume: boolean): Promise<string | null> {
    const perMember = t.limits.perMemberLimit != null && memberId !== null;
    if (perMember) {
      const stream = memberStream(allianceId, t.id, memberId);
      const done = resume && (await this.streams.readBackward<MemberUseFact>(stream, { limit: RESUME_WINDOW })).some((f) => f.data.checkoutId === checkoutId && f.data.delta === 1);
      if (!done) {
        const r = await this.streams.appendWithRetry<MemberUseFact, number>(stream, (count) => (count >= t.limits.perMemberLimit! ? null : { checkoutId, delta: 1 }), { projection: memberUseProjection, maxAttempts: 50 });
        if (!r.appended) return 'PER_MEMBER_LIMIT';
      }
    }
    const stream = usageStream(allianceId, t.id);
    if (resume && (await this.streams.readBackward<UsageFact>(stream, { limit: RESUME_WINDOW })).some((f) => f.data.type === 'RESERVED' && f.data.checkoutId === checkoutId)) return null;
    let refusal: string | null = null;
    const r = await this.streams.appendWithRetry<UsageFact, UsageState>(
      stream,
      (state) => {
        refusal = reserveRefusal(t.limits, t.funding, state, { amountFen, funders });
        return refusal ? null : { type: 'RESERVED', checkoutId, memberId, amountFen, funders, at };
      },
      { projection: usageProjection, maxAttempts: 200 },
    );
    if (!r.appended) {
      if (perMember) await this.streams.appendAnywhere<MemberUseFact>(memberStream(allianceId, t.id, memberId), { checkoutId, delta: -1 });
      return refusal ?? 'REFUSED';
    }
    return null;
  }

  /** Whether this checkout's redemption is among the promotion's newest (recovery of a cut-off reservation). */
  async hasReservation(allianceId: string, promotionId: string, checkoutId: string): Promise<boolean> {
    const facts = await this.streams.readBackward<UsageFact>(usageStream(allianceId, promotionId), { limit: RESUME_WINDOW });
    return facts.some((f) => f.data.type === 'RESERVED' && f.data.checkoutId === checkoutId);
  }

  /**
   * Gives back part or all of a checkout's redemption, toward cumulative `targets` (shop → funder →
   * fen). The decision is an append to the checkout's reversal stream (so concurrent or replayed causes
   * never give back twice); the usage stream then records it. A crash between the two is repaired by
   * the next reversal of the same checkout, which first records any reversal the usage stream lacks.
   */
  async reverse(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, byShop: readonly ShopCost[], targets: Record<string, Record<string, number>>, cause: string, at: string): Promise<{ version: number; fact: ReversalFact }[]> {
    const revStream = reversalStream(allianceId, checkoutId, t.id);
    const recovered = await this.recordMissing(allianceId, t, checkoutId, memberId, revStream);
    const r = await this.streams.appendWithRetry<ReversalFact, ReversalState>(revStream, (state) => decideReversal(state, byShop, targets, cause, at), { projection: reversalProjection, maxAttempts: 50 });
    if (!r.appended) return recovered;
    await this.record(allianceId, t, checkoutId, memberId, r.fact, r.version, false);
    return [...recovered, { version: r.version, fact: r.fact }];
  }

  /** The newest reversal again, recorded unless it already is: its events are republished too (same ids). */
  private async recordMissing(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, revStream: string): Promise<{ version: number; fact: ReversalFact }[]> {
    const last = (await this.streams.readBackward<ReversalFact>(revStream, { limit: 1 }))[0];
    if (!last) return [];
    await this.record(allianceId, t, checkoutId, memberId, last.data, last.version, true);
    return [{ version: last.version, fact: last.data }];
  }

  private async record(allianceId: string, t: UsageTerms, checkoutId: string, memberId: string | null, fact: ReversalFact, revVersion: number, recovering: boolean): Promise<void> {
    const usage: UsageFact = {
      type: 'REVERSED',
      checkoutId,
      revVersion,
      amountFen: fact.cells.reduce((s, c) => s + c.fen, 0),
      funders: reversalByFunder(fact),
      redemptionDelta: fact.returnsRedemption ? -1 : 0,
      at: fact.at,
    };
    const same = (f: UsageFact) => f.type === 'REVERSED' && f.checkoutId === checkoutId && f.revVersion === revVersion;
    await this.streams.appendAnywhere<UsageFact, UsageState>(usageStream(allianceId, t.id), usage, { projection: usageProjection, ...(recovering ? { unlessAmongNewest: { limit: RESUME_WINDOW, same } } : {}) });
    if (fact.returnsRedemption && t.limits.perMemberLimit != null && memberId !== null) {
      const sameMember = (f: MemberUseFact) => f.delta === -1 && f.checkoutId === checkoutId;
      await this.streams.appendAnywhere<MemberUseFact, number>(memberStream(allianceId, t.id, memberId), { checkoutId, delta: -1 }, { projection: memberUseProjection, ...(recovering ? { unlessAmongNewest: { limit: RESUME_WINDOW, same: sameMember } } : {}) });
    }
  }

}
