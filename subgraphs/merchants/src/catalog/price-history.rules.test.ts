import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideChange, decideOpening, lowestPriceBefore, referencePriceFen, referenceWindow, retainRecent, RETAIN_DAYS, RETAIN_MAX, type PriceEntry } from './price-history.rules.js';

const DAY = 86_400_000;
const T = Date.UTC(2025, 5, 1);
const e = (priceFen: number, days: number): PriceEntry => ({ priceFen, at: T + days * DAY });

test('no history, or only entries after the moment asked about: no price was in force', () => {
  assert.equal(lowestPriceBefore([], T), null);
  assert.equal(lowestPriceBefore([e(100, 1)], T), null);
});

test('a price that never changed is its own lowest price', () => {
  assert.equal(lowestPriceBefore([e(100, -30)], T), 100);
});

test('raised then lowered: the price before the rise is the lowest of the 7 days', () => {
  const h = [e(100, -30), e(150, -3), e(120, -1)];
  assert.equal(lowestPriceBefore(h, T), 100);
});

test('the price in force when the window opens counts, even though it was set before the window', () => {
  const h = [e(90, -20), e(200, -6.5)];
  assert.equal(lowestPriceBefore(h, T), 90, '90 was still charged 7 days ago');
  assert.equal(lowestPriceBefore(h, T + 0.5 * DAY), 200, 'once 200 is in force at the window start, 90 no longer counts');
});

test('a change exactly at the window start replaces the price before it', () => {
  const h = [e(90, -20), e(200, -7)];
  assert.equal(lowestPriceBefore(h, T), 200);
});

test('the price in force at the moment asked about counts (a drop just now is the lowest)', () => {
  const h = [e(100, -30), e(80, 0)];
  assert.equal(lowestPriceBefore(h, T), 80);
});

test('`days` sets the look-back', () => {
  const h = [e(50, -20), e(100, -10), e(120, -1)];
  assert.equal(lowestPriceBefore(h, T, 7), 100);
  assert.equal(lowestPriceBefore(h, T, 30), 50);
  assert.equal(lowestPriceBefore(h, T, 0), 120);
});

test('the answer holds until the window start passes the next change, or a future entry comes into force', () => {
  const h = [e(100, -30), e(150, -3), e(120, -1)];
  const w = referenceWindow(h, T);
  assert.equal(w.lowestFen, 100);
  assert.equal(w.validUntil, T + 4 * DAY, 'the day 150 becomes the price at the window start');
  assert.equal(lowestPriceBefore(h, w.validUntil - 1), 100);
  assert.equal(lowestPriceBefore(h, w.validUntil), 120, 'min(150 in force at the start, 120)');
  assert.equal(referenceWindow([e(100, -30), e(80, 2)], T).validUntil, T + 2 * DAY);
  assert.equal(referenceWindow([e(100, -30)], T).validUntil, Number.POSITIVE_INFINITY);
});

test('the reference price is never above the current price and is the price when there is no history', () => {
  assert.equal(referencePriceFen([], 300, T).fen, 300);
  assert.equal(referencePriceFen([e(100, -30), e(150, -2)], 150, T).fen, 100);
  // A crash after the product was written but before its history: the stored price is charged now.
  assert.equal(referencePriceFen([e(100, -30)], 70, T).fen, 70);
});

test('the head keeps the last RETAIN_DAYS, the entry in force when they begin, and at most RETAIN_MAX', () => {
  let kept: PriceEntry[] = [];
  for (let d = 0; d <= 60; d += 10) kept = retainRecent(kept, e(100 + d, d));
  // At day 60 the span opens at day 30: day 30 itself is the price in force then; 0–20 are gone.
  assert.deepEqual(kept.map((x) => x.priceFen), [130, 140, 150, 160]);
  kept = [];
  for (let i = 0; i < RETAIN_MAX + 10; i++) kept = retainRecent(kept, { priceFen: i, at: T + i });
  assert.equal(kept.length, RETAIN_MAX);
  assert.equal(kept.at(-1)!.priceFen, RETAIN_MAX + 9);
  assert.equal(lowestPriceBefore(retainRecent([e(10, -RETAIN_DAYS - 5)], e(20, 0)), T, RETAIN_DAYS), 10, 'the entry in force at the span start survives');
});

test('the first change records the price since creation first; a retried change records nothing', () => {
  assert.deepEqual(decideOpening(null, 100, T - 40 * DAY, T), { priceFen: 100, at: T - 40 * DAY });
  assert.deepEqual(decideOpening(null, 100, T + DAY, T), { priceFen: 100, at: T }, 'never after the change itself');
  assert.equal(decideOpening(e(100, -3), 100, T - 40 * DAY, T), null);
  assert.deepEqual(decideChange(e(100, -3), 150, T), { priceFen: 150, at: T });
  assert.equal(decideChange(e(150, 0), 150, T + 5), null, 'replayed');
});

test('a change whose history a crash lost is filled in with the price actually charged, so the window never misses it', () => {
  // History ends at 100, but the product was (crash) at 70 when the shop moves it to 120.
  assert.deepEqual(decideOpening(e(100, -3), 70, T - 40 * DAY, T), { priceFen: 70, at: T });
});
