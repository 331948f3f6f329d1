import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocate, money } from './money.js';

test('allocate splits exactly and deterministically', () => {
  assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(allocate(1000, [50, 30, 20]), [500, 300, 200]);
  assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
  assert.deepEqual(allocate(0, [3, 1]), [0, 0]);
});

test('allocate parts always sum to the whole', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let n = 0; n < 500; n++) {
    const total = Math.floor(rnd() * 1_000_000) - 200_000;
    const weights: number[] = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => Math.floor(rnd() * 1000));
    if (!weights.some((w) => w > 0)) weights[0] = 1;
    const parts = allocate(total, weights);
    assert.equal(parts.reduce((a, b) => a + b, 0), total);
    weights.forEach((w, i) => w === 0 && assert.equal(parts[i], 0));
  }
});

test('allocate rejects bad input', () => {
  assert.throws(() => allocate(1.5, [1]), RangeError);
  assert.throws(() => allocate(10, []), RangeError);
  assert.throws(() => allocate(10, [0, 0]), RangeError);
  assert.throws(() => allocate(10, [-1, 2]), RangeError);
});

test('money refuses non-integer fen', () => {
  assert.deepEqual(money(1250), { amountFen: 1250, currency: 'CNY' });
  assert.throws(() => money(12.5), RangeError);
});
