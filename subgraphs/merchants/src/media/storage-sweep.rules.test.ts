import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStale, WORKING_PREFIXES, WORKING_RETENTION_MS } from './storage-sweep.rules.js';
import { uploadKey } from './upload.rules.js';
import { productImagePrefix } from './image.rules.js';

test('raw uploads and exports are working space; photos and the template never are', () => {
  const working = (key: string) => WORKING_PREFIXES.some((p) => key.startsWith(p));
  assert.ok(working(uploadKey('demo', 'u-1')));
  assert.ok(working('exports/demo/m-fruit/1-ab.xlsx'));
  assert.ok(!working(`${productImagePrefix('demo', 'p-1')}/u-1-200.webp`));
  assert.ok(!working('public/demo/merchants/m-fruit/licences/u-2-800.webp'));
  assert.ok(!working('templates/product-sheet-v1.xlsx'));
});

test('a working object goes once it is a day old, not a moment before', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');
  assert.equal(isStale(new Date(now - WORKING_RETENTION_MS), now), true);
  assert.equal(isStale(new Date(now - WORKING_RETENTION_MS + 1), now), false);
  assert.equal(isStale(new Date(now), now), false);
  assert.equal(isStale(new Date(now - 10), now, 10), true);
});
