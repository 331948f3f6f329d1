import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakageGroup, redemptionGroups, returnGroup } from './points-clearing.rules.js';

const sum = (g: { postings: { amountFen: number }[] }) => g.postings.reduce((n, p) => n + p.amountFen, 0);

test('a redemption clears lot by lot: each issuer pays the redeeming shop; a shop’s own points are left out', () => {
  const [g] = redemptionGroups('ev1', [{ orderId: 'o1', merchantId: 'm-bakery', lots: [{ issuerId: 'm-fruit', points: 100 }, { issuerId: 'm-tea', points: 30 }, { issuerId: 'm-fruit', points: 20 }, { issuerId: 'm-bakery', points: 50 }] }]);
  assert.deepEqual(g!.postings.map((p) => [p.party.id, p.account, p.stage, p.amountFen]), [
    ['m-fruit', 'POINTS_CLEARING', 'CONFIRMED', -120],
    ['m-bakery', 'POINTS_CLEARING', 'CONFIRMED', 120],
    ['m-tea', 'POINTS_CLEARING', 'CONFIRMED', -30],
    ['m-bakery', 'POINTS_CLEARING', 'CONFIRMED', 30],
  ]);
  assert.equal(sum(g!), 0);
  assert.equal(g!.sourceEventId, 'ev1/o1', 'one group per order of the event');
  assert.deepEqual(redemptionGroups('ev2', [{ orderId: 'o2', merchantId: 'm-fruit', lots: [{ issuerId: 'm-fruit', points: 10 }] }])[0]!.postings, [], 'own points: nothing to clear');
});

test('a return reverses its clearing', () => {
  const g = returnGroup('ev3', 'o1', 'm-bakery', [{ issuerId: 'm-fruit', points: 40 }]);
  assert.deepEqual(g.postings.map((p) => [p.party.id, p.amountFen]), [['m-fruit', 40], ['m-bakery', -40]]);
});

test('breakage: the issuer pays the alliance its share of the expired points', () => {
  const g = breakageGroup('ev4', 'demo', 'm-fruit:2026-11-29', 'm-fruit', 101, 5000);
  assert.deepEqual(g.postings.map((p) => [p.party.kind, p.party.id, p.account, p.amountFen]), [['SHOP', 'm-fruit', 'POINTS_BREAKAGE', -51], ['ALLIANCE', 'demo', 'POINTS_BREAKAGE', 51]]);
  assert.deepEqual(breakageGroup('ev5', 'demo', 'l', 'm-fruit', 100, 0).postings, []);
});
