import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideReversal, firstShard, headroom, reserveRefusal, reversalProjection, shardCount, shardLimits, SHARDS, sumUsage, usageProjection, type UsageFact } from './usage.rules.js';

const limits = (over: Partial<{ totalLimit: number | null; perMemberLimit: number | null; budgetFen: number | null }> = {}) => ({ totalLimit: null, perMemberLimit: null, budgetFen: null, ...over });
const funding = [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-bakery', percent: 50 }];

test('only a count-limited promotion is sharded, and its shard quotas sum exactly to the limit', () => {
  assert.equal(shardCount(limits({ totalLimit: 10 }), funding, false), SHARDS);
  assert.equal(shardCount(limits({ totalLimit: 10, budgetFen: 5000 }), funding, false), 1);
  assert.equal(shardCount(limits({ totalLimit: 10 }), [{ merchantId: 'm-fruit', percent: 100, capFen: 100 }], false), 1);
  assert.equal(shardCount(limits({ totalLimit: 10 }), funding, true), 1);
  assert.equal(shardCount(limits(), funding, false), 1);
  for (const total of [1, 3, 10, 1001]) {
    const quotas = Array.from({ length: SHARDS }, (_, i) => shardLimits(limits({ totalLimit: total }), SHARDS, i).totalLimit!);
    assert.equal(quotas.reduce((a, b) => a + b, 0), total);
  }
  assert.equal(firstShard('co-abc', SHARDS), firstShard('co-abc', SHARDS));
  assert.ok(firstShard('co-abc', SHARDS) < SHARDS);
});

test('limits, budget and caps refuse the redemption that would pass them; shards add up', () => {
  const fact = (amountFen: number): UsageFact => ({ type: 'RESERVED', checkoutId: 'c', memberId: null, amountFen, funders: [{ merchantId: 'm-fruit', costFen: amountFen / 2 }, { merchantId: 'm-bakery', costFen: amountFen / 2 }], at: '' });
  const used = [fact(500), fact(500)].reduce(usageProjection.evolve, usageProjection.initial);
  assert.equal(reserveRefusal(limits({ totalLimit: 2 }), funding, used, { amountFen: 500, funders: fact(500).funders }), 'TOTAL_LIMIT');
  assert.equal(reserveRefusal(limits({ budgetFen: 1400 }), funding, used, { amountFen: 500, funders: fact(500).funders }), 'BUDGET');
  assert.equal(reserveRefusal(limits(), [{ merchantId: 'm-fruit', percent: 50, capFen: 700 }, funding[1]!], used, { amountFen: 500, funders: fact(500).funders }), 'FUNDER_CAP');
  assert.equal(reserveRefusal(limits({ totalLimit: 3 }), funding, used, { amountFen: 500, funders: fact(500).funders }), null);
  assert.equal(reserveRefusal(limits({ totalLimit: 10 }), funding, { ...used, units: 8 }, { amountFen: 500, funders: fact(500).funders }, 3), 'PRESALE_SOLD_OUT');
  const sum = sumUsage([used, used]);
  assert.deepEqual([sum.redemptions, sum.discountFen, sum.funderCost['m-fruit']], [4, 2000, 1000]);
  assert.deepEqual(headroom(limits({ totalLimit: 5, budgetFen: 1200 }), funding, used, null), { redemptionsLeft: 3, budgetLeftFen: 200, funderCostLeftFen: {} });
});

test('a reversal gives back only what is still out, and returns the redemption once all of it is back', () => {
  const byShop = [{ merchantId: 'm-fruit', amountFen: 300, funders: [{ merchantId: 'm-fruit', costFen: 150 }, { merchantId: 'm-bakery', costFen: 150 }] }];
  const half = decideReversal(reversalProjection.initial, byShop, { 'm-fruit': { 'm-fruit': 75, 'm-bakery': 75 } }, 'r1', 't')!;
  assert.deepEqual([half.cells.map((c) => c.fen), half.returnsRedemption], [[75, 75], false]);
  const state = reversalProjection.evolve(reversalProjection.initial, half);
  // The same target again (a redelivered event) gives back nothing.
  assert.equal(decideReversal(state, byShop, { 'm-fruit': { 'm-fruit': 75, 'm-bakery': 75 } }, 'r1', 't'), null);
  const rest = decideReversal(state, byShop, { 'm-fruit': { 'm-fruit': 150, 'm-bakery': 999 } }, 'c', 't')!;
  assert.deepEqual([rest.cells.map((c) => c.fen), rest.returnsRedemption], [[75, 75], true]);
});
