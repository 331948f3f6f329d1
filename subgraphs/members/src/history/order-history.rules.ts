import { chinaMonth } from '@alliance/runtime/china-time';
import type { OrderSummary } from '../consent/consent.rules.js';

/**
 * A member's completed orders per shop, folded from order events: what ORDER_HISTORY shows a shop she
 * consented to and what spend tiers (and, next, levels and points) are drawn from. A refund after
 * completion takes its amount back off the spend.
 */
export type OrderHistoryFact =
  | { kind: 'COMPLETED'; eventId: string; orderId: string; merchantId: string; totalFen: number; at: string }
  | { kind: 'REFUNDED'; eventId: string; orderId: string; merchantId: string; amountFen: number; at: string };

export interface OrderHistoryState {
  shops: OrderSummary;
  /** Completed order ids (a refund of an order never completed is not spend to take back). */
  completed: string[];
  /** Spend per month of completion (YYYY-MM, China time), refunds taken off their order's month: levels roll over 12 months. */
  months?: Record<string, number>;
  /** The month each completed order counted in. */
  monthOf?: Record<string, string>;
  /** The newest event ids folded: a redelivered event (a consumer crash mid-handler) is recognised. */
  recent: string[];
}

const RECENT = 64;

export const orderHistoryProjection = {
  initial: { shops: {}, completed: [], recent: [] } as OrderHistoryState,
  evolve(s: OrderHistoryState, f: OrderHistoryFact): OrderHistoryState {
    const shop = s.shops[f.merchantId] ?? { orders: 0, spendFen: 0, lastAt: f.at };
    const next =
      f.kind === 'COMPLETED'
        ? { orders: shop.orders + 1, spendFen: shop.spendFen + f.totalFen, lastAt: f.at > shop.lastAt ? f.at : shop.lastAt }
        : { ...shop, spendFen: Math.max(0, shop.spendFen - f.amountFen) };
    const months = { ...(s.months ?? {}) };
    const monthOf = { ...(s.monthOf ?? {}) };
    if (f.kind === 'COMPLETED') {
      const month = chinaMonth(f.at);
      monthOf[f.orderId] = month;
      months[month] = (months[month] ?? 0) + f.totalFen;
    } else {
      const month = monthOf[f.orderId];
      if (month) months[month] = Math.max(0, (months[month] ?? 0) - f.amountFen);
    }
    return {
      shops: { ...s.shops, [f.merchantId]: next },
      completed: f.kind === 'COMPLETED' ? [...s.completed, f.orderId] : s.completed,
      months,
      monthOf,
      recent: [...s.recent, f.eventId].slice(-RECENT),
    };
  },
};

/** The fact to fold for an event, or null: seen already, or a refund of an order that never completed. */
export function decideHistory(s: OrderHistoryState, f: OrderHistoryFact): OrderHistoryFact | null {
  if (s.recent.includes(f.eventId)) return null;
  if (f.kind === 'COMPLETED' && s.completed.includes(f.orderId)) return null;
  if (f.kind === 'REFUNDED' && !s.completed.includes(f.orderId)) return null;
  return f;
}
