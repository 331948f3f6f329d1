/** Money is integer fen (CNY minor units) everywhere; floats never hold an amount. */
export interface Money {
  amountFen: number;
  currency: 'CNY';
}

export function assertFen(amountFen: number): number {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`amount must be a safe integer of fen, got ${amountFen}`);
  return amountFen;
}

export function money(amountFen: number): Money {
  return { amountFen: assertFen(amountFen), currency: 'CNY' };
}

/**
 * The one allocation function: splits `totalFen` across `weights` so the parts always sum exactly to
 * the whole (largest remainder). Ties go to the lower index, so the result is deterministic and a
 * full refund allocated with the same weights reverses the original split exactly. Partial refunds go
 * through refundParts (refund.ts) and budget caps through allocateCapped; both are built on this.
 */
export function allocate(totalFen: number, weights: readonly number[]): number[] {
  assertFen(totalFen);
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('weights must be non-negative safe integers');
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError('weights must not all be zero');
  const sign = totalFen < 0 ? -1 : 1;
  const abs = Math.abs(totalFen);
  // BigInt keeps abs * weight exact even when it exceeds 2^53.
  const parts = weights.map((w) => {
    const product = BigInt(abs) * BigInt(w);
    return { floor: Number(product / BigInt(sum)), rem: Number(product % BigInt(sum)) };
  });
  let left = abs - parts.reduce((a, p) => a + p.floor, 0);
  const order = parts.map((p, i) => ({ i, rem: p.rem })).sort((a, b) => b.rem - a.rem || a.i - b.i);
  const out = parts.map((p) => p.floor);
  for (const { i } of order) {
    if (left === 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out.map((v) => v * sign + 0);
}
