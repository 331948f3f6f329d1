import { allocate, assertFen } from './money.js';

export interface CappedFunder {
  /** Share of the cost, relative to the other funders (e.g. the agreed co-funding ratio). */
  weight: number;
  /** The most this funder pays (its remaining budget), in fen. */
  capFen: number;
}

export interface CappedAllocation {
  /** Fen per funder, in the order given; never above its cap. */
  parts: number[];
  fundedFen: number;
  /** What no funder could cover because every cap binds (0 when the total is covered). */
  unfundedFen: number;
}

/**
 * Splits `totalFen` by weight without giving any funder more than its cap: a funder whose share would
 * pass its cap pays its cap, and the excess is split again among the others by weight (with the one
 * allocation function, so the result is deterministic). A funder with weight 0 pays nothing.
 * When every cap binds, what is left is reported as unfunded.
 */
export function allocateCapped(totalFen: number, funders: readonly CappedFunder[]): CappedAllocation {
  assertFen(totalFen);
  if (totalFen < 0) throw new RangeError('a capped allocation splits a non-negative total');
  if (funders.length === 0) throw new RangeError('allocateCapped needs at least one funder');
  for (const f of funders) {
    if (!Number.isSafeInteger(f.weight) || f.weight < 0) throw new RangeError('weights must be non-negative safe integers');
    if (!Number.isSafeInteger(f.capFen) || f.capFen < 0) throw new RangeError('caps must be non-negative safe integers of fen');
  }
  const parts = new Array<number>(funders.length).fill(0);
  let active = funders.map((_, i) => i).filter((i) => funders[i]!.weight > 0 && funders[i]!.capFen > 0);
  let remaining = totalFen;
  // Each round either settles everyone or caps at least one more funder, so it ends within n rounds.
  while (remaining > 0 && active.length > 0) {
    const shares = allocate(remaining, active.map((i) => funders[i]!.weight));
    const over = active.filter((i, k) => shares[k]! > funders[i]!.capFen);
    if (over.length === 0) {
      active.forEach((i, k) => (parts[i] = shares[k]!));
      remaining = 0;
      break;
    }
    for (const i of over) {
      parts[i] = funders[i]!.capFen;
      remaining -= funders[i]!.capFen;
    }
    active = active.filter((i) => !over.includes(i));
  }
  return { parts, fundedFen: totalFen - remaining, unfundedFen: remaining };
}
