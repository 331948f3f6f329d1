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

/** Yuan typed by a person ("12", "12.5", "12.50") as whole fen, without floats; undefined when not an amount. */
export function yuanToFen(value: string): number | undefined {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Yuan with two decimals and no currency sign (a number a spreadsheet can sum): 1250 → "12.50". */
export function fenToYuan(amountFen: number): string {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`not a whole number of fen: ${amountFen}`);
  const sign = amountFen < 0 ? '-' : '';
  const abs = Math.abs(amountFen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
