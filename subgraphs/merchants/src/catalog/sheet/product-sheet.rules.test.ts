import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADERS, productSheetRows, readProductSheet, TEMPLATE_EXAMPLE } from './product-sheet.rules.js';
import type { CatalogProduct } from '../catalog.projection.js';

const row = (code: string, name: string, spec: string, price: string, over: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = { 商品编码: code, 商品名称: name, 分类: 'fruit', 单位: '斤', 规格: spec, '价格(元)': price, '会员价(元)': '', 库存: '5', 描述: '', '上架(是/否)': '', ...over };
  return HEADERS.map((h) => r[h] ?? '');
};

test('rows sharing a 商品编码 are one product; categories by code or Chinese name; 上架 defaults to 是', () => {
  const sheet = readProductSheet([[...HEADERS], row('A1', '黄桃', '5斤', '39.9', { 分类: '时令水果' }), row('A1', '', '10斤', '69.90', { 库存: '' }), [], row('B2', '吐司', '', '12', { 分类: 'bakery', 单位: '个', '上架(是/否)': '否' })], 'm-fruit');
  assert.deepEqual(sheet.errors, []);
  assert.deepEqual(sheet.userErrors, []);
  assert.equal(sheet.rows, 3, 'blank rows are not counted');
  assert.deepEqual(sheet.products.map((p) => [p.code, p.rows, p.draft.category, p.draft.listed, p.draft.specs.map((s) => [s.name, s.priceFen, s.stock])]), [
    ['A1', [2, 3], 'fruit', true, [['5斤', 3990, 5], ['10斤', 6990, 0]]],
    ['B2', [5], 'bakery', false, [['个', 1200, 5]]],
  ]);
});

test('each bad row is reported with its row number, column and reason; a product is imported only whole', () => {
  const sheet = readProductSheet(
    [
      [...HEADERS],
      row('', '无编码', '1', '1'), // 2
      row('C1', '好', '1', '1.234'), // 3
      row('C2', '好', '1', '1', { 分类: '玩具' }), // 4
      row('C3', '好', '1', '1', { '会员价(元)': '2' }), // 5
      row('C4', '好', '1', '1', { 库存: '2.5' }), // 6
      row('C5', 'x'.repeat(61), '1', '1'), // 7
      row('C6', '好', '1', '1', { '上架(是/否)': '也许' }), // 8
      row('C7', '好', 'a', '1'), // 9
      row('C7', '坏', 'b', '1'), // 10: another name for the same code
      row('C8', '好', 'a', '1'), // 11
      row('C8', '', 'a', '2'), // 12: the same spec name twice
      row('C9', '好', 'a', '1'), // 13: good
      row('D1', '好', '', '1', { 单位: '' }), // 14: no unit, so no spec name either: reported once
    ],
    'm-fruit',
  );
  assert.deepEqual(sheet.errors.map((e) => [e.row, e.column, e.code]), [
    [2, '商品编码', 'MISSING_CODE'],
    [3, '价格(元)', 'INVALID_PRICE'],
    [4, '分类', 'UNKNOWN_CATEGORY'],
    [5, '会员价(元)', 'MEMBER_PRICE_NOT_BELOW_PRICE'],
    [6, '库存', 'INVALID_STOCK'],
    [7, '商品名称', 'INVALID_NAME'],
    [8, '上架(是/否)', 'INVALID_LISTED'],
    [9, '商品编码', 'PRODUCT_HAS_BAD_ROWS'],
    [10, '商品名称', 'INCONSISTENT_PRODUCT'],
    [11, '商品编码', 'PRODUCT_HAS_BAD_ROWS'],
    [12, '规格', 'DUPLICATE_SPEC_NAME'],
    [14, '单位', 'INVALID_UNIT'],
  ]);
  assert.deepEqual(sheet.products.map((p) => p.code), ['C9']);
  assert.equal(sheet.rows, 13);
});

test('headers are found in any order, with 全角 brackets or a BOM; a missing column or too many rows stops the sheet', () => {
  const headers = ['\uFEFF库存', '价格（元）', '商品名称', '商品编码', '单位', '分类'];
  const ok = readProductSheet([headers, ['3', '2.50', '酸奶', 'Y1', '杯', 'dairy']], 'm-yogurt');
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.products[0]!.draft.specs, [{ name: '杯', priceFen: 250, memberPriceFen: null, stock: 3 }]);
  assert.deepEqual(readProductSheet([['商品编码', '商品名称']], 'm').userErrors.map((e) => e.code), ['MISSING_COLUMN']);
  const big = [[...HEADERS], ...Array.from({ length: 5001 }, (_, i) => row(`K${i}`, '货', '1', '1'))];
  assert.deepEqual(readProductSheet(big, 'm').userErrors.map((e) => e.code), ['TOO_MANY_ROWS']);
  assert.deepEqual(readProductSheet(big.slice(0, 5001), 'm').userErrors, []);
});

test('an export is rows the import reads back as the same products', () => {
  const products: CatalogProduct[] = [
    { id: 'p-a', merchantId: 'm-fruit', name: '黄桃', description: '甜', unit: '箱', priceFen: 3990, stock: 3, category: 'fruit', listKey: '1', listed: false, images: [], code: 'HT-1',
      specs: [{ id: 'p-a-1', name: '5斤', priceFen: 3990, stock: 1, memberPriceFen: 3500 }, { id: 'p-a-2', name: '10斤', priceFen: 6990, stock: 2 }] },
    { id: 'p-b', merchantId: 'm-fruit', name: '西瓜', description: '', unit: '个', priceFen: 1500, stock: 9, category: 'fruit', listKey: '2', listed: true, images: [], specs: [{ id: 'p-b-1', name: '个', priceFen: 1500, stock: 9 }] },
  ];
  const rows = productSheetRows(products);
  assert.deepEqual(rows[0], ['HT-1', '黄桃', '时令水果', '箱', '5斤', '39.90', '35.00', 1, '甜', '否']);
  assert.equal(rows[2]![0], 'p-b', 'a product made in the form is exported under its id');
  const back = readProductSheet([[...HEADERS], ...rows.map((r) => r.map(String))], 'm-fruit');
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.products.map((p) => [p.code, p.draft.name, p.draft.listed, p.draft.specs]), [
    ['HT-1', '黄桃', false, [{ name: '5斤', priceFen: 3990, memberPriceFen: 3500, stock: 1 }, { name: '10斤', priceFen: 6990, memberPriceFen: null, stock: 2 }]],
    ['p-b', '西瓜', true, [{ name: '个', priceFen: 1500, memberPriceFen: null, stock: 9 }]],
  ]);
  assert.deepEqual(readProductSheet([[...HEADERS], ...TEMPLATE_EXAMPLE.map((r) => r.map(String))], 'm-fruit').errors, [], 'the template example imports');
});
