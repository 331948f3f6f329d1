import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClockControlAllowed, ClockControlForbidden, clockOffset, now, nowMs, setClockOffset } from './clock.js';

afterEach(() => setClockOffset(0));

test('without an offset the clock is the system clock', () => {
  const before = Date.now();
  const t = nowMs();
  const d = now().getTime();
  assert.ok(t >= before && d >= t && d - before < 1000);
  assert.equal(clockOffset(), 0);
});

test('an offset moves now() and nowMs() together', () => {
  const day = 86_400_000;
  setClockOffset(3 * day);
  assert.equal(clockOffset(), 3 * day);
  const skew = nowMs() - Date.now();
  assert.ok(skew >= 3 * day && skew < 3 * day + 1000);
  assert.ok(now().getTime() - Date.now() >= 3 * day);
});

test('the offset is absolute, not cumulative, and must be whole milliseconds', () => {
  setClockOffset(5000);
  setClockOffset(5000);
  assert.equal(clockOffset(), 5000);
  assert.throws(() => setClockOffset(1.5), RangeError);
  assert.throws(() => setClockOffset(Number.NaN), RangeError);
  assert.equal(clockOffset(), 5000);
});

test('production refuses the clock control; everything else allows it', () => {
  assert.throws(() => assertClockControlAllowed(true, true), ClockControlForbidden);
  assert.throws(() => assertClockControlAllowed(true, true), (e: ClockControlForbidden) => e.code === 'CLOCK_CONTROL_FORBIDDEN');
  assert.doesNotThrow(() => assertClockControlAllowed(true, false));
  assert.doesNotThrow(() => assertClockControlAllowed(false, true));
  assert.doesNotThrow(() => assertClockControlAllowed(false, false));
});
