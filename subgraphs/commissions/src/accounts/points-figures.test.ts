import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figuresOf } from './points-figures.js';

test('each points event gives each shop its figures: issued, redeemed here, its own redeemed elsewhere, expired', () => {
  assert.deepEqual(figuresOf({ id: 'e1', type: 'points.issued', data: { merchantId: 'm-fruit', points: 120 } }), [{ merchantId: 'm-fruit', fact: { eventId: 'e1', issued: 120 } }]);
  const redeemed = figuresOf({ id: 'e2', type: 'points.redeemed', data: { orders: [{ merchantId: 'm-bakery', lots: [{ issuerId: 'm-fruit', points: 100 }, { issuerId: 'm-bakery', points: 30 }] }] } });
  assert.deepEqual(redeemed, [
    { merchantId: 'm-bakery', fact: { eventId: 'e2', redeemedHere: 130 } },
    { merchantId: 'm-fruit', fact: { eventId: 'e2', redeemedElsewhere: 100 } },
  ]);
  const returned = figuresOf({ id: 'e3', type: 'points.returned', data: { merchantId: 'm-bakery', lots: [{ issuerId: 'm-fruit', points: 40 }] } });
  assert.deepEqual(returned, [
    { merchantId: 'm-bakery', fact: { eventId: 'e3', redeemedHere: -40 } },
    { merchantId: 'm-fruit', fact: { eventId: 'e3', redeemedElsewhere: -40 } },
  ]);
  assert.deepEqual(figuresOf({ id: 'e4', type: 'points.expired', data: { issuerId: 'm-fruit', points: 7 } }), [{ merchantId: 'm-fruit', fact: { eventId: 'e4', expired: 7 } }]);
});
