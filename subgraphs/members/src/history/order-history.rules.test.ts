import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideHistory, orderHistoryProjection, type OrderHistoryFact, type OrderHistoryState } from './order-history.rules.js';

const at = '2026-11-29T02:00:00.000Z';
const completed = (eventId: string, orderId: string, merchantId: string, totalFen: number): OrderHistoryFact => ({ kind: 'COMPLETED', eventId, orderId, merchantId, totalFen, at });

function apply(facts: OrderHistoryFact[]): OrderHistoryState {
  return facts.reduce((s, f) => {
    const d = decideHistory(s, f);
    return d ? orderHistoryProjection.evolve(s, d) : s;
  }, orderHistoryProjection.initial);
}

test('completed orders add up per shop; a redelivered event and a second completion of one order count once', () => {
  const s = apply([completed('e1', 'o1', 'm-fruit', 3000), completed('e1', 'o1', 'm-fruit', 3000), completed('e9', 'o1', 'm-fruit', 3000), completed('e2', 'o2', 'm-bakery', 1500)]);
  assert.deepEqual(s.shops['m-fruit'], { orders: 1, spendFen: 3000, lastAt: at });
  assert.deepEqual(s.shops['m-bakery'], { orders: 1, spendFen: 1500, lastAt: at });
});

test('a refund after completion takes its amount off; a refund of an order never completed is not spend', () => {
  const s = apply([
    completed('e1', 'o1', 'm-fruit', 3000),
    { kind: 'REFUNDED', eventId: 'e2', orderId: 'o1', merchantId: 'm-fruit', amountFen: 1000, at },
    { kind: 'REFUNDED', eventId: 'e3', orderId: 'o7', merchantId: 'm-fruit', amountFen: 500, at },
  ]);
  assert.deepEqual(s.shops['m-fruit'], { orders: 1, spendFen: 2000, lastAt: at });
});
