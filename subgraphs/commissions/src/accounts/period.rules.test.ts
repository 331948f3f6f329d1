import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodOf } from './period.rules.js';

test('a posting belongs to the ISO week of its event, in China time', () => {
  assert.equal(periodOf('2026-11-29T08:00:00.000Z'), '2026-W48'); // Sunday afternoon in Shanghai
  assert.equal(periodOf('2026-11-29T16:00:00.000Z'), '2026-W49'); // Monday 00:00 in Shanghai
  assert.equal(periodOf('2026-01-01T00:00:00.000Z'), '2026-W01'); // Thursday
  assert.equal(periodOf('2027-01-01T00:00:00.000Z'), '2026-W53'); // Friday of the last week of 2026
  assert.equal(periodOf('2025-12-29T00:00:00.000Z'), '2026-W01'); // Monday of 2026's first week
});
