import { periodOf } from '../accounts/period.rules.js';

/**
 * The flow of customers between allied shops: each order a member places at a shop other than the one
 * that first brought her into the alliance, while its referral fee runs, counts for the pair
 * (referring shop → selling shop) in the week it was placed. An order cancelled or refunded in full
 * leaves that week's flow again (an unpaid order that times out is cancelled: it never brought anyone).
 * The admin console shows it as a matrix.
 */
export interface FlowEntry {
  orderId: string;
  from: string;
  to: string;
  gmvFen: number;
  /** The order leaves the flow it was counted in. */
  withdrawn?: boolean;
}

/** The flow one order made, as its ledger state keeps it, so a cancellation knows where to take it out. */
export interface OrderFlow {
  period: string;
  from: string;
  to: string;
  gmvFen: number;
}

export type FlowMatrix = Record<string, { from: string; to: string; orders: number; gmvFen: number }>;

export const flowProjection = {
  initial: {} as FlowMatrix,
  evolve(m: FlowMatrix, e: FlowEntry): FlowMatrix {
    const key = `${e.from}>${e.to}`;
    const cell = m[key] ?? { from: e.from, to: e.to, orders: 0, gmvFen: 0 };
    const sign = e.withdrawn ? -1 : 1;
    const next = { ...cell, orders: cell.orders + sign, gmvFen: cell.gmvFen + sign * e.gmvFen };
    if (next.orders !== 0) return { ...m, [key]: next };
    // A pair left with no orders is no flow at all.
    const { [key]: _gone, ...rest } = m;
    return rest;
  },
};

/** The flow an order makes, or null: no referrer, the referrer itself selling, or the window closed. */
export function flowOf(order: { merchantId: string; placedAtMs: number; goodsNetFen: number }, referrer: { shop: string; untilMs: number } | null): OrderFlow | null {
  if (!referrer || referrer.shop === order.merchantId || order.placedAtMs >= referrer.untilMs) return null;
  return { period: periodOf(order.placedAtMs), from: referrer.shop, to: order.merchantId, gmvFen: order.goodsNetFen };
}

/** The entry that counts the order in its week's flow, or (`withdrawn`) takes it out again. */
export function flowEntry(orderId: string, flow: OrderFlow, withdrawn = false): FlowEntry {
  return { orderId, from: flow.from, to: flow.to, gmvFen: flow.gmvFen, ...(withdrawn ? { withdrawn: true } : {}) };
}
