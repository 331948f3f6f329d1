import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStorefrontParams, storefrontHref, toFilter } from './storefront-params';

test('parses filters and ignores empty values', () => {
  const p = parseStorefrontParams({ neighborhood: '翠苑一区', merchant: '', category: ['fruit', 'x'], q: ' 黄桃 ' });
  assert.deepEqual(p, { neighborhood: '翠苑一区', category: 'fruit', q: '黄桃', page: 1 });
  assert.deepEqual(toFilter(p), { neighborhood: '翠苑一区', category: 'fruit', search: '黄桃' });
});

test('page number only counts with a cursor', () => {
  assert.equal(parseStorefrontParams({ page: '3' }).page, 1);
  assert.equal(parseStorefrontParams({ page: '3', after: 'c' }).page, 3);
  assert.equal(parseStorefrontParams({ page: '-1', after: 'c' }).page, 1);
});

test('changing a filter drops the cursor; paging keeps filters', () => {
  const p = parseStorefrontParams({ category: 'fruit', after: 'abc', page: '2' });
  assert.equal(storefrontHref(p, { merchant: 'm1' }), '/?category=fruit&merchant=m1');
  assert.equal(storefrontHref(p, { category: undefined }), '/');
  assert.equal(storefrontHref(p, { after: 'xyz', page: 3 }), '/?category=fruit&after=xyz&page=3');
});
