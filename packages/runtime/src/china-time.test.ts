import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaDay, chinaMonth } from './china-time.js';

test('days and months in China time, whatever the instant is given as', () => {
  assert.equal(chinaDay(new Date('2026-11-28T16:30:00Z')), '2026-11-29', '00:30 in Beijing is the next day');
  assert.equal(chinaDay(Date.parse('2026-11-28T15:59:59Z')), '2026-11-28');
  assert.equal(chinaMonth('2026-11-30T16:00:00Z'), '2026-12');
});
