import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustmentProblems, decideAdjustment, stockProjection } from './stock.rules.js';

test('the first movement opens the stream at the seeded level', () => {
  const first = decideAdjustment(0, 0, 30, -2, 'damaged');
  assert.deepEqual(first, { opening: 30, delta: -2, reason: 'damaged' });
  assert.equal(stockProjection.evolve(stockProjection.initial, first!), 28);
  assert.deepEqual(decideAdjustment(28, 1, 30, 5, 'restock'), { delta: 5, reason: 'restock' });
  assert.equal(stockProjection.evolve(28, { delta: 5, reason: 'restock' }), 33);
});

test('stock never goes below zero', () => {
  assert.equal(decideAdjustment(0, 0, 3, -4, 'x'), null);
  assert.equal(decideAdjustment(1, 3, 30, -2, 'x'), null, 'the opening level counts only at version 0');
  assert.deepEqual(decideAdjustment(1, 3, 30, -1, 'x'), { delta: -1, reason: 'x' });
});

test('bad deltas, reasons and keys are userErrors with fields', () => {
  assert.deepEqual(adjustmentProblems(5, '到货', 'restock-0001'), []);
  const codes = (d: number, r: string, k: string) => adjustmentProblems(d, r, k).map((p) => p.code);
  assert.deepEqual(codes(0, '到货', 'restock-0001'), ['INVALID_QUANTITY']);
  assert.deepEqual(codes(1.5, '到货', 'restock-0001'), ['INVALID_QUANTITY']);
  assert.deepEqual(codes(1, ' ', 'restock-0001'), ['INVALID_REASON']);
  assert.deepEqual(codes(1, 'ok', 'short'), ['INVALID_IDEMPOTENCY_KEY']);
});
