import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowOf, flowProjection } from './flow.rules.js';

test('an order at another shop inside the referral window flows from the referring shop', () => {
  const order = { orderId: 'o1', merchantId: 'm-bakery', placedAtMs: 1000, goodsNetFen: 2500 };
  assert.deepEqual(flowOf(order, { shop: 'm-fruit', untilMs: 2000 }), { orderId: 'o1', from: 'm-fruit', to: 'm-bakery', gmvFen: 2500 }, 'm-fruit → m-bakery');
  assert.equal(flowOf(order, { shop: 'm-bakery', untilMs: 2000 }), null, 'the referrer selling');
  assert.equal(flowOf(order, { shop: 'm-fruit', untilMs: 1000 }), null, 'the window closed');
  assert.equal(flowOf(order, null), null, 'no referrer');
});

test('the matrix sums orders and GMV per pair', () => {
  const m = [
    { orderId: 'a', from: 'm-fruit', to: 'm-bakery', gmvFen: 100 },
    { orderId: 'b', from: 'm-fruit', to: 'm-bakery', gmvFen: 50 },
    { orderId: 'c', from: 'm-tea', to: 'm-bakery', gmvFen: 10 },
    { orderId: 'd', from: 'm-bakery', to: 'm-fruit', gmvFen: 7 },
  ].reduce(flowProjection.evolve, flowProjection.initial);
  assert.deepEqual(m['m-fruit>m-bakery'], { from: 'm-fruit', to: 'm-bakery', orders: 2, gmvFen: 150 }, 'two orders of one pair');
  assert.deepEqual(m['m-bakery>m-fruit'], { from: 'm-bakery', to: 'm-fruit', orders: 1, gmvFen: 7 }, 'the reverse pair is its own');
  assert.equal(Object.keys(m).length, 3, 'one cell per pair');
});
