import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE, shareCode, shareUrl } from './share.rules.js';
import { activeAt, boundShopperLabel, decideBinding } from './binding.rules.js';

test('a member has one stable code per alliance, readable and distinct', () => {
  const a = shareCode('demo', 'sub-bob');
  assert.match(a, CODE);
  assert.equal(shareCode('demo', 'sub-bob'), a);
  assert.notEqual(shareCode('demo', 'sub-alice'), a);
  assert.notEqual(shareCode('other', 'sub-bob'), a);
  assert.equal(shareCode('demo', 'sub-bob', 10).slice(0, 8), a);
});

test('links open the storefront, a shop or a product with the code', () => {
  assert.equal(shareUrl('http://p/', 'ABCDEFGH', 'STOREFRONT', null), 'http://p/?share=ABCDEFGH');
  assert.equal(shareUrl('http://p', 'ABCDEFGH', 'PRODUCT', 'p-1'), 'http://p/products/p-1?share=ABCDEFGH');
  assert.equal(shareUrl('http://p', 'ABCDEFGH', 'MERCHANT', 'm-fruit'), 'http://p/?merchant=m-fruit&share=ABCDEFGH');
});

test('the first binding inside its window holds; a lapsed one is replaced; nobody binds to herself', () => {
  const t0 = Date.parse('2026-11-01T00:00:00.000Z');
  const first = decideBinding(null, 'alice', 'bob', 'BOB', t0, 15);
  assert.ok('fact' in first);
  const b = first.fact;
  assert.ok(activeAt(b, t0 + 14 * 86_400_000));
  assert.ok(!activeAt(b, t0 + 15 * 86_400_000));
  assert.deepEqual(decideBinding(b, 'alice', 'carol', 'CAR', t0 + 86_400_000, 15), { keep: b });
  const later = decideBinding(b, 'alice', 'carol', 'CAR', t0 + 16 * 86_400_000, 15);
  assert.ok('fact' in later && later.fact.sharer === 'carol');
  const own = decideBinding(null, 'bob', 'bob', 'BOB', t0, 15);
  assert.equal('error' in own ? own.error.code : null, 'OWN_CODE');
});

test("a bound shopper's label is stable for her sharer, differs for every other sharer, and does not show her subject", () => {
  const label = boundShopperLabel('demo', 'sub-bob', 'sub-alice');
  assert.match(label, /^[0-9A-F]{6}$/);
  assert.equal(boundShopperLabel('demo', 'sub-bob', 'sub-alice'), label);
  assert.notEqual(boundShopperLabel('demo', 'sub-carol', 'sub-alice'), label, 'two sharers cannot match up their lists');
  assert.notEqual(boundShopperLabel('demo', 'sub-bob', 'sub-dave'), label);
  assert.notEqual(boundShopperLabel('other', 'sub-bob', 'sub-alice'), label);
  assert.ok(!label.toLowerCase().includes('alice'));
});
