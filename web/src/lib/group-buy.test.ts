/** Pure helpers of group-buy (拼团) and the coupon wallet (issue 7). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeOrderInput, checkoutValues } from './checkout-form';
import { couponShopPath, walletSections } from './coupon-view';
import {
  formatTimeLeft,
  groupBuyCheckoutOf,
  groupBuyCheckoutPath,
  groupBuyInputOf,
  groupPhase,
  groupProgressPercent,
  groupUnitPrice,
  struckPrice,
  timeLeft,
} from './group-buy';

test('a group-buy checkout URL round-trips, and anything that is not one reads as the cart checkout', () => {
  const open = { promotionId: 'promo-1a2b', groupId: null, productId: 'p-fruit-01', specId: 's-1', quantity: 2 };
  assert.equal(groupBuyCheckoutPath(open), '/checkout?gb=promo-1a2b&product=p-fruit-01&spec=s-1&qty=2');
  const join = { ...open, groupId: 'gb-0123456789abcdef' };
  const query = Object.fromEntries(new URLSearchParams(groupBuyCheckoutPath(join).split('?')[1]));
  assert.deepEqual(groupBuyCheckoutOf(query), join);

  assert.equal(groupBuyCheckoutOf({}), null, 'no group-buy: the cart');
  assert.equal(groupBuyCheckoutOf({ gb: 'x', product: '' }), null, 'a group-buy needs its product');
  assert.equal(groupBuyCheckoutOf({ gb: '<script>', product: 'p' }), null);
  assert.deepEqual(groupBuyCheckoutOf({ gb: ['a', 'b'], product: 'p', group: 'bad id!', qty: '0' }), { promotionId: 'a', groupId: null, productId: 'p', specId: null, quantity: 1 });
  assert.equal(groupBuyCheckoutOf({ gb: 'a', product: 'p', qty: '99' })?.quantity, 99);
  assert.equal(groupBuyCheckoutOf({ gb: 'a', product: 'p', qty: '1e3' })?.quantity, 1);
  assert.equal(groupBuyCheckoutOf({ gb: 'a', product: 'p', qty: '-3' })?.quantity, 1);
});

test('the posted group-buy reaches PlaceOrderInput; a cart checkout carries none', () => {
  const form = new FormData();
  form.set('lineCount', '1');
  form.set('line.0.productId', 'p-fruit-01');
  form.set('line.0.quantity', '1');
  form.set('line.0.unitFen', '1280');
  form.set('fulfilment', 'PICKUP');
  form.set('pickupPointId', 'pp-cuiyuan');
  form.set('paymentMethod', 'ON_HANDOVER');
  form.set('idempotencyKey', 'co-abcdefgh');
  assert.equal(placeOrderInput(form).groupBuy, undefined);
  assert.equal(groupBuyInputOf(form), null);

  form.set('groupBuy.promotionId', 'promo-1');
  assert.deepEqual(placeOrderInput(form).groupBuy, { promotionId: 'promo-1', groupId: null }, 'opens a group');
  form.set('groupBuy.groupId', 'gb-1');
  form.set('back', '/checkout?gb=promo-1');
  assert.deepEqual(placeOrderInput(form).groupBuy, { promotionId: 'promo-1', groupId: 'gb-1' }, 'joins one');
  const values = checkoutValues(form);
  assert.ok(!('groupBuy.groupId' in values) && !('back' in values), 'neither is a value to fill in again');
  form.set('groupBuy.promotionId', 'not an id');
  assert.equal(placeOrderInput(form).groupBuy, undefined);
});

test('only the 7-day reference price is struck through, and only when it is above the promotional price', () => {
  assert.equal(struckPrice(1180, 1280), 1280);
  assert.equal(struckPrice(1180, 1180), null, 'an equal price claims no saving');
  assert.equal(struckPrice(1180, 1000), null, 'a lower reference (the price was cut this week) is never struck through');
});

test('the group price per unit is the unit price less that group-buy\'s own discount', () => {
  const applied = [
    { promotionId: 'gb', amount: { amountFen: 100 } },
    { promotionId: 'new-member', amount: { amountFen: 300 } },
  ];
  assert.deepEqual(groupUnitPrice(1280, 1280, applied, 'gb'), { groupFen: 1180, struckFen: 1280 });
  assert.deepEqual(groupUnitPrice(1280, 1180, applied, 'gb'), { groupFen: 1180, struckFen: null }, 'the reference, not the current price, decides the strike');
  assert.deepEqual(groupUnitPrice(1280, 1280, [{ promotionId: 'gb', amount: { amountFen: 300 } }], 'gb', 3), { groupFen: 1180, struckFen: 1280 }, 'three units, ¥1 each');
  assert.equal(groupUnitPrice(1280, 1280, [{ promotionId: 'gb', amount: { amountFen: 200 } }], 'gb', 3), null, 'an uneven split shows no unit price');
  assert.equal(groupUnitPrice(1280, 1280, applied, 'other'), null, 'the group-buy did not apply');
  assert.equal(groupUnitPrice(1280, 1280, [], 'gb'), null);
  assert.deepEqual(groupUnitPrice(50, 80, [{ promotionId: 'gb', amount: { amountFen: 80 } }], 'gb'), { groupFen: 0, struckFen: 80 }, 'never below zero');
});

test('time left counts down to zero and formats as hh:mm:ss', () => {
  const now = Date.parse('2026-11-29T08:00:00.000Z');
  const t = timeLeft('2026-11-30T07:59:58.500Z', now);
  assert.deepEqual({ ...t, ms: undefined }, { ms: undefined, hours: 23, minutes: 59, seconds: 58 });
  assert.equal(formatTimeLeft(t), '23:59:58');
  assert.equal(timeLeft('2026-11-29T07:00:00.000Z', now).ms, 0);
  assert.equal(timeLeft(null, now).ms, 0, 'no deadline: nothing left');
  assert.equal(formatTimeLeft(timeLeft('2026-11-29T08:00:05.000Z', now)), '00:00:05');
});

test('a group reads open, closing (past its deadline, not yet failed), filled or failed', () => {
  const now = Date.parse('2026-11-29T08:00:00.000Z');
  const later = '2026-11-29T09:00:00.000Z';
  const earlier = '2026-11-29T07:00:00.000Z';
  assert.equal(groupPhase({ status: 'OPEN', deadline: later, needed: 1 }, now), 'open');
  assert.equal(groupPhase({ status: 'OPEN', deadline: earlier, needed: 1 }, now), 'closing');
  assert.equal(groupPhase({ status: 'OPEN', deadline: later, needed: 0 }, now), 'closing');
  assert.equal(groupPhase({ status: 'FILLED', deadline: earlier, needed: 0 }, now), 'filled');
  assert.equal(groupPhase({ status: 'FAILED', deadline: earlier, needed: 1 }, now), 'failed');
  assert.equal(groupProgressPercent(1, 2), 50);
  assert.equal(groupProgressPercent(3, 2), 100);
  assert.equal(groupProgressPercent(1, 0), 0);
});

test('the wallet lists usable coupons first, in the API\'s order, then used and expired ones', () => {
  const coupons = [
    { id: 'a', status: 'USED' },
    { id: 'b', status: 'AVAILABLE' },
    { id: 'c', status: 'EXPIRED' },
    { id: 'd', status: 'AVAILABLE' },
  ];
  const { usable, past } = walletSections(coupons);
  assert.deepEqual(usable.map((c) => c.id), ['b', 'd']);
  assert.deepEqual(past.map((c) => c.id), ['a', 'c']);
  assert.equal(couponShopPath('m-bakery'), '/?merchant=m-bakery');
});
