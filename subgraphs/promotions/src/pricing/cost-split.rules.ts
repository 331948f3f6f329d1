import { allocate, allocateCapped, refundParts } from '@alliance/money';
import type { AppliedPromotion } from './pricing.types.js';

export interface FunderCost {
  merchantId: string;
  costFen: number;
}

export interface OrderFunderCost extends FunderCost {
  orderKey: string;
}

/**
 * The cost matrix of one applied promotion over the orders of a checkout (one order per shop): each
 * order's row sums exactly to the promotion's discount on that order's lines, each funder's column sums
 * exactly to its cost. Rows go in orderKey order; every row but the last is split by the funders'
 * costs, each capped by what it still owes, and the last row takes what is left, so both sums are
 * exact. Zero cells are left out.
 */
export function costByOrder(applied: AppliedPromotion, orderOfLine: (lineIndex: number) => string): OrderFunderCost[] {
  const rows = new Map<string, number>();
  for (const l of applied.lines) rows.set(orderOfLine(l.index), (rows.get(orderOfLine(l.index)) ?? 0) + l.discountFen);
  const rowTotal = [...rows.values()].reduce((a, b) => a + b, 0);
  const columnTotal = applied.funders.reduce((a, f) => a + f.costFen, 0);
  if (rowTotal !== applied.amountFen || columnTotal !== applied.amountFen) {
    throw new RangeError(`promotion ${applied.promotionId}: lines (${rowTotal}) and funders (${columnTotal}) must both sum to ${applied.amountFen}`);
  }
  const keys = [...rows.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const owed = applied.funders.map((f) => f.costFen);
  const out: OrderFunderCost[] = [];
  keys.forEach((orderKey, k) => {
    const last = k === keys.length - 1;
    // Σ owed ≥ this row (the rows left sum to Σ owed), so the capped split always funds it in full.
    const parts = last
      ? owed.slice()
      : allocateCapped(rows.get(orderKey)!, applied.funders.map((f, i) => ({ weight: f.costFen, capFen: owed[i]! }))).parts;
    parts.forEach((costFen, i) => {
      owed[i] = owed[i]! - costFen;
      if (costFen !== 0) out.push({ orderKey, merchantId: applied.funders[i]!.merchantId, costFen });
    });
  });
  return out;
}

/**
 * What each funder gets back when `refundNowFen` of an order's paid total is refunded, after
 * `refundedBeforeFen` went back earlier. The order's promotion cost is reversed in proportion to the
 * amount refunded, cumulatively: the cost reversed so far depends only on the total refunded so far, so
 * any sequence of partial refunds that ends in a full refund brings every funder back to exactly 0.
 * Returns every funder, in the order given (zeros included, so it zips with `cost`).
 *
 * An order paid with 0 (fully discounted) has no amount to refund in proportion: a refund of it
 * (0 of 0) reverses whatever cost is left, so the caller must apply it once per cancellation.
 */
export function costReversal(cost: readonly FunderCost[], orderTotalFen: number, refundedBeforeFen: number, refundNowFen: number): FunderCost[] {
  for (const c of cost) {
    if (!Number.isSafeInteger(c.costFen) || c.costFen < 0) throw new RangeError(`cost of ${c.merchantId} must be non-negative integer fen`);
  }
  if (!Number.isSafeInteger(orderTotalFen) || orderTotalFen < 0) throw new RangeError('the order total must be non-negative integer fen');
  if (!Number.isSafeInteger(refundedBeforeFen) || !Number.isSafeInteger(refundNowFen) || refundedBeforeFen < 0 || refundNowFen < 0 || refundedBeforeFen + refundNowFen > orderTotalFen) {
    throw new RangeError(`refunds (${refundedBeforeFen} + ${refundNowFen}) must lie between 0 and the order total ${orderTotalFen}`);
  }
  const totalCost = cost.reduce((a, c) => a + c.costFen, 0);
  if (totalCost === 0) return cost.map((c) => ({ merchantId: c.merchantId, costFen: 0 }));
  const costBefore = orderTotalFen === 0 ? 0 : costRefundedAt(totalCost, orderTotalFen, refundedBeforeFen);
  const costAfter = orderTotalFen === 0 ? totalCost : costRefundedAt(totalCost, orderTotalFen, refundedBeforeFen + refundNowFen);
  const parts = refundParts(totalCost, cost.map((c) => c.costFen), costBefore, costAfter - costBefore);
  return cost.map((c, i) => ({ merchantId: c.merchantId, costFen: parts[i]! }));
}

/** The share of the cost reversed once `refundedFen` of `orderTotalFen` is back: a two-way split is rounding, monotone in the amount. */
function costRefundedAt(totalCost: number, orderTotalFen: number, refundedFen: number): number {
  return allocate(totalCost, [refundedFen, orderTotalFen - refundedFen])[0]!;
}
