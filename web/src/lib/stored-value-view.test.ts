import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listedBalances, memberCodeOf, storedValueOffer, topUpFenOf } from './stored-value-view';

const fruit = { id: 'm-fruit', name: '鲜果时光水果店' };
const bakery = { id: 'm-bakery', name: '麦香烘焙' };
const bal = (m: { id: string; name: string }, balanceFen: number) => ({ merchant: m, balanceFen });

test('the counter reads yuan as whole fen and refuses what is not an amount', () => {
  assert.equal(topUpFenOf('100'), 10_000);
  assert.equal(topUpFenOf('12.5'), 1250);
  assert.equal(topUpFenOf('¥0.99'), 99);
  assert.equal(topUpFenOf('1.234'), null);
  assert.equal(topUpFenOf('-5'), null);
  assert.equal(topUpFenOf(''), null);
});

test('a member code forgives spaces and case', () => {
  assert.equal(memberCodeOf(' MEM_0123456789abcdef01234567 \n'), 'mem_0123456789abcdef01234567');
});

test('储值支付 is offered for a one-shop cart with a balance there, and says whether it covers the total', () => {
  assert.deepEqual(storedValueOffer([fruit, fruit], [bal(fruit, 5000), bal(bakery, 100)], 3000), { kind: 'offered', merchantId: 'm-fruit', merchantName: fruit.name, balanceFen: 5000, enough: true });
  const short = storedValueOffer([fruit], [bal(fruit, 2000)], 3000);
  assert.equal(short.kind === 'offered' && short.enough, false);
});

test('储值支付 is not offered for a mixed cart, without a balance at the shop, or when balances are unknown', () => {
  assert.deepEqual(storedValueOffer([fruit, bakery], [bal(fruit, 5000)], 3000), { kind: 'mixed' });
  assert.deepEqual(storedValueOffer([fruit], [bal(bakery, 5000)], 3000), { kind: 'noBalance', merchantName: fruit.name });
  assert.deepEqual(storedValueOffer([fruit], [bal(fruit, 0)], 3000), { kind: 'noBalance', merchantName: fruit.name });
  assert.deepEqual(storedValueOffer([fruit], null, 3000), { kind: 'unavailable' });
});

test('listed balances leave out ¥0 and put the largest first', () => {
  assert.deepEqual(listedBalances([bal(fruit, 100), bal(bakery, 0), bal({ id: 'm-x', name: 'X' }, 900)]).map((b) => b.merchant.id), ['m-x', 'm-fruit']);
});

test('the checkout form sends 储值支付 as STORED_VALUE, and anything unknown as online', async () => {
  const { paymentChoiceOf } = await import('./checkout-form');
  assert.equal(paymentChoiceOf('STORED_VALUE'), 'STORED_VALUE');
  assert.equal(paymentChoiceOf('ON_HANDOVER'), 'ON_HANDOVER');
  assert.equal(paymentChoiceOf('CASH'), 'ONLINE');
  assert.equal(paymentChoiceOf(undefined), 'ONLINE');
});
