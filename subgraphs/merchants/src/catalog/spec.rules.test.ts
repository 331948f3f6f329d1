import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickSpec, specsOf, summarizeSpecs, withSpecPrice } from './spec.rules.js';

const two = [
  { id: 'p1-1', name: '6 寸', priceFen: 16800, stock: 8 },
  { id: 'p1-2', name: '8 寸', priceFen: 22800, stock: 3 },
];

test('a product from before specs sells as one spec named by its unit', () => {
  assert.deepEqual(specsOf({ id: 'p9', unit: '斤', priceFen: 1280, stock: 120 }), [{ id: 'p9-1', name: '斤', priceFen: 1280, stock: 120 }]);
  assert.deepEqual(specsOf({ id: 'p1', unit: '个', priceFen: 0, stock: 0, specs: two }), two);
});

test('listed price is the lowest spec price, stock the sum of every spec', () => {
  assert.deepEqual(summarizeSpecs(two), { priceFen: 16800, stock: 11 });
});

test('a spec may be left out only when there is one; unknown specs are named', () => {
  assert.deepEqual(pickSpec(two.slice(0, 1), null, ['specId']), { spec: two[0] });
  const unnamed = pickSpec(two, undefined, ['specId']);
  assert.ok('error' in unnamed && unnamed.error.code === 'SPEC_REQUIRED');
  const unknown = pickSpec(two, 'p1-9', ['specId']);
  assert.ok('error' in unknown && unknown.error.code === 'UNKNOWN_SPEC');
  assert.deepEqual(pickSpec(two, 'p1-2', ['specId']), { spec: two[1] });
});

test('a spec price change touches that spec only', () => {
  assert.deepEqual(withSpecPrice(two, 'p1-2', 19900).map((s) => s.priceFen), [16800, 19900]);
});
