import { accrualGroup, confirmationGroup, promotionCostConfirmationGroup, promotionCostGroup, reversalGroup } from '../ledger/posting-groups.js';
import type { PostingGroup, Stage } from '../ledger/ledger.types.js';
import type { SplitPart } from '../ledger/split.rules.js';
import type { CommissionRule } from '../ledger/rules.js';
import { leaderConfirmation, leaderCut, leaderReversedAt, leaderShareAt, leaderTransfer, mergePostings, type LeaderShare } from './leader.rules.js';
import { collectionPostings, planSharing, sharingGroup, sharingReturns, type ProfitSharing, type SharingReturn } from './profit-sharing.rules.js';
import { evolveOutcomes, recordReturns, type SharingOutcomeFact, type SharingOutcomes } from './sharing-outcome.rules.js';
import type { OrderFlow } from '../flows/flow.rules.js';

/**
 * One order's life in the ledger, as a stream: accrued when placed (pending), confirmed when it
 * completes, reversed cumulatively by refunds and a cancellation. Each fact carries the posting group
 * it decided, and is decided on the state it read, so a redelivered event or two events racing never
 * post twice: a refund is reversed from the order's cumulative refunded amount, not the event's.
 */
export interface OrderLedgerState {
  orderId: string;
  checkoutId: string;
  merchantId: string;
  buyer: string;
  netFen: number;
  parts: SplitPart[];
  refundedFen: number;
  stage: Stage;
  /** Source events already applied (a handful per order). */
  applied: string[];
  /** What the leader's share is computed from when she hands the order over. */
  lines: { category: string; netFen: number }[];
  rule: CommissionRule;
  allowSelfPurchase: boolean;
  leader: LeaderShare | null;
  /**
   * How the shopper pays (absent on orders accrued before it was kept): only ONLINE orders are shared.
   * ON_HANDOVER and STORED_VALUE money is held by the shop itself (cash, or its top-ups): a receivable.
   */
  paymentMethod?: 'ONLINE' | 'ON_HANDOVER' | 'STORED_VALUE';
  /** What the shop held when the order was confirmed (absent: confirmed before collections were posted). */
  collectedFen?: number;
  /** The profit-sharing request of a confirmed online order, with what refunds took back of it. */
  sharing?: ProfitSharing | null;
  /** The returns asked for, and what WeChat Pay never made (see sharing-outcome.rules). */
  sharingOutcomes?: SharingOutcomes;
  /** The shop-to-shop flow the order was counted in (absent: none, or accrued before flows were kept). */
  flow?: OrderFlow | null;
}

/** How the alliance collects its part of an order's money (see profit-sharing.rules). */
export interface CollectionPolicy {
  allianceId: string;
  /** The sub-merchant's maximum share of an order, in basis points. */
  maxShareBp: number;
}

/** `more`: further groups decided with the fact (collection, profit sharing), posted after `group`. */
export type OrderLedgerFact = (
  | { type: 'ACCRUED'; state: Omit<OrderLedgerState, 'applied' | 'refundedFen' | 'stage' | 'leader' | 'collectedFen' | 'sharing'>; group: PostingGroup; at: string }
  | { type: 'LEADER'; leader: LeaderShare; group: PostingGroup; at: string }
  | { type: 'CONFIRMED'; group: PostingGroup; at: string; collectedFen?: number; sharing?: ProfitSharing | null }
  | { type: 'REVERSED'; refundedFen: number; leaderReversedFen?: number; group: PostingGroup; at: string; returns?: SharingReturn[]; returnedFen?: Record<string, number>; flowWithdrawn?: OrderFlow }
  | SharingOutcomeFact
) & { more?: PostingGroup[] };

