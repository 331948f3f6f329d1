import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartProjection, decideSet, MAX_LINES, quantityProblems, viewCart, type CartFact, type CartLineState } from './cart.rules.js';

const line = (productId: string, quantity: number, addedPriceFen = 100, specId = `${productId}-1`): CartLineState => ({ productId, specId, quantity, addedPriceFen });
const fold = (facts: CartFact[]) => facts.reduce(cartProjection.evolve, cartProjection.initial);

test('setting a quantity adds, changes in place, or removes at 0; clearing empties', () => {
  const lines = fold([{ set: line('a', 1) }, { set: line('b', 2) }, { set: line('a', 3) }]);
  assert.deepEqual(lines.map((l) => [l.productId, l.quantity]), [['a', 3], ['b', 2]]);
  assert.deepEqual(fold([{ set: line('a', 1) }, { set: line('a', 0) }]), []);
  assert.deepEqual(fold([{ set: line('a', 1) }, { cleared: true }]), []);
});

test('more of a line keeps the price it was first added at; nothing to change appends nothing', () => {
  const lines = [line('a', 1, 100)];
  const more = decideSet(lines, line('a', 2, 120));
  assert.ok('fact' in more && more.fact && 'set' in more.fact && more.fact.set.addedPriceFen === 100);
  assert.deepEqual(decideSet(lines, line('a', 1, 100)), { fact: null });
  assert.deepEqual(decideSet([], line('z', 0)), { fact: null });
  const full = decideSet(Array.from({ length: MAX_LINES }, (_, i) => line(`p${i}`, 1)), line('new', 1));
  assert.ok('error' in full && full.error.code === 'CART_FULL');
});

test('quantities are whole numbers from 1 (or 0 to remove) to 99', () => {
  assert.deepEqual(quantityProblems(2, ['q'], false), []);
  assert.equal(quantityProblems(0, ['q'], false)[0]!.code, 'INVALID_QUANTITY');
  assert.deepEqual(quantityProblems(0, ['q'], true), []);
  assert.equal(quantityProblems(1.5, ['q'], true).length, 1);
  assert.equal(quantityProblems(100, ['q'], true).length, 1);
});

test('the view groups by shop, prices as now, and flags changed prices, short stock and vanished items', () => {
  const lines = [line('a', 2, 100), line('b', 1, 500), line('c', 3, 200), line('gone', 1, 50)];
  const items: Record<string, { merchantId: string; priceFen: number; stock: number }> = {
    a: { merchantId: 'm1', priceFen: 100, stock: 10 },
    b: { merchantId: 'm2', priceFen: 450, stock: 10 },
    c: { merchantId: 'm1', priceFen: 200, stock: 2 },
  };
  const v = viewCart(lines, (l) => items[l.productId] ?? null);
  assert.deepEqual(v.groups.map((g) => [g.merchantId, g.subtotalFen]), [['m1', 800], ['m2', 450]]);
  assert.equal(v.totalFen, 1250);
  assert.equal(v.totalQuantity, 6);
  const flags = v.groups.flatMap((g) => g.lines).map((l) => [l.line.productId, l.priceChanged, l.soldOut]);
  assert.deepEqual(flags, [['a', false, false], ['c', false, true], ['b', true, false]]);
  assert.equal(v.hasProblems, true);
  assert.equal(viewCart([line('a', 1)], (l) => items[l.productId] ?? null).hasProblems, false);
});
