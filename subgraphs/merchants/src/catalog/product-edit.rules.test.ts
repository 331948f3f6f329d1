import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanDraft, importedProductId, newListKey, newSpecs, planSpecs, productDraftProblems, type ProductDraft } from './product-edit.rules.js';
import { isOnSale, notOnSaleError } from './on-sale.rules.js';
import { MAX_PRICE_FEN } from './product-price.rules.js';

const draft = (over: Partial<ProductDraft> = {}): ProductDraft => ({
  merchantId: 'm-fruit',
  name: '  锦绣黄桃  ',
  description: '产地直发',
  category: 'fruit',
  unit: '箱',
  specs: [
    { name: '5斤装', priceFen: 3990, memberPriceFen: 3590, stock: 10 },
    { name: '10斤装', priceFen: 6990 },
  ],
  ...over,
});
const codes = (d: ProductDraft) => productDraftProblems(cleanDraft(d)).map((p) => [p.code, p.field?.join('.')]);

test('a valid form has no problems, and is stored trimmed', () => {
  assert.deepEqual(codes(draft()), []);
  assert.equal(cleanDraft(draft()).name, '锦绣黄桃');
  assert.equal(cleanDraft(draft({ description: null })).description, '');
});

test('each field problem names its field under input', () => {
  assert.deepEqual(codes(draft({ name: '   ' })), [['INVALID_NAME', 'input.name']]);
  assert.deepEqual(codes(draft({ name: '桃'.repeat(61) })), [['INVALID_NAME', 'input.name']]);
  assert.deepEqual(codes(draft({ name: '桃'.repeat(60) })), []);
  assert.deepEqual(codes(draft({ description: 'x'.repeat(2001) })), [['DESCRIPTION_TOO_LONG', 'input.description']]);
  assert.deepEqual(codes(draft({ unit: '' })), [['INVALID_UNIT', 'input.unit']]);
  assert.deepEqual(codes(draft({ unit: '一二三四五六七八九十一' })), [['INVALID_UNIT', 'input.unit']]);
  assert.deepEqual(codes(draft({ category: 'toys' })), [['UNKNOWN_CATEGORY', 'input.category']]);
  assert.deepEqual(codes(draft({ specs: [] })), [['INVALID_SPECS', 'input.specs']]);
  assert.deepEqual(codes(draft({ specs: Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, priceFen: 100 })) })), [['INVALID_SPECS', 'input.specs']]);
});

test('spec problems name the spec and its field', () => {
  const spec = (over: object) => draft({ specs: [{ name: 'a', priceFen: 100 }, { name: 'b', priceFen: 100, ...over }] });
  assert.deepEqual(codes(spec({ priceFen: -1 })), [['INVALID_PRICE', 'input.specs.1.priceFen']]);
  assert.deepEqual(codes(spec({ priceFen: 1.5 })), [['INVALID_PRICE', 'input.specs.1.priceFen']]);
  assert.deepEqual(codes(spec({ priceFen: MAX_PRICE_FEN + 1 })), [['INVALID_PRICE', 'input.specs.1.priceFen']]);
  assert.deepEqual(codes(spec({ priceFen: 0 })), [], 'free is a price');
  assert.deepEqual(codes(spec({ memberPriceFen: 100 })), [['MEMBER_PRICE_NOT_BELOW_PRICE', 'input.specs.1.memberPriceFen']]);
  assert.deepEqual(codes(spec({ memberPriceFen: 0 })), [['INVALID_MEMBER_PRICE', 'input.specs.1.memberPriceFen']]);
  assert.deepEqual(codes(spec({ stock: -1 })), [['INVALID_STOCK', 'input.specs.1.stock']]);
  assert.deepEqual(codes(spec({ stock: 1_000_001 })), [['INVALID_STOCK', 'input.specs.1.stock']]);
  assert.deepEqual(codes(spec({ stock: 1_000_000 })), []);
  assert.deepEqual(codes(spec({ name: ' a ' })), [['DUPLICATE_SPEC_NAME', 'input.specs.1.name']], 'names compare trimmed');
  assert.deepEqual(codes(spec({ name: 'x'.repeat(21) })), [['INVALID_SPEC_NAME', 'input.specs.1.name']]);
  assert.deepEqual(codes(draft({ specs: [{ id: 'p-1-1', name: 'a', priceFen: 1 }, { id: 'p-1-1', name: 'b', priceFen: 1 }] })), [['DUPLICATE_SPEC', 'input.specs.1.id']]);
});