export const orderLedgerProjection = {
  initial: null as OrderLedgerState | null,
  evolve(s: OrderLedgerState | null, f: OrderLedgerFact): OrderLedgerState | null {
    if (f.type === 'ACCRUED') return { ...f.state, refundedFen: 0, stage: 'PENDING', applied: [f.group.sourceEventId], leader: null };
    if (!s) return s;
    const applied = [...s.applied, f.group.sourceEventId];
    if (f.type === 'LEADER') return { ...s, leader: f.leader, applied };
    if (f.type === 'CONFIRMED') return { ...s, stage: 'CONFIRMED', applied, leader: s.leader ? { ...s.leader, confirmed: true } : null, collectedFen: f.collectedFen, sharing: f.sharing ?? null };
    if (f.type === 'SHARING_UNDONE' || f.type === 'RETURN_UNDONE') return { ...s, applied, sharingOutcomes: evolveOutcomes(s.sharingOutcomes, f) };
    const sharing = s.sharing && f.returnedFen ? { ...s.sharing, returnedFen: f.returnedFen } : s.sharing;
    const sharingOutcomes = recordReturns(s.sharingOutcomes, f.returns);
    return { ...s, refundedFen: f.refundedFen, applied, leader: s.leader && f.leaderReversedFen !== undefined ? { ...s.leader, reversedFen: f.leaderReversedFen } : s.leader, sharing, ...(sharingOutcomes ? { sharingOutcomes } : {}) };
  },
};

export function decideAccrual(s: OrderLedgerState | null, init: OrderLedgerFact & { type: 'ACCRUED' }): OrderLedgerFact | null {
  return s ? null : init;
}

/**
 * `order.completed`: the split confirms; in the same decision the shop is found holding what is left of
 * the order (COLLECTION), and an online order's profit sharing is decided once (PROFIT_SHARING), so a
 * redelivery finds it on the stream and asks for the same request again.
 */
export function decideConfirmation(s: OrderLedgerState | null, eventId: string, at: string, policy: CollectionPolicy): OrderLedgerFact | null {
  if (!s || s.stage === 'CONFIRMED' || s.applied.includes(eventId)) return null;
  const group = confirmationGroup(eventId, s.orderId, s.parts, s.refundedFen);
  if (s.leader) group.postings.push(...leaderConfirmation(s.merchantId, s.leader.leader, s.leader.amountFen - s.leader.reversedFen));
  const confirmed = mergePostings(group);
  const collectedFen = s.netFen - s.refundedFen;
  const more: PostingGroup[] = [{ sourceEventId: `${eventId}:collection`, orderId: s.orderId, kind: 'COLLECTION', postings: collectionPostings(s.merchantId, collectedFen) }];
  const sharing =
    s.paymentMethod === 'ONLINE'
      ? planSharing({ allianceId: policy.allianceId, orderId: s.orderId, sellerId: s.merchantId, confirmed: confirmed.postings, baseFen: collectedFen, refundedBeforeFen: s.refundedFen, maxShareBp: policy.maxShareBp })
      : null;
  if (sharing) more.push(sharingGroup(`${eventId}:profit-sharing`, s.orderId, s.merchantId, sharing.receivers, 1));
  return { type: 'CONFIRMED', group: confirmed, at, collectedFen, sharing, more: more.filter((g) => g.postings.length) };
}

/**
 * The group leader who handed the order over at her pickup point: her share is taken from the shop's
 * revenue (not for her own purchase unless the alliance allows it), once.
 */
export function decideLeader(s: OrderLedgerState | null, eventId: string, leader: string, at: string): OrderLedgerFact | null {
  // Orders accrued before leaders were tracked carry no lines or rule to compute her share from.
  if (!s || s.leader || s.applied.includes(eventId) || !s.lines || !s.rule) return null;
  if (leader === s.buyer && !s.allowSelfPurchase) return null;
  const amountFen = leaderShareAt(leaderCut(s.lines, s.rule), s.netFen, s.refundedFen);
  if (amountFen === 0) return null;
  const share: LeaderShare = { leader, amountFen, baseFen: s.netFen - s.refundedFen, refundedAtHandoverFen: s.refundedFen, reversedFen: 0, confirmed: false };
  return { type: 'LEADER', leader: share, group: { sourceEventId: eventId, orderId: s.orderId, kind: 'ACCRUAL', postings: leaderTransfer(s.merchantId, leader, amountFen, s.stage) }, at };
}

