import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMember, lowestMemberPriceFen, memberPriceFenOf, memberPriceProblems, pickSpec, specsOf, summarizeSpecs, unitPriceFor, withSpecMemberPrice, withSpecPrice } from './spec.rules.js';

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

test('members pay the lower of the member price and the price; everyone else the price', () => {
  const spec = { priceFen: 3990, memberPriceFen: 3690 };
  assert.equal(unitPriceFor(spec, true), 3690);
  assert.equal(unitPriceFor(spec, false), 3990);
  assert.equal(unitPriceFor({ priceFen: 3990 }, true), 3990);
  assert.equal(unitPriceFor({ priceFen: 3990, memberPriceFen: null }, true), 3990);
});

test('a price cut to or below the member price makes the member price stop mattering, without rewriting it', () => {
  assert.equal(unitPriceFor({ priceFen: 3500, memberPriceFen: 3690 }, true), 3500);
  assert.equal(unitPriceFor({ priceFen: 3690, memberPriceFen: 3690 }, true), 3690);
  assert.equal(memberPriceFenOf({ priceFen: 3690, memberPriceFen: 3690 }), null);
  // The price goes back up: the member price the shop set counts again.
  assert.equal(unitPriceFor({ priceFen: 4200, memberPriceFen: 3690 }, true), 3690);
});

test('the product shows the lowest member price that counts over its specs, or none', () => {
  assert.equal(lowestMemberPriceFen([{ priceFen: 16800 }, { priceFen: 22800 }]), null);
  assert.equal(lowestMemberPriceFen([{ priceFen: 16800 }, { priceFen: 22800, memberPriceFen: 19800 }]), 19800);
  assert.equal(lowestMemberPriceFen([{ priceFen: 16800, memberPriceFen: 15800 }, { priceFen: 22800, memberPriceFen: 19800 }]), 15800);
  assert.equal(lowestMemberPriceFen([{ priceFen: 16800, memberPriceFen: 17000 }]), null);
});

test('a member price is whole fen, above zero and below the price; null clears it', () => {
  const codes = (fen: number | null) => memberPriceProblems({ priceFen: 1000 }, fen).map((e) => e.code);
  assert.deepEqual(codes(999), []);
  assert.deepEqual(codes(1), []);
  assert.deepEqual(codes(null), []);
  assert.deepEqual(codes(1000), ['MEMBER_PRICE_NOT_BELOW_PRICE']);
  assert.deepEqual(codes(1200), ['MEMBER_PRICE_NOT_BELOW_PRICE']);
  assert.deepEqual(codes(0), ['INVALID_MEMBER_PRICE']);
  assert.deepEqual(codes(-5), ['INVALID_MEMBER_PRICE']);
  assert.deepEqual(codes(9.9), ['INVALID_MEMBER_PRICE']);
  assert.deepEqual(memberPriceProblems({ priceFen: 1000 }, 1000)[0]!.field, ['memberPriceFen']);
});

test('a member price is set on one spec, cleared without a trace, and kept through a price change', () => {
  const set = withSpecMemberPrice(two, 'p1-2', 19800);
  assert.deepEqual(set[1], { id: 'p1-2', name: '8 寸', priceFen: 22800, stock: 3, memberPriceFen: 19800 });
  assert.equal(set[0], two[0]);
  assert.deepEqual(withSpecMemberPrice(set, 'p1-2', null), two);
  assert.equal(withSpecPrice(set, 'p1-2', 21800)[1]!.memberPriceFen, 19800);
  assert.deepEqual(specsOf({ id: 'p1', unit: '个', priceFen: 0, stock: 0, specs: set }), set);
  assert.deepEqual(specsOf({ id: 'p1', unit: '个', priceFen: 0, stock: 0, specs: [{ ...two[0]!, memberPriceFen: null }] }), [two[0]]);
});

test('every signed-in person is a member; anonymous callers and services are not', () => {
  assert.equal(isMember({ service: undefined }), true);
  assert.equal(isMember({}), true);
  assert.equal(isMember(null), false);
  assert.equal(isMember({ service: 'alliance-promotions' }), false);
});
