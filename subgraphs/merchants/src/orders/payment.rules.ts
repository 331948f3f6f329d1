import type { PaidSubOrder } from '../payment/payment-provider.js';

/**
 * Whether a payment notification pays exactly this checkout: one successful sub-order per shop order,
 * each for that order's total. Anything else (a missing or extra sub-order, a failed one, another
 * amount) is not acted on: the provider is answered with an error and the case is logged.
 */
export function paysExactly(orders: readonly { orderId: string; totalFen: number }[], subOrders: readonly PaidSubOrder[]): boolean {
  const expected = new Map(orders.map((o) => [o.orderId, o.totalFen]));
  const seen = new Set<string>();
  for (const s of subOrders) {
    if (!s.success || seen.has(s.orderId) || expected.get(s.orderId) !== s.amountFen) return false;
    seen.add(s.orderId);
  }
  return seen.size === expected.size;
}
