import type { Purpose } from '../consent/consent.rules.js';

/**
 * What the member pool reports in aggregate — to a shop about its own consenting members, to an
 * alliance admin about the pool — without a single member's field (PIPL). Counts are folded from
 * deltas, so concurrent changes all count (appended anywhere, summed in any order).
 */
export type PoolStatsFact = { members: number } | { merchantId: string; purpose: Purpose; delta: number };

export interface PoolStats {
  members: number;
  /** Per shop, members consenting now to each purpose. */
  consents: Record<string, Partial<Record<Purpose, number>>>;
}

export const poolStatsProjection = {
  initial: { members: 0, consents: {} } as PoolStats,
  evolve(s: PoolStats, f: PoolStatsFact): PoolStats {
    if ('members' in f) return { ...s, members: s.members + f.members };
    const shop = s.consents[f.merchantId] ?? {};
    return { ...s, consents: { ...s.consents, [f.merchantId]: { ...shop, [f.purpose]: (shop[f.purpose] ?? 0) + f.delta } } };
  },
};
