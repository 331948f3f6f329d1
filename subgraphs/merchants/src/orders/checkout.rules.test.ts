import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeOrderProblems, priceCheckout, type CheckoutPricingInput, type PricedProduct } from './checkout.rules.js';
import { chinaDay, deliverySlots } from './delivery.rules.js';

const products = new Map<string, PricedProduct>([
  ['peach', { id: 'peach', merchantId: 'm-fruit', name: '黄桃', category: 'fruit', specs: [{ id: 'peach-1', name: '斤', priceFen: 1280, stock: 10 }] }],
  ['cake', { id: 'cake', merchantId: 'm-bakery', name: '蛋糕', category: 'bakery', specs: [{ id: 'cake-1', name: '6 寸', priceFen: 16800, stock: 2 }, { id: 'cake-2', name: '8 寸', priceFen: 22800, stock: 1 }] }],
]);
const at = new Date('2026-11-29T01:00:00Z'); // 09:00 in China
const base = (input: Partial<CheckoutPricingInput['input']>): CheckoutPricingInput => ({
  checkoutId: 'co-1',
  allianceId: 'demo',
  buyer: { subject: 'alice', name: 'Alice', phone: '' },
  member: true,
  input: { lines: [], paymentMethod: 'ONLINE', idempotencyKey: 'k-12345678', pickupPointId: 'pp-1', ...input },
  products,
  shops: new Map([
    ['m-fruit', { merchantId: 'm-fruit', delivery: { feeFen: 500, freeFromFen: 5000 } }],
    ['m-bakery', { merchantId: 'm-bakery', delivery: null }],
  ]),
  slots: deliverySlots(at),
  pickupCodes: ['111111', '222222'],
  at,
});

test('one order per shop, in a stable order, lines merged per spec, priced from the products', () => {
  const r = priceCheckout(base({ lines: [{ productId: 'peach', quantity: 2 }, { productId: 'cake', specId: 'cake-2', quantity: 1 }, { productId: 'peach', quantity: 1 }] }));
  assert.ok('orders' in r);
  assert.deepEqual(r.orders.map((o) => [o.orderId, o.merchantId, o.totalFen, o.pickupCode]), [
    ['co-1-1', 'm-bakery', 22800, '111111'],
    ['co-1-2', 'm-fruit', 3840, '222222'],
  ]);
  assert.deepEqual(r.orders[1]!.lines.map((l) => l.quantity), [3]);
  assert.deepEqual(r.reservations.map((x) => [x.orderId, x.spec.id, x.quantity]), [
    ['co-1-1', 'cake-2', 1],
    ['co-1-2', 'peach-1', 3],
  ]);
});

test('a member is charged the member price, compared with what the client expected; the list price is kept', () => {
  const withMember = new Map(products);
  withMember.set('cake', { ...products.get('cake')!, specs: [{ id: 'cake-1', name: '6 寸', priceFen: 16800, stock: 2, memberPriceFen: 15800 }, products.get('cake')!.specs[1]!] });
  const lines = [{ productId: 'cake', specId: 'cake-1', quantity: 2, expectedUnitPriceFen: 15800 }, { productId: 'peach', quantity: 1 }];
  const r = priceCheckout({ ...base({ lines }), products: withMember });
  assert.ok('orders' in r);
  assert.deepEqual(r.orders[0]!.lines.map((l) => [l.unitPriceFen, l.listPriceFen]), [[15800, 16800]]);
  assert.equal(r.orders[0]!.subtotalFen, 31600);
  assert.deepEqual(r.orders[1]!.lines.map((l) => [l.unitPriceFen, l.listPriceFen]), [[1280, 1280]]);
  // The list price the client showed is not what a member is charged.
  const stale = priceCheckout({ ...base({ lines: [{ ...lines[0]!, expectedUnitPriceFen: 16800 }] }), products: withMember });
  assert.ok('userErrors' in stale && stale.userErrors[0]!.code === 'PRICE_CHANGED' && /158\.00/.test(stale.userErrors[0]!.message));
  // Someone who is not a member pays the price.
  const other = priceCheckout({ ...base({ lines: [{ ...lines[0]!, expectedUnitPriceFen: 16800 }] }), products: withMember, member: false });
  assert.ok('orders' in other && other.orders[0]!.lines[0]!.unitPriceFen === 16800);
});

