/**
 * Formats an integer amount of fen (分, CNY minor units) as yuan with two decimals: 1250 → "¥12.50".
 * Pure integer arithmetic, no floats. Throws on non-safe-integer input.
 */
export function formatFen(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) {
    throw new RangeError(`formatFen expects a safe integer amount of fen, got ${String(amountFen)}`);
  }
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  const yuan = Math.floor(abs / 100);
  const fen = abs % 100;
  return `${sign}¥${yuan}.${fen < 10 ? '0' : ''}${fen}`;
}
