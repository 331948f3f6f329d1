import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogProjection, type CatalogProduct } from './catalog.projection.js';
import { interleavedListKey } from './catalog.rules.js';

const shops = [
  { id: 'm1', name: '果', kind: 'FRUIT', neighborhood: '翠苑一区', address: '', badge: '果', description: '' },
  { id: 'm2', name: '焙', kind: 'BAKERY', neighborhood: '文新小区', address: '', badge: '焙', description: '' },
].map((m) => ({ ...m, status: 'ACTIVE' as const, suspendedReason: null, neighborhoodsServed: [m.neighborhood], delivery: null, licences: null }));
const product = (id: string, merchantId: string, i: number, name: string, category = 'fruit'): CatalogProduct => ({
  id,
  merchantId,
  name,
  description: '',
  unit: '个',
  priceFen: 100 + i,
  stock: 10,
  specs: [{ id: `${id}-1`, name: '个', priceFen: 100 + i, stock: 10 }],
  category,
  listKey: interleavedListKey(i, merchantId === 'm1' ? 0 : 1, 2, id),
  listed: true,
  images: [],
});
const rows = [
  product('a1', 'm1', 0, '锦绣黄桃'),
  product('b1', 'm2', 0, '原味可颂', 'bakery'),
  product('a2', 'm1', 1, 'Golden Kiwi'),
  product('b2', 'm2', 1, '黄桃蛋挞', 'bakery'),
  product('a3', 'm1', 2, '丹东草莓'),
];
const build = () => CatalogProjection.build('demo', 1, shops, rows);

test('pages in storefront order, continuing after a cursor key', () => {
  const p = build();
  const first = p.page({}, null, 2);
  assert.deepEqual(first.rows.map((r) => r.id), ['a1', 'b1']);
  assert.equal(first.totalCount, 5);
  assert.equal(first.hasNextPage, true);
  const rest = p.page({}, first.rows[1]!.listKey, 10);
  assert.deepEqual(rest.rows.map((r) => r.id), ['a2', 'b2', 'a3']);
  assert.equal(rest.hasNextPage, false);
});

test('filters by shop, category and neighbourhood; totals count the whole filter, not the page', () => {
  const p = build();
  assert.deepEqual(p.page({ merchantId: 'm2' }, null, 10).rows.map((r) => r.id), ['b1', 'b2']);
  const fruit = p.page({ category: 'fruit' }, null, 1);
  assert.equal(fruit.totalCount, 3);
  assert.deepEqual(fruit.rows.map((r) => r.id), ['a1']);
  assert.equal(fruit.hasNextPage, true);
  assert.equal(p.page({ neighborhood: '文新小区' }, null, 10).totalCount, 2);
  assert.equal(p.page({ neighborhood: '文新小区', merchantId: 'm1' }, null, 10).totalCount, 0);
});

test('search matches any substring of a Chinese name, and Latin names case-insensitively', () => {
  const p = build();
  assert.deepEqual(p.page({ search: '黄桃' }, null, 10).rows.map((r) => r.id), ['a1', 'b2']);
  assert.deepEqual(p.page({ search: '桃' }, null, 10).rows.map((r) => r.id), ['a1', 'b2']);
  assert.deepEqual(p.page({ search: 'kiwi' }, null, 10).rows.map((r) => r.id), ['a2']);
  assert.equal(p.page({ search: '榴莲' }, null, 10).totalCount, 0);
});

test('a price edit is applied in place; a new product takes its place in the order', () => {
  const p = build();
  p.putProduct({ ...p.product('a2')!, priceFen: 999 });
  assert.equal(p.page({}, null, 10).rows.find((r) => r.id === 'a2')!.priceFen, 999);
  p.putProduct({ ...p.product('a2')!, name: '猕猴桃' });
  assert.deepEqual(p.page({ search: '猴桃' }, null, 10).rows.map((r) => r.id), ['a2'], 'a renamed product is found by its new name');
  assert.equal(p.page({ search: 'kiwi' }, null, 10).totalCount, 0);
  p.putProduct(product('b3', 'm2', 2, '全麦欧包', 'bakery'));
  assert.deepEqual(p.page({}, null, 10).rows.map((r) => r.id), ['a1', 'b1', 'a2', 'b2', 'a3', 'b3']);
  assert.equal(p.countBy('merchantId').get('m2'), 3);
  p.removeProduct('b3');
  assert.equal(p.countBy('merchantId').get('m2'), 2);
  assert.equal(p.page({}, null, 10).totalCount, 5);
});

test('stock is patched without touching the order or the version', () => {
  const p = build();
  p.setStock('a1', 0);
  assert.equal(p.product('a1')!.stock, 0);
  p.putProduct({ ...p.product('b1')!, specs: [{ id: 'b1-1', name: '小', priceFen: 1, stock: 2 }, { id: 'b1-2', name: '大', priceFen: 2, stock: 3 }], stock: 5 });
  p.setStock('b1', 7, 'b1-2');
  assert.equal(p.product('b1')!.stock, 9, 'the product shows the sum of its specs');
  p.setStock('b1', 1);
  assert.equal(p.product('b1')!.stock, 9, 'a product of several specs needs the spec named');
  p.setStock('b1', 4, 'b1-2', 6);
  p.setStock('b1', 6, 'b1-2', 5); // an older level arriving late
  assert.equal(p.product('b1')!.specs[1]!.stock, 4, 'the highest stock version wins');
  assert.equal(p.version, 1);
  p.setStock('nope', 5);
  assert.equal(p.product('nope'), null);
});

test('shops and neighbourhoods come from the projection', () => {
  const p = build();
  assert.deepEqual(p.merchantList().map((m) => m.id), ['m1', 'm2']);
  assert.deepEqual(p.merchantList('翠苑一区').map((m) => m.id), ['m1']);
  assert.equal(p.neighborhoods().length, 2);
  assert.equal(p.merchant('m9'), null);
});

test('delisted products and a suspended shop\'s products leave the storefront; the shop\'s staff still see its whole catalogue', () => {
  const p = build();
  p.putProduct({ ...rows[2]!, listed: false });
  assert.deepEqual(p.page({}, null, 10).rows.map((r) => r.id), ['a1', 'b1', 'b2', 'a3']);
  assert.deepEqual(p.shopCatalogue('m1', null, 10).rows.map((r) => r.id), ['a1', 'a2', 'a3']);
  p.putMerchant({ ...shops[1]!, status: 'SUSPENDED', suspendedReason: '食品安全检查' });
  assert.deepEqual(p.page({}, null, 10).rows.map((r) => r.id), ['a1', 'a3']);
  assert.equal(p.countBy('category').get('bakery'), undefined);
  assert.deepEqual(p.merchantList().map((m) => m.id), ['m1']);
  assert.deepEqual(p.merchantList(undefined, true).map((m) => m.id), ['m1', 'm2']);
  p.putMerchant({ ...shops[1]!, status: 'ACTIVE' });
  assert.deepEqual(p.page({ category: 'bakery' }, null, 10).rows.map((r) => r.id), ['b1', 'b2']);
});
