import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePay, decidePayBack, decideRefund, decideTopUp, singleShop, storedValueProjection, type StoredValueFact, type StoredValueState } from './stored-value.rules.js';

const at = '2026-11-29T02:00:00.000Z';
const apply = (s: StoredValueState, f: StoredValueFact | null) => (f ? storedValueProjection.evolve(s, f) : s);
const ok = <T>(d: T): Exclude<T, { code: string }> => {
  assert.ok(!(d && typeof d === 'object' && 'code' in d), JSON.stringify(d));
  return d as Exclude<T, { code: string }>;
};

test('top-ups: idempotent by key, at least ¥1, at most ¥5,000 held at one shop', () => {
  let s = apply(storedValueProjection.initial, ok(decideTopUp(storedValueProjection.initial, { key: 'k1', amountFen: 20_000, by: 'fruit-owner', at })).fact);
  assert.equal(s.balanceFen, 20_000);
  assert.deepEqual(decideTopUp(s, { key: 'k1', amountFen: 20_000, by: 'x', at }), { fact: null }, 'the same top-up again');
  assert.equal((decideTopUp(s, { key: 'k1', amountFen: 1, by: 'x', at }) as { code: string }).code, 'KEY_REUSED');
  assert.equal((decideTopUp(s, { key: 'k2', amountFen: 50, by: 'x', at }) as { code: string }).code, 'INVALID_AMOUNT');
  assert.equal((decideTopUp(s, { key: 'k3', amountFen: 480_001, by: 'x', at }) as { code: string }).code, 'BALANCE_LIMIT');
  s = apply(s, ok(decideTopUp(s, { key: 'k4', amountFen: 480_000, by: 'x', at })).fact);
  assert.equal(s.balanceFen, 500_000);
});

test('payments never pass the balance; a checkout pays once; refunds come back in part, then the rest', () => {
  let s = apply(storedValueProjection.initial, ok(decideTopUp(storedValueProjection.initial, { key: 'k', amountFen: 10_000, by: 'x', at })).fact);
  assert.equal((decidePay(s, { checkoutId: 'c0', orders: [{ orderId: 'o0', amountFen: 10_001 }], at }) as { code: string }).code, 'INSUFFICIENT_BALANCE');
  s = apply(s, ok(decidePay(s, { checkoutId: 'c1', orders: [{ orderId: 'o1', amountFen: 6_000 }], at })).fact);
  assert.equal(s.balanceFen, 4_000);
  assert.deepEqual(decidePay(s, { checkoutId: 'c1', orders: [{ orderId: 'o1', amountFen: 6_000 }], at }), { fact: null }, 'paid already');
  s = apply(s, decideRefund(s, { eventId: 'r1', checkoutId: 'c1', orderId: 'o1', refundedFen: 1_000, at }));
  assert.equal(s.balanceFen, 5_000);
  assert.equal(decideRefund(s, { eventId: 'r1', checkoutId: 'c1', orderId: 'o1', refundedFen: 1_000, at }), null, 'redelivered');
  s = apply(s, decideRefund(s, { eventId: 'r2', checkoutId: 'c1', orderId: 'o1', refundedFen: 'ALL', at }));
  assert.equal(s.balanceFen, 10_000);
  assert.equal(decideRefund(s, { eventId: 'r3', checkoutId: 'c1', orderId: 'o1', refundedFen: 'ALL', at }), null, 'nothing more to give');
  assert.equal(decideRefund(s, { eventId: 'r4', checkoutId: 'cX', orderId: 'oX', refundedFen: 'ALL', at }), null, 'not paid with stored value');
});

test('paid back whole; nothing to pay back at ¥0', () => {
  const s = apply(storedValueProjection.initial, ok(decideTopUp(storedValueProjection.initial, { key: 'k', amountFen: 3_000, by: 'x', at })).fact);
  const back = ok(decidePayBack(s, 'REQUESTED', at)).fact;
  assert.equal(back.kind === 'PAID_BACK' && back.amountFen, 3_000);
  assert.equal((decidePayBack(apply(s, back), 'ERASURE', at) as { code: string }).code, 'NOTHING_TO_PAY_BACK');
});

test('stored value pays a checkout of one shop only', () => {
  assert.equal(singleShop(['m-fruit', 'm-fruit']), 'm-fruit');
  assert.equal(singleShop(['m-fruit', 'm-bakery']), null);
  assert.equal(singleShop([]), null);
});
