import { accrualGroup, confirmationGroup, promotionCostConfirmationGroup, promotionCostGroup, reversalGroup } from '../ledger/posting-groups.js';
import type { PostingGroup, Stage } from '../ledger/ledger.types.js';
import type { SplitPart } from '../ledger/split.rules.js';

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
}

export type OrderLedgerFact =
  | { type: 'ACCRUED'; state: Omit<OrderLedgerState, 'applied' | 'refundedFen' | 'stage'>; group: PostingGroup; at: string }
  | { type: 'CONFIRMED'; group: PostingGroup; at: string }
  | { type: 'REVERSED'; refundedFen: number; group: PostingGroup; at: string };

export const orderLedgerProjection = {
  initial: null as OrderLedgerState | null,
  evolve(s: OrderLedgerState | null, f: OrderLedgerFact): OrderLedgerState | null {
    if (f.type === 'ACCRUED') return { ...f.state, refundedFen: 0, stage: 'PENDING', applied: [f.group.sourceEventId] };
    if (!s) return s;
    const applied = [...s.applied, f.group.sourceEventId];
    if (f.type === 'CONFIRMED') return { ...s, stage: 'CONFIRMED', applied };
    return { ...s, refundedFen: f.refundedFen, applied };
  },
};

export function decideAccrual(s: OrderLedgerState | null, init: OrderLedgerFact & { type: 'ACCRUED' }): OrderLedgerFact | null {
  return s ? null : init;
}

export function decideConfirmation(s: OrderLedgerState | null, eventId: string, at: string): OrderLedgerFact | null {
  if (!s || s.stage === 'CONFIRMED' || s.applied.includes(eventId)) return null;
  return { type: 'CONFIRMED', group: confirmationGroup(eventId, s.orderId, s.parts, s.refundedFen), at };
}

/** Toward `refundedSoFarFen` of the order (cumulative): only what was not reversed yet. */
export function decideReversal(s: OrderLedgerState | null, eventId: string, refundedSoFarFen: number, at: string): OrderLedgerFact | null {
  if (!s || s.applied.includes(eventId)) return null;
  const target = Math.min(refundedSoFarFen, s.netFen);
  const now = target - s.refundedFen;
  if (now <= 0) return null;
  return { type: 'REVERSED', refundedFen: target, group: reversalGroup(eventId, s.orderId, s.parts, s.netFen, s.refundedFen, now, s.stage), at };
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
