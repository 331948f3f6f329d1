import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCursor } from '@alliance/store/cursor';
import { interleavedListKey, normalizeFilter, pageRequest, MAX_PAGE_SIZE } from './catalog.rules.js';

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

test('filters are trimmed, unknown categories refused, search length capped', () => {
  assert.deepEqual(normalizeFilter({ merchantId: '  ', category: 'fruit', search: ' 桃 ' }), {
    ok: true,
    value: { merchantId: undefined, neighborhood: undefined, search: '桃', category: 'fruit' },
  });
  assert.equal(normalizeFilter({ category: 'weapons' }).ok, false);
  assert.equal(normalizeFilter({ search: 'x'.repeat(51) }).ok, false);
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