test('a new product numbers its specs and opens their stock (absent: 0)', () => {
  const specs = newSpecs('p-x', cleanDraft(draft()).specs);
  assert.deepEqual(specs, [
    { id: 'p-x-1', name: '5斤装', priceFen: 3990, stock: 10, memberPriceFen: 3590 },
    { id: 'p-x-2', name: '10斤装', priceFen: 6990, stock: 0 },
  ]);
});

test('an edit keeps specs by id, adds new ones under fresh ids, removes the rest; prices and stock are planned apart', () => {
  const current = [
    { id: 'p-x-1', name: '5斤装', priceFen: 3990, stock: 7 },
    { id: 'p-x-2', name: '10斤装', priceFen: 6990, stock: 3 },
    { id: 'p-x-3', name: '礼盒', priceFen: 9990, stock: 1 },
  ];
  let n = 0;
  const plan = planSpecs(current, [
    { id: 'p-x-2', name: '10斤装', priceFen: 5990, stock: 20 },
    { id: 'p-x-1', name: '五斤装', priceFen: 3990 },
    { name: '尝鲜装', priceFen: 1990, stock: 5 },
  ], () => `p-x-new${++n}`);
  assert.deepEqual(plan.userErrors, []);
  assert.deepEqual(plan.specs, [
    { id: 'p-x-2', name: '10斤装', priceFen: 5990, stock: 3 },
    { id: 'p-x-1', name: '五斤装', priceFen: 3990, stock: 7 },
    { id: 'p-x-new1', name: '尝鲜装', priceFen: 1990, stock: 5 },
  ], 'kept specs keep the stock stored now: the stream moves it');
  assert.deepEqual(plan.priceChanges, [{ before: current[1], priceFen: 5990 }]);
  assert.deepEqual(plan.stockTargets, [{ spec: current[1], level: 20 }]);
  assert.deepEqual(plan.removed.map((s) => s.id), ['p-x-3']);
  const bad = planSpecs(current, [{ id: 'p-y-1', name: 'a', priceFen: 1 }], () => 'z');
  assert.deepEqual(bad.userErrors.map((e) => [e.code, e.field?.join('.')]), [['UNKNOWN_SPEC', 'input.specs.0.id']]);
});

test('an imported product id derives from the shop and its code, and nothing else', () => {
  const a = importedProductId('m-fruit', 'HT-001');
  assert.match(a, /^p-[a-z0-9]{16}$/);
  assert.equal(importedProductId('m-fruit', 'HT-001'), a);
  assert.notEqual(importedProductId('m-bakery', 'HT-001'), a);
  assert.notEqual(importedProductId('m-fruit', 'HT-002'), a);
});

test("a new product takes the shop's next place, interleaved with the other shops' like the seed", () => {
  const shops = ['m-bakery', 'm-fruit'];
  assert.equal(newListKey(0, 'm-new', shops, 'p-a'), '00000002|p-a', "a new shop's first product sits in the first row");
  assert.equal(newListKey(10, 'm-fruit', shops, 'p-b'), '00000021|p-b', "a shop's 11th product in the 11th row");
  assert.ok(newListKey(11, 'm-fruit', shops, 'p-c') > newListKey(10, 'm-fruit', shops, 'p-b'));
});

test('on sale: listed, from a shop that is not suspended; suspension is said first', () => {
  assert.equal(isOnSale({}, { status: 'ACTIVE' }), true, 'documents from before listing are listed');
  assert.equal(isOnSale({ listed: false }, null), false);
  assert.equal(isOnSale({ listed: true }, { status: 'SUSPENDED' }), false);
  assert.equal(notOnSaleError({ name: '桃', listed: true }, {}, ['x']), null);
  assert.equal(notOnSaleError({ name: '桃', listed: false }, {}, ['x'])?.code, 'PRODUCT_UNAVAILABLE');
  assert.equal(notOnSaleError({ name: '桃', listed: false }, { status: 'SUSPENDED', name: '鲜果' }, ['x'])?.code, 'MERCHANT_SUSPENDED');
});
