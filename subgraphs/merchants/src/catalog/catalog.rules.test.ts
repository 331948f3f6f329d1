import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor } from '@alliance/store/cursor';
import { interleavedListKey, normalizeFilter, pageRequest, productQuery, slicePage, MAX_PAGE_SIZE } from './catalog.rules.js';

test('page size defaults to 24 and is capped at 100', () => {
  assert.deepEqual(pageRequest(undefined, undefined), { ok: true, value: { limit: 24, afterKey: null } });
  assert.deepEqual(pageRequest(MAX_PAGE_SIZE, null), { ok: true, value: { limit: 100, afterKey: null } });
  for (const bad of [0, -1, 101, 1.5]) {
    const r = pageRequest(bad, null);
    assert.equal(r.ok, false, `first=${bad}`);
    if (!r.ok) assert.equal(r.field, 'first');
  }
});

test('cursors round-trip and forged ones are refused', () => {
  assert.deepEqual(pageRequest(10, encodeCursor('p-fruit-03')), { ok: true, value: { limit: 10, afterKey: 'p-fruit-03' } });
  const r = pageRequest(10, 'not-a-cursor');
  assert.equal(r.ok, false);
});

test('filters are trimmed, unknown categories refused, search escaped', () => {
  assert.deepEqual(normalizeFilter({ merchantId: '  ', category: 'fruit', search: ' 桃 ' }), {
    ok: true,
    value: { merchantId: undefined, neighborhood: undefined, search: '桃', category: 'fruit' },
  });
  assert.equal(normalizeFilter({ category: 'weapons' }).ok, false);
  assert.equal(normalizeFilter({ search: 'x'.repeat(51) }).ok, false);
  const q = productQuery('demo', { search: 'a.b(' });
  assert.deepEqual(q, { allianceId: 'demo', name: { $regex: 'a\\.b\\(', $options: 'i' } });
});

test('neighbourhood narrows to its shops, intersected with a chosen shop', () => {
  assert.deepEqual(productQuery('demo', { merchantId: 'm2' }, ['m1', 'm2']), { allianceId: 'demo', merchantId: { $in: ['m2'] } });
  assert.deepEqual(productQuery('demo', { merchantId: 'm9' }, ['m1', 'm2']), { allianceId: 'demo', merchantId: { $in: [] } });
  assert.deepEqual(productQuery('demo', { category: 'fruit' }), { allianceId: 'demo', category: 'fruit' });
});

test('slicePage uses the extra row only to report more pages', () => {
  assert.deepEqual(slicePage([1, 2, 3], 2), { rows: [1, 2], hasNextPage: true });
  assert.deepEqual(slicePage([1, 2], 2), { rows: [1, 2], hasNextPage: false });
});

test('interleaved list keys put one product of every shop on each rank, in order', () => {
  const keys = [
    interleavedListKey(0, 0, 3, 'a1'),
    interleavedListKey(0, 1, 3, 'b1'),
    interleavedListKey(0, 2, 3, 'c1'),
    interleavedListKey(1, 0, 3, 'a2'),
    interleavedListKey(1, 1, 3, 'b2'),
  ];
  assert.deepEqual([...keys].sort(), keys);
  assert.equal(new Set(keys).size, keys.length);
});
