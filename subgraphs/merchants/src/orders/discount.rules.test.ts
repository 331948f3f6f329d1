import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDiscounts, discountRequestLines, promotionProblem } from './discount.rules.js';
import type { PlacedOrder } from './order.rules.js';

const order = (n: number, merchantId: string, prices: number[], fee = 0): PlacedOrder => ({
  orderId: `co-1-${n}`,
  checkoutId: 'co-1',
  allianceId: 'demo',
  merchantId,
  buyer: { subject: 's', name: 'n', phone: '' },
  lines: prices.map((p, i) => ({ id: String(i + 1), productId: `p${n}${i}`, specId: 'default', productName: 'x', specName: 'y', category: 'c', unitPriceFen: p, quantity: 1 })),
  subtotalFen: prices.reduce((a, b) => a + b, 0),
  deliveryFeeFen: fee,
  totalFen: prices.reduce((a, b) => a + b, 0) + fee,
  paymentMethod: 'ONLINE',
  fulfilment: { kind: 'PICKUP', pickupPointId: 'pp' },
  pickupCode: '123456',
  note: null,
  placedAt: '2026-11-29T00:00:00.000Z',
});

test('lines are numbered across the orders of a checkout', () => {
  const lines = discountRequestLines([order(1, 'm-bakery', [100, 200]), order(2, 'm-fruit', [300])]);
  assert.deepEqual(lines.map((l) => [l.index, l.merchantId, l.unitPriceFen]), [[0, 'm-bakery', 100], [1, 'm-bakery', 200], [2, 'm-fruit', 300]]);
});

test('each order carries its lines\' discounts, its part of each promotion and a total net of them', () => {
  const orders = [order(1, 'm-bakery', [1000, 2000], 500), order(2, 'm-fruit', [3000])];
  const out = applyDiscounts(orders, {
    lines: [{ index: 0, discountFen: 100 }, { index: 1, discountFen: 200 }, { index: 2, discountFen: 300 }],
    totalDiscountFen: 600,
    refusals: [],
    groupBuy: null,
    applied: [
      {
        promotionId: 'pr-1', kind: 'SPEND_ACROSS_SHOPS', title: 't', amountFen: 600, explanation: 'e',
        lines: [{ index: 0, discountFen: 100 }, { index: 1, discountFen: 200 }, { index: 2, discountFen: 300 }],
        funders: [{ merchantId: 'm-fruit', costFen: 300 }, { merchantId: 'm-bakery', costFen: 300 }],
        byShop: [
          { merchantId: 'm-bakery', amountFen: 300, funders: [{ merchantId: 'm-fruit', costFen: 150 }, { merchantId: 'm-bakery', costFen: 150 }] },
          { merchantId: 'm-fruit', amountFen: 300, funders: [{ merchantId: 'm-fruit', costFen: 150 }, { merchantId: 'm-bakery', costFen: 150 }] },
        ],
      },
    ],
  });
  assert.deepEqual(out.map((o) => [o.discountFen, o.totalFen]), [[300, 3200], [300, 2700]]);
  assert.deepEqual(out[0]!.lines.map((l) => l.discountFen), [100, 200]);
  assert.equal(out[1]!.promotions![0]!.amountFen, 300);
  assert.equal(out[1]!.promotions![0]!.funders.reduce((s, f) => s + f.costFen, 0), 300);
});

test('no promotions: orders are unchanged but for explicit zeros', () => {
  const out = applyDiscounts([order(1, 'm-fruit', [500])], { lines: [], totalDiscountFen: 0, applied: [], refusals: [], groupBuy: null });
  assert.deepEqual([out[0]!.discountFen, out[0]!.totalFen, out[0]!.promotions], [0, 500, []]);
});

test('a group-buy asked for and refused, or not applying, is a userError naming why', () => {
  const asked = { promotionId: 'pr-g', groupId: 'gb-1' };
  assert.equal(promotionProblem(null, { refusals: [], groupBuy: null }), null);
  assert.equal(promotionProblem(asked, { refusals: [{ promotionId: 'pr-g', code: 'GROUP_FULL' }], groupBuy: null })?.code, 'GROUP_FULL');
  assert.equal(promotionProblem(asked, { refusals: [], groupBuy: null })?.code, 'GROUP_BUY_NOT_APPLICABLE');
  assert.equal(promotionProblem(asked, { refusals: [], groupBuy: { promotionId: 'pr-g', groupId: 'gb-1' } }), null);
  assert.equal(promotionProblem(null, { refusals: [{ promotionId: 'pr-p', code: 'PRESALE_SOLD_OUT' }], groupBuy: null })?.code, 'PRESALE_SOLD_OUT');
});
