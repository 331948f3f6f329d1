/**
 * The flow of customers between allied shops: each order a member places at a shop other than the one
 * that first brought her into the alliance, while its referral fee runs, counts for the pair
 * (referring shop → selling shop) in the week it was placed. The admin console shows it as a matrix.
 */
export interface FlowEntry {
  orderId: string;
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
    return { ...m, [key]: { ...cell, orders: cell.orders + 1, gmvFen: cell.gmvFen + e.gmvFen } };
  },
};

/** The flow an order makes, or null: no referrer, the referrer itself selling, or the window closed. */
export function flowOf(order: { orderId: string; merchantId: string; placedAtMs: number; goodsNetFen: number }, referrer: { shop: string; untilMs: number } | null): FlowEntry | null {
  if (!referrer || referrer.shop === order.merchantId || order.placedAtMs >= referrer.untilMs) return null;
  return { orderId: order.orderId, from: referrer.shop, to: order.merchantId, gmvFen: order.goodsNetFen };
}
