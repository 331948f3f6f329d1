/**
 * The one clock. Every service reads time here, never `Date.now()` / `new Date()` directly, so a
 * development or test stack can move time forward for every subgraph at once (after-sales windows,
 * group-buy deadlines, point expiry) through one development-only control.
 */
let offsetMs = 0;

export function nowMs(): number {
  return Date.now() + offsetMs;
}

export function now(): Date {
  return new Date(nowMs());
}

/** How far this process's clock is ahead of the system clock, in milliseconds. */
export function clockOffset(): number {
  return offsetMs;
}

/**
 * Sets the process-wide offset. Only the development clock control calls this (guarded by
 * assertClockControlAllowed at start-up); the offset is absolute so every replica that receives the
 * same control message ends at the same time, however many messages it missed.
 */
export function setClockOffset(ms: number): void {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`clock offset must be a whole number of milliseconds, got ${ms}`);
  offsetMs = ms;
}

export class ClockControlForbidden extends Error {
  readonly code = 'CLOCK_CONTROL_FORBIDDEN';
  constructor() {
    super('the development clock control must not be enabled in production; refusing to start');
    this.name = 'ClockControlForbidden';
  }
}

/** Start-up guard: production refuses to run with the clock control switched on. */
export function assertClockControlAllowed(production: boolean, enabled: boolean): void {
  if (production && enabled) throw new ClockControlForbidden();
}
