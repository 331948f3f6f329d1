/**
 * Settlement periods are ISO weeks in China time (Monday 00:00 to Sunday 24:00, UTC+8): a posting
 * belongs to the week of the event that caused it. `2026-W48`.
 */
export function periodOf(iso: string | number): string {
  const d = new Date((typeof iso === 'number' ? iso : Date.parse(iso)) + 8 * 3_600_000);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The instant a period starts and the instant it ends (exclusive), epoch ms. */
export function periodBounds(periodId: string): { startMs: number; endMs: number } {
  const m = /^(\d{4})-W(\d{2})$/.exec(periodId);
  if (!m) throw new RangeError(`not a period: ${periodId}`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  // ISO week 1 holds January 4th; its Monday, then the week's, at 00:00 in China (UTC+8).
  const jan4 = Date.UTC(year, 0, 4);
  const mondayW1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  const startMs = mondayW1 + (week - 1) * 7 * 86_400_000 - 8 * 3_600_000;
  return { startMs, endMs: startMs + 7 * 86_400_000 };
}

/**
 * Where a posting is booked: its event's period, or, when that one is settled already (`lastSettled`
 * at or after it), the first period after the last settled one. Settled periods never change.
 */
export function openPeriodFor(eventPeriod: string, lastSettled: string | null): string {
  if (lastSettled === null || eventPeriod > lastSettled) return eventPeriod;
  return periodOf(periodBounds(lastSettled).endMs);
}