test('unknown products, missing specs, changed prices and short stock are each named at their line', () => {
  const r = priceCheckout(base({ lines: [{ productId: 'nope', quantity: 1 }, { productId: 'cake', quantity: 1 }, { productId: 'peach', quantity: 11 }, { productId: 'cake', specId: 'cake-1', quantity: 1, expectedUnitPriceFen: 15000 }] }));
  assert.ok('userErrors' in r);
  assert.deepEqual(r.userErrors.map((e) => [e.code, e.field?.join('.')]), [
    ['UNKNOWN_PRODUCT', 'lines.0.productId'],
    ['SPEC_REQUIRED', 'lines.1.specId'],
    ['PRICE_CHANGED', 'lines.3.expectedUnitPriceFen'],
    ['OUT_OF_STOCK', 'lines.2.quantity'],
  ]);
});

test('delivery: the fee below the free subtotal, none above it; a shop that does not deliver is named', () => {
  const delivery = { address: '翠苑一区 3 幢', contactName: '王', phone: '13800138000' };
  const small = priceCheckout(base({ pickupPointId: null, delivery, lines: [{ productId: 'peach', quantity: 1 }] }));
  assert.ok('orders' in small && small.orders[0]!.deliveryFeeFen === 500 && small.orders[0]!.fulfilment.kind === 'DELIVERY');
  const big = priceCheckout(base({ pickupPointId: null, delivery, lines: [{ productId: 'peach', quantity: 4 }] }));
  assert.ok('orders' in big && big.orders[0]!.deliveryFeeFen === 0);
  const cake = priceCheckout(base({ pickupPointId: null, delivery, lines: [{ productId: 'cake', specId: 'cake-1', quantity: 1 }] }));
  assert.ok('userErrors' in cake && cake.userErrors[0]!.code === 'DELIVERY_NOT_AVAILABLE');
  const badSlot = priceCheckout(base({ pickupPointId: null, delivery: { ...delivery, slots: [{ merchantId: 'm-fruit', slotId: 'x' }] }, lines: [{ productId: 'peach', quantity: 1 }] }));
  assert.ok('userErrors' in badSlot && badSlot.userErrors[0]!.code === 'UNKNOWN_SLOT');
});

test('input problems: key, lines, quantities, fulfilment, phone', () => {
  const codes = (input: Partial<CheckoutPricingInput['input']>) => placeOrderProblems(base(input).input).map((e) => e.code);
  assert.deepEqual(codes({ lines: [{ productId: 'peach', quantity: 1 }] }), []);
  assert.deepEqual(codes({ lines: [] }), ['EMPTY_CART']);
  assert.deepEqual(codes({ lines: [{ productId: 'peach', quantity: 1000 }], idempotencyKey: 'x' }), ['INVALID_IDEMPOTENCY_KEY', 'INVALID_QUANTITY']);
  assert.deepEqual(codes({ lines: [{ productId: 'peach', quantity: 1 }], pickupPointId: null }), ['FULFILMENT_REQUIRED']);
  assert.deepEqual(codes({ lines: [{ productId: 'peach', quantity: 1 }], contactPhone: '123' }), ['INVALID_PHONE']);
});

test('delivery slots start at least an hour ahead, today then tomorrow, in China time', () => {
  const slots = deliverySlots(at);
  assert.deepEqual(slots.map((s) => s.id), ['20261129-10', '20261129-17', '20261129-19', '20261130-10', '20261130-17', '20261130-19']);
  assert.equal(deliverySlots(new Date('2026-11-29T01:30:00Z'))[0]!.id, '20261129-17', '10:00 is less than an hour after 09:30');
  assert.equal(chinaDay(new Date('2026-11-29T17:00:00Z')), '2026-11-30');
});
