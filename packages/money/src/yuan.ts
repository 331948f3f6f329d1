import { assertFen } from './money.js';

/**
 * 元 as text, both ways, by digits: never through a float. For files people open or fill in (sheets,
 * payout batches); what a shopper reads is formatted by the portal.
 */

/** Fen as 元 with two decimals and no currency sign, a number a spreadsheet can sum: 1250 → "12.50", -7 → "-0.07". */
export function fenToYuan(amountFen: number): string {
  assertFen(amountFen);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * 元 as written ("12", "12.5", "¥12.50", "￥ 1 280.00") as whole fen; null when it is not a
 * non-negative amount with at most two decimals (and at most 9 digits of 元).
 */
export function yuanToFen(text: string): number | null {
  const m = /^[¥￥]?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.replace(/\s+/g, ''));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
