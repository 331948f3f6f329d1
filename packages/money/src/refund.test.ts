import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate } from './money.js';
import { refundParts, refundedSoFar } from './refund.js';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

test('two half refunds of 100 fen split [1,1,1] end at the original [34,33,33]', () => {
  const first = refundParts(100, [1, 1, 1], 0, 50);
  const second = refundParts(100, [1, 1, 1], 50, 50);
  assert.deepEqual(first.map((v, i) => v + second[i]!), [34, 33, 33]);
  assert.equal(sum(first), 50);
  assert.equal(sum(second), 50);
});

test('refunds never reverse a part past its original, even where largest remainder is not monotone', () => {
  // allocate(10, [6,6,2]) = [4,4,2] but the original allocate(11, [6,6,2]) = [5,5,1].
  assert.deepEqual(allocate(11, [6, 6, 2]), [5, 5, 1]);
  const first = refundParts(11, [6, 6, 2], 0, 10);
  assert.ok(first[2]! <= 1, `part 2 got ${first[2]} of an original 1`);
  const last = refundParts(11, [6, 6, 2], 10, 1);
  assert.ok(last.every((v) => v >= 0));
  assert.deepEqual(first.map((v, i) => v + last[i]!), [5, 5, 1]);
});

test('a full refund reverses the original split; negative originals refund with their sign', () => {
  assert.deepEqual(refundParts(1000, [50, 30, 20], 0, 1000), allocate(1000, [50, 30, 20]));
  assert.deepEqual(refundedSoFar(-100, [1, 1, 1], -100), [-34, -33, -33]);
  assert.deepEqual(refundedSoFar(100, [1, 0, 1], 30), [15, 0, 15]);
});

test('refunds out of range are refused', () => {
  assert.throws(() => refundParts(100, [1, 1], 60, 50), RangeError);
  assert.throws(() => refundParts(100, [1, 1], 0, -1), RangeError);
  assert.throws(() => refundParts(100, [1, 1], 0, 1.5), RangeError);
  assert.throws(() => refundParts(-100, [1, 1], 0, 10), RangeError);
});

/** An original split and a random sequence of partial refunds that together refund all of it. */
const scenario = fc
  .record({
    total: fc.integer({ min: 0, max: 5_000_000 }),
    weights: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 9 }),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
  })
  .filter((s) => s.weights.some((w) => w > 0))
  .map(({ total, weights, cuts }) => {
    const points = [...new Set([0, ...cuts.map((c) => Math.floor(c * total)), total])].sort((a, b) => a - b);
    const steps = points.slice(1).map((p, i) => p - points[i]!);
    return { total, weights, steps };
  });

test('property: any sequence of partial refunds ends exactly at the original split', () => {
  fc.assert(
    fc.property(scenario, ({ total, weights, steps }) => {
      const original = allocate(total, weights);
      const refunded = original.map(() => 0);
      let before = 0;
      for (const step of steps) {
        const parts = refundParts(total, weights, before, step);
        assert.equal(sum(parts), step, 'every step sums to the amount refunded');
        parts.forEach((p, i) => {
          assert.ok(p >= 0, 'no step takes a refund back from a part');
          refunded[i]! += p;
          assert.ok(refunded[i]! <= original[i]!, 'no part is ever reversed past its original');
        });
        before += step;
      }
      assert.deepEqual(refunded, original);
    }),
    { numRuns: 2000 },
  );
});

test('property: refunded-so-far depends only on the amount and stays within the original parts', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 7 }),
      fc.integer({ min: 0, max: 3000 }),
      (weights, total) => {
        const original = allocate(total, weights);
        let previous = original.map(() => 0);
        for (let k = 0; k <= total; k += Math.max(1, Math.floor(total / 200))) {
          const now = refundedSoFar(total, weights, k);
          assert.equal(sum(now), k);
          now.forEach((v, i) => assert.ok(v >= previous[i]! && v <= original[i]!));
          previous = now;
        }
        assert.deepEqual(refundedSoFar(total, weights, total), original);
      },
    ),
    { numRuns: 300 },
  );
});
