import { allocate, assertFen } from './money.js';

/**
 * How much of each part of an original split has been refunded once `refundedFen` of `originalTotalFen`
 * has gone back, whatever the sequence of partial refunds that got there.
 *
 * Why not simply allocate(refundedFen, weights): largest remainder is not monotone in the amount (the
 * "Alabama paradox"): with weights [6,6,2], allocate(10) = [4,4,2] but allocate(11) = [5,5,1], so
 * refunding 10 of 11 fen would reverse 2 fen from a part that only ever got 1, and the last fen would
 * take one back. This path splits the amount between two halves of the original parts at a time with
 * the one allocation function; a two-way split is rounding, which is monotone, so every part only grows
 * with the amount, never passes its original, and reaches it exactly at the full amount.
 */
export function refundedSoFar(originalTotalFen: number, weights: readonly number[], refundedFen: number): number[] {
  const original = allocate(originalTotalFen, weights);
  checkWithin(originalTotalFen, refundedFen, 'refunded amount');
  const sign = originalTotalFen < 0 ? -1 : 1;
  const parts = original.map((p) => Math.abs(p));
  const out = new Array<number>(parts.length).fill(0);
  fill(Math.abs(refundedFen), parts, 0, parts.length, out);
  return out.map((v) => v * sign + 0);
}

/**
 * The parts one partial refund reverses: refundedSoFar(before + now) − refundedSoFar(before). Any
 * sequence of partial refunds therefore sums per part to exactly the original split, each step sums to
 * its amount, and no step reverses a part by a negative amount or past its original.
 */
export function refundParts(
  originalTotalFen: number,
  weights: readonly number[],
  refundedBeforeFen: number,
  refundNowFen: number,
): number[] {
  assertFen(refundNowFen);
  checkWithin(originalTotalFen, refundedBeforeFen, 'amount refunded before');
  checkWithin(originalTotalFen, refundedBeforeFen + refundNowFen, 'amount refunded in total');
  if (Math.sign(refundNowFen) * Math.sign(originalTotalFen) < 0) {
    throw new RangeError('a refund must have the sign of the original amount');
  }
  const after = refundedSoFar(originalTotalFen, weights, refundedBeforeFen + refundNowFen);
  const before = refundedSoFar(originalTotalFen, weights, refundedBeforeFen);
  return after.map((v, i) => v - (before[i] ?? 0) + 0);
}

function checkWithin(totalFen: number, amountFen: number, what: string): void {
  assertFen(amountFen);
  const ok = totalFen >= 0 ? amountFen >= 0 && amountFen <= totalFen : amountFen <= 0 && amountFen >= totalFen;
  if (!ok) throw new RangeError(`${what} (${amountFen}) must lie between 0 and the original ${totalFen}`);
}

function fill(amount: number, parts: readonly number[], lo: number, hi: number, out: number[]): void {
  if (hi - lo === 1) {
    out[lo] = amount;
    return;
  }
  const mid = (lo + hi) >> 1;
  const left = sum(parts, lo, mid);
  const right = sum(parts, mid, hi);
  // A subtree whose original parts are all zero never receives anything (amount ≤ its total).
  const [a, b] = amount === 0 || left + right === 0 ? [0, 0] : (allocate(amount, [left, right]) as [number, number]);
  fill(a, parts, lo, mid, out);
  fill(b, parts, mid, hi, out);
}

function sum(parts: readonly number[], lo: number, hi: number): number {
  let s = 0;
  for (let i = lo; i < hi; i++) s += parts[i] ?? 0;
  return s;
}
