import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paysExactly } from './payment.rules.js';

const orders = [
  { orderId: 'co-1-1', totalFen: 8800 },
  { orderId: 'co-1-2', totalFen: 1760 },
];
const sub = (orderId: string, amountFen: number, success = true) => ({ orderId, subMerchantId: 's', amountFen, payerAmountFen: amountFen, transactionId: `t-${orderId}`, success });

test('a notification pays a checkout only with one successful sub-order per order, each for its total', () => {
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800), sub('co-1-2', 1760)]), true);
  assert.equal(paysExactly(orders, [sub('co-1-2', 1760), sub('co-1-1', 8800)]), true, 'in any order');
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800), sub('co-1-2', 1759)]), false, 'one fen short');
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800)]), false, 'a sub-order missing');
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800), sub('co-1-1', 8800)]), false, 'one paid twice, the other not');
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800), sub('co-1-2', 1760), sub('co-9-1', 1)]), false, 'a stranger');
  assert.equal(paysExactly(orders, [sub('co-1-1', 8800), sub('co-1-2', 1760, false)]), false, 'a failed sub-order');
});
