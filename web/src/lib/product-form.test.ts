import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flashValuesOf, productFormValuesFrom, productFormValuesFromFlash, productFormValuesOf, productInputOf } from './product-form';

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

const typed = {
  name: ' 锦绣黄桃 ',
  description: '当季',
  category: 'fruit',
  unit: '斤',
  listed: 'on',
  'specs.0.name': '500g',
  'specs.0.price': '12.9',
  'specs.0.memberPrice': '',
  'specs.0.stock': '30',
  'specs.1.id': 's-2',
  'specs.1.name': '1kg',
  'specs.1.price': '¥0.07',
  'specs.1.memberPrice': '0.05',
  'specs.1.stock': '8',
  'specs.1.stockWas': '8',
  // a gap ends the rows
  'specs.3.name': 'lost',
};

test('the typed form becomes a ProductInput in fen, without floats; untouched stock of a kept spec is left out', () => {
  const { input, errors } = productInputOf('m-fruit', productFormValuesOf(form(typed)), true);
  assert.deepEqual(errors, []);
  assert.deepEqual(input, {
    merchantId: 'm-fruit',
    name: '锦绣黄桃',
    description: '当季',
    category: 'fruit',
    unit: '斤',
    listed: true,
    specs: [
      { name: '500g', priceFen: 1290, memberPriceFen: null, stock: 30 },
      { id: 's-2', name: '1kg', priceFen: 7, memberPriceFen: 5, stock: null },
    ],
  });
  const update = productInputOf('m-fruit', productFormValuesOf(form({ ...typed, 'specs.1.stock': '20' })), false).input;
  assert.equal(update?.specs[1]?.stock, 20, 'a changed stock is moved to');
  assert.ok(update && !('listed' in update), 'an update leaves 上架 to its toggle');
});

test('amounts that are not 元 and stock that is not whole are refused on the row’s field', () => {
  const { input, errors } = productInputOf('m-fruit', productFormValuesOf(form({ ...typed, 'specs.0.price': '12.999', 'specs.1.memberPrice': 'abc', 'specs.1.stock': '-1' })), false);
  assert.equal(input, null);
  assert.deepEqual(
    errors.map((e) => [e.code, (e.field ?? []).join('.')]),
    [
      ['INVALID_AMOUNT', 'input.specs.0.priceFen'],
      ['INVALID_AMOUNT', 'input.specs.1.memberPriceFen'],
      ['INVALID_NUMBER', 'input.specs.1.stock'],
    ],
  );
  assert.equal(productInputOf('m', productFormValuesOf(form({ name: 'x' })), true).errors[0]?.code, 'SPECS_REQUIRED');
});

test('a product’s values round-trip through the form and the flash; a long description is dropped from the flash', () => {
  const v = productFormValuesFrom({
    name: '黄桃',
    description: 'd',
    category: 'fruit',
    unit: '斤',
    listed: false,
    specs: [{ id: 's-1', name: '500g', stock: 3, price: { amountFen: 1205 }, memberPrice: { amountFen: 1100 } }],
  });
  assert.deepEqual(v.specs[0], { id: 's-1', name: '500g', price: '12.05', memberPrice: '11.00', stock: '3', stockWas: '3' });
  assert.deepEqual(productFormValuesFromFlash(flashValuesOf(v)), v);
  const long = flashValuesOf({ ...v, description: '桃'.repeat(2000) });
  assert.equal(long.descriptionDropped, '1');
  assert.ok(!('description' in long));
});
