import { refundedSoFar, refundParts } from '@alliance/money';
import { CLEARING, partyKey, type Posting, type PostingGroup, type Stage } from './ledger.types.js';
import type { SplitPart } from './split.rules.js';

/**
 * The posting groups an order's life writes: accrual when it is placed or paid, confirmation when it
 * completes, cumulative reversals on refunds, and promotion cost between shops. Each group balances to
 * zero against the clearing account (what shoppers paid) or between the two shops; zero postings are
 * left out, so a group may be empty (nothing to write).
 */

/** `order.placed` / `order.paid`: what shoppers paid is owed, pending, to the parts of the split. */
export function accrualGroup(sourceEventId: string, orderId: string, parts: readonly SplitPart[]): PostingGroup {
  const net = checkParts(parts);
  const postings: Posting[] = [];
  push(postings, { party: CLEARING, account: 'PAYMENT', stage: 'PENDING', amountFen: -net });
  for (const p of parts) push(postings, { party: p.party, account: p.account, stage: 'PENDING', amountFen: p.amountFen });
  return { sourceEventId, orderId, kind: 'ACCRUAL', postings };
}

/**
 * `order.completed`: each part's pending accrual moves to confirmed (clearing likewise). When part of
 * the order was refunded before completion (`refundedBeforeFen`, reversed at PENDING), only what is left
 * of each part moves, so pending nets to exactly 0 and later refunds reverse at CONFIRMED.
 */
export function confirmationGroup(sourceEventId: string, orderId: string, parts: readonly SplitPart[], refundedBeforeFen = 0): PostingGroup {
  const net = checkParts(parts);
  const refunded = net === 0 ? parts.map(() => 0) : refundedSoFar(net, parts.map((p) => p.amountFen), refundedBeforeFen);
  if (net === 0 && refundedBeforeFen !== 0) throw new RangeError(`order ${orderId}: nothing was paid, so nothing was refunded`);
  const postings: Posting[] = [];
  const left = net - refundedBeforeFen;
  push(postings, { party: CLEARING, account: 'PAYMENT', stage: 'PENDING', amountFen: left });
  push(postings, { party: CLEARING, account: 'PAYMENT', stage: 'CONFIRMED', amountFen: -left });
  parts.forEach((p, i) => {
    const amount = p.amountFen - refunded[i]!;
    push(postings, { party: p.party, account: p.account, stage: 'PENDING', amountFen: -amount });
    push(postings, { party: p.party, account: p.account, stage: 'CONFIRMED', amountFen: amount });
  });
  return { sourceEventId, orderId, kind: 'CONFIRMATION', postings };
}

/**
 * `order.refunded`: reverses `refundNowFen` of the order's net, cumulatively (refundParts with the
 * parts' amounts as weights), at `stage` (PENDING before completion, CONFIRMED after). Every amount has
 * the opposite sign of its accrual, no part is ever reversed past what it got, and any sequence of
 * partial refunds ending at the full amount nets every party and the clearing account to exactly 0.
 */
export function reversalGroup(
  sourceEventId: string,
  orderId: string,
  parts: readonly SplitPart[],
  orderNetFen: number,
  refundedBeforeFen: number,
  refundNowFen: number,
  stage: Stage,
): PostingGroup {
  const net = checkParts(parts);
  if (net !== orderNetFen) throw new RangeError(`order ${orderId}: the parts sum to ${net}, not the order's net ${orderNetFen}`);
  const postings: Posting[] = [];
  if (net === 0) {
    if (refundedBeforeFen !== 0 || refundNowFen !== 0) throw new RangeError(`order ${orderId}: nothing was paid, so nothing can be refunded`);
    return { sourceEventId, orderId, kind: 'REVERSAL', postings };
  }
  const back = refundParts(orderNetFen, parts.map((p) => p.amountFen), refundedBeforeFen, refundNowFen);
  push(postings, { party: CLEARING, account: 'PAYMENT', stage, amountFen: refundNowFen });
  parts.forEach((p, i) => push(postings, { party: p.party, account: p.account, stage, amountFen: -back[i]! }));
  return { sourceEventId, orderId, kind: 'REVERSAL', postings };
}

/**
 * `promotion.cost_allocated` / its reversal: a funding shop's share of a promotion on another shop's
 * order is owed by the funder to the selling shop (whose REVENUE was cut by the discount). A shop
 * funding its own order owes nobody: the group is empty. One group holds one funder, so a caller with
 * several funders per event must give each its own sourceEventId (e.g. `${eventId}:${funderId}`).
 */
export function promotionCostGroup(
  sourceEventId: string,
  orderId: string,
  shopId: string,
  funderId: string,
  kind: 'ALLOCATED' | 'REVERSED',
  amountFen: number,
  stage: Stage,
): PostingGroup {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError(`order ${orderId}: a promotion cost is non-negative integer fen, got ${amountFen}`);
  const postings: Posting[] = [];
  if (funderId !== shopId) {
    const sign = kind === 'ALLOCATED' ? 1 : -1;
    push(postings, { party: { kind: 'SHOP', id: shopId }, account: 'REVENUE', stage, amountFen: sign * amountFen });
    push(postings, { party: { kind: 'SHOP', id: funderId }, account: 'PROMOTION_COST', stage, amountFen: -sign * amountFen });
  }
  return { sourceEventId, orderId, kind: 'PROMOTION_COST', postings };
}

/**
 * (Addition) Moves a promotion cost posted PENDING to CONFIRMED when the order completes, like
 * confirmationGroup does for the split; `amountFen` is what is left of the cost after any reversal.
 */
export function promotionCostConfirmationGroup(sourceEventId: string, orderId: string, shopId: string, funderId: string, amountFen: number): PostingGroup {
  const pending = promotionCostGroup(sourceEventId, orderId, shopId, funderId, 'REVERSED', amountFen, 'PENDING');
  const confirmed = promotionCostGroup(sourceEventId, orderId, shopId, funderId, 'ALLOCATED', amountFen, 'CONFIRMED');
  return { sourceEventId, orderId, kind: 'PROMOTION_COST', postings: [...pending.postings, ...confirmed.postings] };
}

function push(postings: Posting[], p: Posting): void {
  if (p.amountFen !== 0) postings.push({ ...p, amountFen: p.amountFen + 0 });
}

/** Parts must be non-negative integer fen, one per (party, account); returns their sum (the order's net). */
function checkParts(parts: readonly SplitPart[]): number {
  const seen = new Set<string>();
  let net = 0;
  for (const p of parts) {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen < 0) throw new RangeError(`a split part is non-negative integer fen, got ${p.amountFen}`);
    const k = `${partyKey(p.party)}/${p.account}`;
    if (seen.has(k)) throw new RangeError(`the split has two parts for ${k}`);
    seen.add(k);
    net += p.amountFen;
  }
  return net;
}
