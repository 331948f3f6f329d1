import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFen } from './money';

test('formats whole and fractional yuan with two decimals', () => {
  assert.equal(formatFen(1250), '¥12.50');
  assert.equal(formatFen(1205), '¥12.05');
  assert.equal(formatFen(1200), '¥12.00');
  assert.equal(formatFen(99), '¥0.99');
  assert.equal(formatFen(5), '¥0.05');
  assert.equal(formatFen(0), '¥0.00');
});

test('formats large amounts exactly', () => {
  assert.equal(formatFen(123456789), '¥1234567.89');
  assert.equal(formatFen(Number.MAX_SAFE_INTEGER), '¥90071992547409.91');
});

test('puts the sign before the currency symbol', () => {
  assert.equal(formatFen(-1250), '-¥12.50');
  assert.equal(formatFen(-1), '-¥0.01');
});

test('refuses non-integer or unsafe amounts', () => {
  assert.throws(() => formatFen(12.5), RangeError);
  assert.throws(() => formatFen(Number.NaN), RangeError);
  assert.throws(() => formatFen(Number.POSITIVE_INFINITY), RangeError);
  assert.throws(() => formatFen(Number.MAX_SAFE_INTEGER + 1), RangeError);
});
