import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkoutValues, placeOrderInput } from './checkout-form';
import { bpOfPercent, chinaDate, maxRedeemable, percentOfBp, pointsToRedeemOf } from './points-view';

test('a checkout offers at most her balance and at most the goods after promotions, never below zero', () => {
  assert.equal(maxRedeemable(500, 1280), 500);
  assert.equal(maxRedeemable(5000, 1280), 1280);
  assert.equal(maxRedeemable(5000, 1280, 300), 980);
  assert.equal(maxRedeemable(0, 1280), 0);
  assert.equal(maxRedeemable(100, 200, 500), 0);
});

test('使用积分: empty or zero is none, a whole number is itself, anything else goes to the server as invalid', () => {
  assert.equal(pointsToRedeemOf(''), null);
  assert.equal(pointsToRedeemOf(' 0 '), null);
  assert.equal(pointsToRedeemOf('000'), null);
  assert.equal(pointsToRedeemOf('128'), 128);
  assert.equal(pointsToRedeemOf(' 42 '), 42);
  for (const bad of ['-5', '1.5', 'abc', '1e3', '12345678901']) assert.equal(pointsToRedeemOf(bad), -1, bad);
});

test('a shop rate between basis points and the percent its owner types', () => {
  assert.equal(percentOfBp(100), '1');
  assert.equal(percentOfBp(150), '1.5');
  assert.equal(percentOfBp(5), '0.05');
  assert.equal(percentOfBp(0), '0');
  assert.equal(bpOfPercent('1'), 100);
  assert.equal(bpOfPercent('1.5'), 150);
  assert.equal(bpOfPercent('2.25%'), 225);
  assert.equal(bpOfPercent('0.05'), 5);
  assert.equal(bpOfPercent('0'), 0);
  for (const bad of ['', '-1', '1.234', 'abc', '1,5']) assert.equal(bpOfPercent(bad), null, bad);
  for (const bp of [0, 1, 5, 99, 100, 150, 2000]) assert.equal(bpOfPercent(percentOfBp(bp)), bp);
});

test('a lot expires on a China date: 16:00 UTC is already the next day there', () => {
  assert.equal(chinaDate('2028-11-29T15:59:59.000Z'), '2028-11-29');
  assert.equal(chinaDate('2028-11-29T16:00:00.000Z'), '2028-11-30');
  assert.equal(chinaDate(null), '');
  assert.equal(chinaDate('nope'), '');
});

test('the checkout form sends pointsToRedeem only when she uses some, and keeps what she typed', () => {
  const form = (extra: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of [['idempotencyKey', 'co-1'], ['lineCount', '1'], ['line.0.productId', 'p-bakery-06'], ['line.0.quantity', '1'], ['line.0.unitFen', '1800'], ['pickupPointId', 'pp-cuiyuan'], ...extra] as [string, string][]) f.append(k, v);
    return f;
  };
  assert.equal(placeOrderInput(form([])).pointsToRedeem, undefined);
  assert.equal(placeOrderInput(form([['pointsToRedeem', '0']])).pointsToRedeem, undefined);
  assert.equal(placeOrderInput(form([['pointsToRedeem', '150']])).pointsToRedeem, 150);
  assert.equal(placeOrderInput(form([['pointsToRedeem', '1.5']])).pointsToRedeem, -1);
  assert.equal(checkoutValues(form([['pointsToRedeem', '150']])).pointsToRedeem, '150');
});
