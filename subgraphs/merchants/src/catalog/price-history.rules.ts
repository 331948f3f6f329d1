/**
 * Price history and the reference ("original") price (明码标价和禁止价格欺诈规定): a struck-through
 * price may show only the lowest price in force during the 7 days before the promotion, so a shop
 * cannot raise a price and then "discount" it back. Plain TypeScript: no database, no GraphQL.
 */

const DAY_MS = 86_400_000;

/** The reference price looks back this many days. */
export const REFERENCE_DAYS = 7;

/**
 * How far back a spec's stream head keeps entries (longer than the reference window, so a wider
 * look-back can still be answered from the head) and at most how many it keeps: a shop re-pricing
 * hundreds of times a month would otherwise grow the head without bound.
 */
export const RETAIN_DAYS = 30;
export const RETAIN_MAX = 200;

/** A price came into force at `at` (epoch ms) and stayed until the next entry. */
export interface PriceEntry {
  priceFen: number;
  at: number;
}

/**
 * The lowest price in force at any moment of the `days` days before `at`, `at` included: the price in
 * force when the window opens counts, and so does every later entry up to `at`. `history` is in the
 * order the entries were appended (time order; equal times keep their order). Null when no price was
 * in force in the window (nothing recorded, or every entry lies after `at`).
 */
export function lowestPriceBefore(history: readonly PriceEntry[], at: number, days = REFERENCE_DAYS): number | null {
  return referenceWindow(history, at, days).lowestFen;
}

/**
 * `lowestPriceBefore` plus the moment the answer can next change without a new entry: when the
 * window's start passes the next entry (the one in force at the start drops out) or a future entry
 * comes into force. A projection caches the answer until then instead of recomputing per request.
 */
export function referenceWindow(history: readonly PriceEntry[], at: number, days = REFERENCE_DAYS): { lowestFen: number | null; validUntil: number } {
  const start = at - days * DAY_MS;
  let lowest: number | null = null;
  let inForceAtStart: number | null = null;
  let validUntil = Number.POSITIVE_INFINITY;
  for (const e of history) {
    if (e.at <= start) {
      inForceAtStart = e.priceFen;
      continue;
    }
    if (e.at > at) {
      validUntil = Math.min(validUntil, e.at);
      continue;
    }
    lowest = lowest === null ? e.priceFen : Math.min(lowest, e.priceFen);
    validUntil = Math.min(validUntil, e.at + days * DAY_MS);
  }
  if (inForceAtStart !== null) lowest = lowest === null ? inForceAtStart : Math.min(lowest, inForceAtStart);
  return { lowestFen: lowest, validUntil };
}

/**
 * The reference price of a spec selling at `currentFen` now: never above the current price (it is in
 * force now, whatever the history says after a crash between the two writes), and the current price
 * itself when the spec has no history (its price never changed).
 */
export function referencePriceFen(history: readonly PriceEntry[], currentFen: number, at: number, days = REFERENCE_DAYS): { fen: number; validUntil: number } {
  const { lowestFen, validUntil } = referenceWindow(history, at, days);
  return { fen: lowestFen === null ? currentFen : Math.min(lowestFen, currentFen), validUntil };
}

/**
 * What a stream head keeps after appending `entry`: the entries of the last RETAIN_DAYS before it, the
 * one in force when that span opens, and at most RETAIN_MAX in all. Decided from the entries alone (not
 * the clock), so every writer folds the same facts into the same state.
 */
export function retainRecent(entries: readonly PriceEntry[], entry: PriceEntry): PriceEntry[] {
  const all = [...entries, entry];
  const start = entry.at - RETAIN_DAYS * DAY_MS;
  let first = 0;
  // Keep the last entry at or before the span's start: it is the price in force when the span opens.
  while (first + 1 < all.length && all[first + 1]!.at <= start) first += 1;
  return all.slice(Math.max(first, all.length - RETAIN_MAX));
}

export interface PriceChangeDecision {
  priceFen: number;
  at: number;
}

/**
 * What to append before a spec's new price, given the newest entry recorded (null: no history yet):
 * - no history: the price the spec had until now, in force since `since` (creation), is the first entry;
 * - history that does not end at that price (a change whose history write a crash lost): that price
 *   again, now, so the window never misses a lower price that was really charged.
 * Null when the history already ends at the previous price.
 */
export function decideOpening(newest: PriceEntry | null, previousFen: number, since: number, at: number): PriceChangeDecision | null {
  if (!newest) return { priceFen: previousFen, at: Math.min(since, at) };
  return newest.priceFen === previousFen ? null : { priceFen: previousFen, at };
}

/** The change itself, unless the history already ends at this price (a replayed or retried change). */
export function decideChange(newest: PriceEntry | null, priceFen: number, at: number): PriceChangeDecision | null {
  return newest && newest.priceFen === priceFen ? null : { priceFen, at };
}
