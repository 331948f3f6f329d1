import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelOf, rollingSpendFen, windowMonths } from './level.rules.js';
import { decideHistory, orderHistoryProjection, type OrderHistoryFact, type OrderHistoryState } from '../history/order-history.rules.js';

const fold = (facts: OrderHistoryFact[]): OrderHistoryState => facts.reduce((s, f) => (decideHistory(s, f) ? orderHistoryProjection.evolve(s, f) : s), orderHistoryProjection.initial);

test('the window is this month and the eleven before it, in China time', () => {
  const w = windowMonths(Date.parse('2026-12-31T16:30:00Z')); // 2027-01-01 00:30 in Beijing
  assert.equal(w[0], '2027-01');
  assert.equal(w[11], '2026-02');
});

test('spend moves her up; a year without spending drops her back; refunds come off their order’s month', () => {
  const s = fold([
    { kind: 'COMPLETED', eventId: 'e1', orderId: 'o1', merchantId: 'm-fruit', totalFen: 30_000, at: '2026-03-10T02:00:00Z' },
    { kind: 'COMPLETED', eventId: 'e2', orderId: 'o2', merchantId: 'm-bakery', totalFen: 25_000, at: '2026-11-29T02:00:00Z' },
    { kind: 'REFUNDED', eventId: 'e3', orderId: 'o1', merchantId: 'm-fruit', amountFen: 1_000, at: '2026-12-02T02:00:00Z' },
  ]);
  assert.deepEqual(s.months, { '2026-03': 29_000, '2026-11': 25_000 });
  const now = Date.parse('2026-12-05T00:00:00Z');
  assert.equal(rollingSpendFen(s.months, now), 54_000);
  assert.equal(levelOf(54_000).level, 'SILVER');
  assert.equal(levelOf(54_000).next?.level, 'GOLD');
  // March 2026 leaves the window in March 2027; November 2026 in November 2027.
  assert.equal(rollingSpendFen(s.months, Date.parse('2027-03-05T00:00:00Z')), 25_000);
  assert.equal(levelOf(rollingSpendFen(s.months, Date.parse('2027-03-05T00:00:00Z'))).level, 'REGULAR');
  assert.equal(rollingSpendFen(s.months, Date.parse('2027-12-05T00:00:00Z')), 0);
  assert.equal(levelOf(500_000).level, 'DIAMOND');
  assert.equal(levelOf(500_000).next, null);
});
