import { chinaMonth } from '@alliance/runtime/china-time';

/**
 * Member levels from the rolling 12-month spend across the alliance (completed orders, refunds taken
 * off): the current month and the eleven before it, so a year without spending drops her back down.
 */
export const LEVELS = [
  { level: 'REGULAR', name: '普通会员', fromFen: 0 },
  { level: 'SILVER', name: '银卡会员', fromFen: 50_000 },
  { level: 'GOLD', name: '金卡会员', fromFen: 200_000 },
  { level: 'DIAMOND', name: '钻石会员', fromFen: 500_000 },
] as const;

export type Level = (typeof LEVELS)[number]['level'];

/** The 12 months (YYYY-MM) ending with the one holding `nowMs`, in China time. */
export function windowMonths(nowMs: number): string[] {
  const [y, m] = chinaMonth(nowMs).split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) => {
    const total = y * 12 + (m - 1) - i;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

export function rollingSpendFen(months: Record<string, number> | undefined, nowMs: number): number {
  return windowMonths(nowMs).reduce((n, month) => n + (months?.[month] ?? 0), 0);
}

export function levelOf(spendFen: number): { level: Level; name: string; next: { level: Level; name: string; fromFen: number } | null } {
  let i = 0;
  while (i + 1 < LEVELS.length && spendFen >= LEVELS[i + 1]!.fromFen) i += 1;
  const next = LEVELS[i + 1] ?? null;
  return { level: LEVELS[i]!.level, name: LEVELS[i]!.name, next: next ? { level: next.level, name: next.name, fromFen: next.fromFen } : null };
}
