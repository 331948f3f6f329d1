import { MAX_SKEW_MS } from './gateway-signature.js';

/**
 * Remembers the nonces of accepted signed requests so none is accepted twice by this process.
 *
 * A timestamp passes for MAX_SKEW_MS either side of our clock, so a request first seen at `t` could be
 * replayed until `t + 2 × MAX_SKEW_MS` at the latest; remembering each nonce that long is enough.
 * Entries go into a Map in arrival order, so their expiry times are in insertion order too and the
 * sweep only ever looks at the oldest entries: O(1) amortised per request, no timers, no database.
 *
 * It is per process: a replay sent to another replica within the window is not caught here (the
 * signature still binds it to the same subgraph, tenant, caller and operation).
 */
export interface ReplayGuard {
  /** True the first time a nonce is seen (and records it); false for a replay or when full. */
  firstUse(nonce: string, now?: number): boolean;
  readonly size: number;
}

export interface ReplayGuardOptions {
  /** How long a nonce is remembered; defaults to the whole window a timestamp can pass. */
  ttlMs?: number;
  /** Hard cap on memory; beyond it new requests are refused (fail closed) rather than replays allowed. */
  maxEntries?: number;
}

export function createReplayGuard(o: ReplayGuardOptions = {}): ReplayGuard {
  const ttl = o.ttlMs ?? 2 * MAX_SKEW_MS;
  const max = o.maxEntries ?? 1_000_000;
  const seen = new Map<string, number>();
  let lastNow = 0;

  function sweep(now: number): void {
    for (const [nonce, expires] of seen) {
      if (expires > now) break;
      seen.delete(nonce);
    }
  }

  return {
    firstUse(nonce: string, now = Date.now()): boolean {
      // Keep expiries monotonic even if the wall clock steps back, so the head-only sweep stays exact.
      lastNow = Math.max(lastNow, now);
      sweep(lastNow);
      if (seen.has(nonce)) return false;
      if (seen.size >= max) return false;
      seen.set(nonce, lastNow + ttl);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
