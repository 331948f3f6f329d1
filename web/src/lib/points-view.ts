/**
 * Alliance points, the pure parts the pages share: 1 point = ¥0.01, so a points amount is also fen; how
 * many she may use at a checkout; a shop's rate between basis points and the percent an owner types.
 */

/** The members subgraph's ceiling for a shop's rate: 20% of an order. */
export const MAX_RATE_BP = 2000;

/** What `points` are worth, in fen (1 point = ¥0.01). */
export const pointsToFen = (points: number): number => points;

/**
 * The most points a checkout form offers: her balance, and never more than the goods cost after the
 * promotions (points never pay the delivery fee). The server decides; this only bounds the field.
 */
export function maxRedeemable(balance: number, goodsFen: number, discountFen = 0): number {
  return Math.max(0, Math.min(balance, goodsFen - discountFen));
}

/**
 * The checkout's 使用积分 field as PlaceOrderInput.pointsToRedeem: empty or 0 is none (null); a whole
 * number is itself; anything else is sent as -1, so the server answers INVALID_POINTS on the field like
 * any other refusal.
 */
export function pointsToRedeemOf(raw: string): number | null {
  const v = raw.trim();
  if (v === '' || /^0+$/.test(v)) return null;
  return /^\d{1,9}$/.test(v) ? Number(v) : -1;
}

/** 150 → "1.5" (%): what the owner reads. */
export function percentOfBp(bp: number): string {
  return String(Math.round(bp) / 100);
}

/** "1.5" (%) → 150, at most two decimals; null when it is not a percent (the range is the server's). */
export function bpOfPercent(raw: string): number | null {
  const v = raw.trim().replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(v)) return null;
  const [whole, frac = ''] = v.split('.') as [string, string?];
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** A DateTime as the day it is in China (YYYY-MM-DD): when a lot expires. */
export function chinaDate(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
