import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balanceOf, decideIssue, decideRedeem, decideReturn, expiredLots, expiryOf, pointsEarned, pointsProjection, type PointsFact, type PointsState } from './points.rules.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-29T04:00:00Z');
const apply = (s: PointsState, f: PointsFact | null) => (f ? pointsProjection.evolve(s, f) : s);
const issue = (s: PointsState, n: number, merchantId: string, totalFen: number, atMs: number) =>
  apply(s, decideIssue(s, { eventId: `e${n}`, orderId: `o${n}`, merchantId, totalFen, rateBp: 100, atMs, expiryMonths: 24 }));

test('a completed order earns its total at the shop’s rate, into that shop’s lot of the day, once', () => {
  assert.equal(pointsEarned(12_345, 100), 123);
  let s = issue(pointsProjection.initial, 1, 'm-fruit', 10_000, T0);
  s = issue(s, 2, 'm-fruit', 5_000, T0 + 3_600_000);
  s = issue(s, 1, 'm-fruit', 10_000, T0);
  assert.deepEqual(Object.values(s.lots).map((l) => [l.id, l.remaining]), [['m-fruit:2026-11-29', 150]]);
  assert.equal(decideIssue(s, { eventId: 'e9', orderId: 'o1', merchantId: 'm-fruit', totalFen: 10_000, rateBp: 100, atMs: T0, expiryMonths: 24 }), null, 'the same order again, by another event');
  assert.equal(decideIssue(s, { eventId: 'e8', orderId: 'o8', merchantId: 'm-fruit', totalFen: 50, rateBp: 100, atMs: T0, expiryMonths: 24 }), null, 'under a point earns nothing');
});

test('lots expire 24 calendar months on, at midnight in China; month ends roll back', () => {
  assert.equal(expiryOf('2026-11-29', 24), '2028-11-28T16:00:00.000Z');
  assert.equal(expiryOf('2026-01-31', 1), '2026-02-27T16:00:00.000Z');
  let s = issue(pointsProjection.initial, 1, 'm-fruit', 10_000, T0);
  const exp = Date.parse(expiryOf('2026-11-29', 24));
  assert.equal(balanceOf(s, exp - 1).balance, 100);
  assert.equal(balanceOf(s, exp - 1).expiringSoon, 100);
  assert.equal(balanceOf(s, exp).balance, 0);
  assert.deepEqual(expiredLots(s, exp).map((l) => l.id), ['m-fruit:2026-11-29']);
  s = apply(s, { kind: 'EXPIRED', lotId: 'm-fruit:2026-11-29', merchantId: 'm-fruit', points: 100, at: new Date(exp).toISOString() });
  assert.deepEqual(s.lots, {});
});

test('a redemption takes the lots expiring first and spreads over the shop orders by their totals', () => {
  let s = issue(pointsProjection.initial, 1, 'm-fruit', 10_000, T0); // 100, expires first
  s = issue(s, 2, 'm-bakery', 20_000, T0 + 2 * DAY); // 200
  const r = decideRedeem(s, { checkoutId: 'c1', points: 250, orders: [{ orderId: 'oa', merchantId: 'm-tea', totalFen: 3_000 }, { orderId: 'ob', merchantId: 'm-bakery', totalFen: 2_000 }], nowMs: T0 + 3 * DAY });
  assert.ok(!('code' in r));
  assert.deepEqual(r.orders.map((o) => [o.orderId, o.points]), [['oa', 150], ['ob', 100]]);
  assert.deepEqual(r.orders[0]!.lots.map((t) => [t.lotId, t.points]), [['m-fruit:2026-11-29', 100], ['m-bakery:2026-12-01', 50]]);
  assert.deepEqual(r.orders[1]!.lots.map((t) => [t.lotId, t.points]), [['m-bakery:2026-12-01', 100]]);
  s = apply(s, r.fact);
  assert.equal(balanceOf(s, T0 + 3 * DAY).balance, 50);
  const again = decideRedeem(s, { checkoutId: 'c1', points: 250, orders: [], nowMs: T0 });
  assert.ok(!('code' in again) && again.fact === null && again.orders.length === 2, 'the same checkout again: what it got the first time');
  const more = decideRedeem(s, { checkoutId: 'c2', points: 51, orders: [{ orderId: 'oc', merchantId: 'm-tea', totalFen: 9_000 }], nowMs: T0 + 3 * DAY });
  assert.ok('code' in more && more.code === 'INSUFFICIENT_POINTS');
  const over = decideRedeem(s, { checkoutId: 'c3', points: 40, orders: [{ orderId: 'od', merchantId: 'm-tea', totalFen: 30 }], nowMs: T0 + 3 * DAY });
  assert.ok('code' in over && over.code === 'POINTS_EXCEED_TOTAL');
});

test('refunds give points back in proportion, cumulatively, to the lots they came from; a cancellation gives the rest', () => {
  let s = issue(pointsProjection.initial, 1, 'm-fruit', 10_000, T0);
  s = issue(s, 2, 'm-bakery', 10_000, T0 + DAY);
  const r = decideRedeem(s, { checkoutId: 'c1', points: 200, orders: [{ orderId: 'oa', merchantId: 'm-tea', totalFen: 1_200 }], nowMs: T0 + 2 * DAY });
  assert.ok(!('code' in r));
  s = apply(s, r.fact);
  // Cash paid: 1,200 − 200 = 1,000. Refund 250 of it: a quarter of the points.
  const first = decideReturn(s, { eventId: 'r1', checkoutId: 'c1', orderId: 'oa', refundedFen: 250, atMs: T0 + 3 * DAY })!;
  assert.equal(first.kind === 'RETURNED' && first.points, 50);
  assert.deepEqual(first.kind === 'RETURNED' && first.lots.map((t) => [t.lotId, t.points]), [['m-bakery:2026-11-30', 50]], 'the lot taken last comes back first');
  s = apply(s, first);
  assert.equal(decideReturn(s, { eventId: 'r1', checkoutId: 'c1', orderId: 'oa', refundedFen: 250, atMs: T0 }), null, 'a redelivery returns nothing');
  const rest = decideReturn(s, { eventId: 'r2', checkoutId: 'c1', orderId: 'oa', refundedFen: 'ALL', atMs: T0 + 4 * DAY })!;
  assert.equal(rest.kind === 'RETURNED' && rest.points, 150);
  s = apply(s, rest);
  assert.equal(balanceOf(s, T0 + 4 * DAY).balance, 200, 'all back');
  assert.deepEqual(Object.values(s.lots).map((l) => [l.id, l.remaining]).sort(), [['m-bakery:2026-11-30', 100], ['m-fruit:2026-11-29', 100]]);
  assert.equal(decideReturn(s, { eventId: 'r3', checkoutId: 'c1', orderId: 'oa', refundedFen: 'ALL', atMs: T0 }), null, 'nothing left to give');
});
