import { allocate } from '@alliance/money';
import type { PlacedOrder } from './order.rules.js';

/**
 * Alliance points at checkout (1 point = 1 fen). Members spreads a redemption over the shop orders by
 * their goods totals (subtotal less discounts: the delivery fee is never paid in points); each order's
 * points are then spread over its lines by their net, like a discount the issuing shops fund, so the
 * ledger's split (on what was paid in money) still sums to the order's total.
 */
export function goodsTotalFen(o: PlacedOrder): number {
  return o.subtotalFen - (o.discountFen ?? 0);
}

export function applyPoints(orders: readonly PlacedOrder[], shares: readonly { orderId: string; points: number }[]): PlacedOrder[] {
  const byOrder = new Map(shares.map((s) => [s.orderId, s.points]));
  return orders.map((o) => {
    const points = byOrder.get(o.orderId) ?? 0;
    if (points === 0) return o;
    if (points > goodsTotalFen(o)) throw new RangeError(`order ${o.orderId}: ${points} points pass its goods total ${goodsTotalFen(o)}`);
    const nets = o.lines.map((l) => l.unitPriceFen * l.quantity - (l.discountFen ?? 0));
    const parts = allocate(points, nets);
    return { ...o, lines: o.lines.map((l, i) => ({ ...l, pointsFen: parts[i]! })), pointsFen: points, totalFen: o.totalFen - points };
  });
}
