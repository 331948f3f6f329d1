import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costByOrder, costReversal } from './cost-split.rules.js';
import type { AppliedPromotion } from './pricing.types.js';

const applied = (over: Partial<AppliedPromotion>): AppliedPromotion => ({
  promotionId: 'p',
  kind: 'SPEND_ACROSS_SHOPS',
  title: 't',
  amountFen: 2000,
  lines: [
    { index: 0, discountFen: 264 },
    { index: 1, discountFen: 1736 },
  ],
  funders: [
    { merchantId: 'm-fruit', costFen: 1000 },
    { merchantId: 'm-bakery', costFen: 1000 },
  ],
  explanation: '',
  ...over,
});
const orderOf = (i: number) => (i === 0 ? 'co-1-2' : 'co-1-1');

test('costByOrder: rows sum to each order’s discount, columns to each funder’s cost', () => {
  const m = costByOrder(applied({}), orderOf);
  assert.deepEqual(m, [
    { orderKey: 'co-1-1', merchantId: 'm-fruit', costFen: 868 },
    { orderKey: 'co-1-1', merchantId: 'm-bakery', costFen: 868 },
    { orderKey: 'co-1-2', merchantId: 'm-fruit', costFen: 132 },
    { orderKey: 'co-1-2', merchantId: 'm-bakery', costFen: 132 },
  ]);
});

test('costByOrder: an uneven split stays exact and leaves zero cells out', () => {
  const a = applied({
    amountFen: 7,
    lines: [
      { index: 0, discountFen: 3 },
      { index: 1, discountFen: 1 },
      { index: 2, discountFen: 3 },
    ],
    funders: [
      { merchantId: 'a', costFen: 6 },
      { merchantId: 'b', costFen: 1 },
      { merchantId: 'c', costFen: 0 },
    ],
  });
  const m = costByOrder(a, (i) => `o${i}`);
  const row = (k: string) => m.filter((c) => c.orderKey === k).reduce((s, c) => s + c.costFen, 0);
  const col = (f: string) => m.filter((c) => c.merchantId === f).reduce((s, c) => s + c.costFen, 0);
  assert.deepEqual([row('o0'), row('o1'), row('o2')], [3, 1, 3]);
  assert.deepEqual([col('a'), col('b'), col('c')], [6, 1, 0]);
  assert.ok(m.every((c) => c.costFen > 0));
});

test('costByOrder refuses an applied promotion whose parts do not add up', () => {
  assert.throws(() => costByOrder(applied({ amountFen: 2001 }), orderOf), RangeError);
});

test('costReversal: a partial then a full refund brings every funder back to exactly 0', () => {
  const cost = [
    { merchantId: 'm-fruit', costFen: 868 },
    { merchantId: 'm-bakery', costFen: 867 },
    { merchantId: 'm-tea', costFen: 1 },
  ];
  const total = 15064; // what the shopper paid for the order
  const first = costReversal(cost, total, 0, 5000);
  const rest = costReversal(cost, total, 5000, total - 5000);
  assert.equal(first.reduce((s, c) => s + c.costFen, 0), 576); // round(1736 × 5000 / 15064)
  assert.deepEqual(
    cost.map((c, i) => c.costFen - first[i]!.costFen - rest[i]!.costFen),
    [0, 0, 0],
  );
  assert.deepEqual(costReversal(cost, total, 0, total), cost);
});

test('costReversal: nothing refunded reverses nothing; a zero-paid order reverses all; bad input is refused', () => {
  const cost = [{ merchantId: 'a', costFen: 500 }, { merchantId: 'b', costFen: 0 }];
  assert.deepEqual(costReversal(cost, 1000, 0, 0), [{ merchantId: 'a', costFen: 0 }, { merchantId: 'b', costFen: 0 }]);
  assert.deepEqual(costReversal(cost, 0, 0, 0), cost);
  assert.throws(() => costReversal(cost, 1000, 600, 500), RangeError);
  assert.throws(() => costReversal(cost, 1000, 0, -1), RangeError);
  assert.throws(() => costReversal([{ merchantId: 'a', costFen: -1 }], 1000, 0, 10), RangeError);
});
