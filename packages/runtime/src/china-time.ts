/**
 * Calendar days and months as the alliance's shops and members live them: China time (UTC+8, no
 * daylight saving). A pickup point's day, a lot of points, a birthday, a month of spend.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The China-time calendar day of an instant, `YYYY-MM-DD`. */
export function chinaDay(at: Date | number | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The China-time month of an instant, `YYYY-MM`. */
export function chinaMonth(at: Date | number | string): string {
  return chinaDay(at).slice(0, 7);
}
