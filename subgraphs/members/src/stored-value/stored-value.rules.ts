/**
 * Stored value (储值), pure: a member's prepaid balance at ONE shop. It is topped up at that shop's
 * counter, pays only that shop's orders (a balance usable at another merchant would need a payment
 * licence, so nothing here can move value between shops), takes refunds back, and is paid back in cash
 * on request or at erasure. Each (member, shop) balance is a stream appended with the version it read:
 * concurrent payments can never take it below zero.
 */

/** A named single-purpose prepaid card holds at most ¥5,000 (the PRC rule for 记名预付卡). */
export const MAX_BALANCE_FEN = 500_000;

export type StoredValueFact =
  | { kind: 'TOPPED_UP'; key: string; amountFen: number; by: string; at: string }
  | { kind: 'PAID'; checkoutId: string; amountFen: number; orders: { orderId: string; amountFen: number }[]; at: string }
  | { kind: 'REFUNDED'; eventId: string; orderId: string; checkoutId: string; amountFen: number; at: string }
  | { kind: 'PAID_BACK'; amountFen: number; reason: 'REQUESTED' | 'ERASURE' | 'SHOP_LEFT'; at: string };

export interface StoredValueState {
  balanceFen: number;
  /** Top-up keys with their amounts: a retried top-up is recognised. */
  keys: Record<string, number>;
  /** Per checkout paid: per order what was paid and what has come back. */
  payments: Record<string, Record<string, { paidFen: number; refundedFen: number }>>;
  recent: string[];
}

const RECENT = 64;

export const storedValueProjection = {
  initial: { balanceFen: 0, keys: {}, payments: {}, recent: [] } as StoredValueState,
  evolve(s: StoredValueState, f: StoredValueFact): StoredValueState {
    switch (f.kind) {
      case 'TOPPED_UP':
        return { ...s, balanceFen: s.balanceFen + f.amountFen, keys: { ...s.keys, [f.key]: f.amountFen } };
      case 'PAID':
        return { ...s, balanceFen: s.balanceFen - f.amountFen, payments: { ...s.payments, [f.checkoutId]: Object.fromEntries(f.orders.map((o) => [o.orderId, { paidFen: o.amountFen, refundedFen: 0 }])) } };
      case 'REFUNDED': {
        const checkout = s.payments[f.checkoutId] ?? {};
        const order = checkout[f.orderId] ?? { paidFen: 0, refundedFen: 0 };
        return { ...s, balanceFen: s.balanceFen + f.amountFen, payments: { ...s.payments, [f.checkoutId]: { ...checkout, [f.orderId]: { ...order, refundedFen: order.refundedFen + f.amountFen } } }, recent: [...s.recent, f.eventId].slice(-RECENT) };
      }
      case 'PAID_BACK':
        return { ...s, balanceFen: s.balanceFen - f.amountFen };
    }
  },
};

export type StoredValueProblem = { code: 'INVALID_AMOUNT' | 'BALANCE_LIMIT' | 'KEY_REUSED' | 'INSUFFICIENT_BALANCE' | 'NOTHING_TO_PAY_BACK'; message: string };

export function decideTopUp(s: StoredValueState, t: { key: string; amountFen: number; by: string; at: string }): { fact: StoredValueFact | null } | StoredValueProblem {
  const seen = s.keys[t.key];
  if (seen !== undefined) return seen === t.amountFen ? { fact: null } : { code: 'KEY_REUSED', message: 'this idempotency key was used for another amount' };
  if (!Number.isSafeInteger(t.amountFen) || t.amountFen < 100) return { code: 'INVALID_AMOUNT', message: 'a top-up is a whole number of fen, at least ¥1' };
  if (s.balanceFen + t.amountFen > MAX_BALANCE_FEN) return { code: 'BALANCE_LIMIT', message: `a balance at one shop is at most ¥${MAX_BALANCE_FEN / 100} (now ¥${(s.balanceFen / 100).toFixed(2)})` };
  return { fact: { kind: 'TOPPED_UP', key: t.key, amountFen: t.amountFen, by: t.by, at: t.at } };
}

/** A checkout's payment, once: the same checkout asked again is paid already. */
export function decidePay(s: StoredValueState, p: { checkoutId: string; orders: { orderId: string; amountFen: number }[]; at: string }): { fact: StoredValueFact | null } | StoredValueProblem {
  if (s.payments[p.checkoutId]) return { fact: null };
  const amountFen = p.orders.reduce((n, o) => n + o.amountFen, 0);
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0 || p.orders.some((o) => !Number.isSafeInteger(o.amountFen) || o.amountFen < 0)) return { code: 'INVALID_AMOUNT', message: 'nothing to pay' };
  if (amountFen > s.balanceFen) return { code: 'INSUFFICIENT_BALANCE', message: `the balance at this shop is ¥${(s.balanceFen / 100).toFixed(2)}` };
  return { fact: { kind: 'PAID', checkoutId: p.checkoutId, amountFen, orders: p.orders, at: p.at } };
}

/**
 * Money back to the balance for an order: `refundedFen` is what has been refunded of it so far (all of
 * it when cancelled or the checkout failed), so redeliveries and repeats add nothing.
 */
export function decideRefund(s: StoredValueState, r: { eventId: string; checkoutId: string; orderId: string; refundedFen: number | 'ALL'; at: string }): StoredValueFact | null {
  if (s.recent.includes(r.eventId)) return null;
  const order = s.payments[r.checkoutId]?.[r.orderId];
  if (!order) return null;
  const target = r.refundedFen === 'ALL' ? order.paidFen : Math.min(order.paidFen, r.refundedFen);
  const amountFen = target - order.refundedFen;
  return amountFen > 0 ? { kind: 'REFUNDED', eventId: r.eventId, checkoutId: r.checkoutId, orderId: r.orderId, amountFen, at: r.at } : null;
}

export function decidePayBack(s: StoredValueState, reason: 'REQUESTED' | 'ERASURE' | 'SHOP_LEFT', at: string): { fact: StoredValueFact } | StoredValueProblem {
  if (s.balanceFen <= 0) return { code: 'NOTHING_TO_PAY_BACK', message: 'the balance at this shop is ¥0.00' };
  return { fact: { kind: 'PAID_BACK', amountFen: s.balanceFen, reason, at } };
}

/** A checkout can pay with stored value only when every order is at that one shop. */
export function singleShop(merchantIds: readonly string[]): string | null {
  const shops = new Set(merchantIds);
  return shops.size === 1 ? [...shops][0]! : null;
}