/** Toward `refundedSoFarFen` of the order (cumulative): only what was not reversed yet. */
export function decideReversal(s: OrderLedgerState | null, eventId: string, refundedSoFarFen: number, at: string): OrderLedgerFact | null {
  if (!s || s.applied.includes(eventId)) return null;
  const target = Math.min(refundedSoFarFen, s.netFen);
  const now = target - s.refundedFen;
  if (now <= 0) return null;
  const group = reversalGroup(eventId, s.orderId, s.parts, s.netFen, s.refundedFen, now, s.stage);
  const fact: OrderLedgerFact & { type: 'REVERSED' } = { type: 'REVERSED', refundedFen: target, group, at };
  // Reversed in full (cancelled, or refunded to the last fen): the order leaves the flow it was counted in.
  if (target === s.netFen && s.flow) fact.flowWithdrawn = s.flow;
  if (s.leader) {
    // The leader's share goes back in step, from her to the shop.
    fact.leaderReversedFen = leaderReversedAt(s.leader, target);
    group.postings.push(...leaderTransfer(s.merchantId, s.leader.leader, -(fact.leaderReversedFen - s.leader.reversedFen), s.stage));
  }
  // Once confirmed, the shop holds the money: it hands the refund back to the shopper.
  if (s.stage === 'CONFIRMED' && s.collectedFen !== undefined) group.postings.push(...collectionPostings(s.merchantId, -now));
  // A sharing WeChat Pay never made has nothing to give back.
  if (s.sharing && !s.sharingOutcomes?.undone) {
    // The receivers give back their shares in proportion (分账回退), cumulatively.
    const { returns, returnedFen } = sharingReturns(s.sharing, eventId, target);
    fact.returns = returns;
    fact.returnedFen = returnedFen;
    const back = sharingGroup(`${eventId}:profit-sharing-return`, s.orderId, s.merchantId, returns.map((r) => ({ ...r.receiver, amountFen: r.amountFen })), -1);
    if (back.postings.length) fact.more = [back];
  }
  fact.group = mergePostings(group);
  return fact;
}

/**
 * A checkout's promotion cost on one shop's order: posted as it arrives (pending until that order
 * completes, confirmed after), and confirmed with the order. A stream per checkout and shop decides,
 * so a cost arriving while the order completes is posted at one stage only.
 */
export interface PromotionCostState {
  /** funder → fen still pending. */
  pending: Record<string, number>;
  confirmed: boolean;
  applied: string[];
}

export type PromotionCostFact = { type: 'COST'; group: PostingGroup; funder: string; deltaFen: number; stage: Stage; at: string } | { type: 'CONFIRM'; groups: PostingGroup[]; at: string };

export const promotionCostProjection = {
  initial: { pending: {}, confirmed: false, applied: [] } as PromotionCostState,
  evolve(s: PromotionCostState, f: PromotionCostFact): PromotionCostState {
    if (f.type === 'CONFIRM') return { pending: {}, confirmed: true, applied: [...s.applied, ...f.groups.map((g) => g.sourceEventId)] };
    const pending = f.stage === 'PENDING' ? { ...s.pending, [f.funder]: (s.pending[f.funder] ?? 0) + f.deltaFen } : s.pending;
    return { pending, confirmed: s.confirmed, applied: [...s.applied, f.group.sourceEventId] };
  },
};

export function decidePromotionCost(s: PromotionCostState, eventId: string, orderKey: string, shopId: string, funderId: string, kind: 'ALLOCATED' | 'REVERSED', amountFen: number, at: string): PromotionCostFact | null {
  if (s.applied.includes(eventId)) return null;
  const stage: Stage = s.confirmed ? 'CONFIRMED' : 'PENDING';
  return { type: 'COST', group: promotionCostGroup(eventId, orderKey, shopId, funderId, kind, amountFen, stage), funder: funderId, deltaFen: kind === 'ALLOCATED' ? amountFen : -amountFen, stage, at };
}

export function decidePromotionCostConfirmation(s: PromotionCostState, eventId: string, orderKey: string, shopId: string, at: string): PromotionCostFact | null {
  if (s.confirmed) return null;
  const groups = Object.entries(s.pending)
    .filter(([funder, fen]) => fen > 0 && funder !== shopId)
    .map(([funder, fen]) => promotionCostConfirmationGroup(`${eventId}:${funder}`, orderKey, shopId, funder, fen));
  return { type: 'CONFIRM', groups, at };
}

export { accrualGroup };
