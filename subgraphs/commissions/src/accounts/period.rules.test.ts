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

test('a period runs from Monday 00:00 to the next Monday 00:00, China time', async () => {
  const { periodBounds } = await import('./period.rules.js');
  const w48 = periodBounds('2026-W48');
  assert.equal(new Date(w48.startMs).toISOString(), '2026-11-22T16:00:00.000Z');
  assert.equal(new Date(w48.endMs).toISOString(), '2026-11-29T16:00:00.000Z');
  assert.equal(periodOf(w48.startMs), '2026-W48');
  assert.equal(periodOf(w48.endMs - 1), '2026-W48');
  assert.equal(periodOf(w48.endMs), '2026-W49');
  assert.equal(periodOf(periodBounds('2026-W53').startMs), '2026-W53');
});

test('a late posting of a settled period is booked in the first open period', async () => {
  const { openPeriodFor } = await import('./period.rules.js');
  assert.equal(openPeriodFor('2026-W48', null), '2026-W48');
  assert.equal(openPeriodFor('2026-W48', '2026-W47'), '2026-W48');
  assert.equal(openPeriodFor('2026-W48', '2026-W48'), '2026-W49');
  assert.equal(openPeriodFor('2026-W40', '2026-W48'), '2026-W49');
  assert.equal(openPeriodFor('2026-W50', '2026-W53'), '2027-W01');
});
