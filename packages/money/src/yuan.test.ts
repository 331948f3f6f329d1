import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fenToYuan, yuanToFen } from './yuan.js';

test('元 text to fen by digits: signs, spaces and up to two decimals; anything else is not an amount', () => {
  assert.equal(yuanToFen('12'), 1200);
  assert.equal(yuanToFen('12.5'), 1250);
  assert.equal(yuanToFen('0.07'), 7);
  assert.equal(yuanToFen('19.99'), 1999);
  assert.equal(yuanToFen('￥ 1 280.00'), 128000);
  assert.equal(yuanToFen('¥3'), 300);
  for (const bad of ['12.345', '-1', '1e3', '', '.5', '1,000', '0x10', '１２']) assert.equal(yuanToFen(bad), null, bad);
});

test('fen to 元 with two decimals, signed, and refuses what is not whole fen', () => {
  assert.deepEqual([fenToYuan(0), fenToYuan(5), fenToYuan(1000), fenToYuan(123_456), fenToYuan(-1999)], ['0.00', '0.05', '10.00', '1234.56', '-19.99']);
  assert.equal(fenToYuan(Number.MAX_SAFE_INTEGER), '90071992547409.91');
  assert.throws(() => fenToYuan(1.5), RangeError);
});

test('every amount a sheet can hold survives the round trip', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999_99 }), (fen) => yuanToFen(fenToYuan(fen)) === fen));
});
