import { allocate } from '@alliance/money';
import type { AppliedPromotion, FundingShare, PromotionHeadroom } from '../pricing/pricing.types.js';
import type { PromotionLimits } from '../promotion/promotion.rules.js';

/**
 * A promotion's usage: a stream of redemptions reserved by checkouts, released when a checkout is
 * given up, and reversed (in part) when its orders are cancelled or refunded. Limits, the budget and
 * each funder's cap are checked on the state a redemption is appended at, so concurrent checkouts
 * never pass them: the loser re-decides on the winner's state.
 */
export interface FunderCost {
  merchantId: string;
  costFen: number;
}

export type UsageFact =
  | { type: 'RESERVED'; checkoutId: string; memberId: string | null; amountFen: number; funders: FunderCost[]; at: string; units?: number }
  /**
   * Part of a redemption given back (an order cancelled or refunded, a checkout abandoned), as decided
   * by version `revVersion` of the checkout's reversal stream; once all of it is back the redemption no
   * longer counts against the limits (`redemptionDelta` −1).
   */
  | { type: 'REVERSED'; checkoutId: string; revVersion: number; amountFen: number; funders: FunderCost[]; redemptionDelta: 0 | -1; at: string; unitsDelta?: number };

export interface UsageState {
  redemptions: number;
  /** Units sold at a presale's price (a presale's quantity limit counts units, not checkouts). */
  units?: number;
  discountFen: number;
  funderCost: Record<string, number>;
}

const addCosts = (into: Record<string, number>, funders: readonly FunderCost[], sign: 1 | -1) => {
  const next = { ...into };
  for (const f of funders) next[f.merchantId] = (next[f.merchantId] ?? 0) + sign * f.costFen;
  return next;
};

export const usageProjection = {
  initial: { redemptions: 0, discountFen: 0, funderCost: {} } as UsageState,
  evolve(s: UsageState, f: UsageFact): UsageState {
    switch (f.type) {
      case 'RESERVED':
        return { redemptions: s.redemptions + 1, units: (s.units ?? 0) + (f.units ?? 0), discountFen: s.discountFen + f.amountFen, funderCost: addCosts(s.funderCost, f.funders, 1) };
      case 'REVERSED':
        return { redemptions: s.redemptions + f.redemptionDelta, units: (s.units ?? 0) + (f.unitsDelta ?? 0), discountFen: s.discountFen - f.amountFen, funderCost: addCosts(s.funderCost, f.funders, -1) };
    }
  },
};

/** A member's redemptions of one promotion (per-member limit). */
export interface MemberUseFact {
  checkoutId: string;
  delta: 1 | -1;
}
export const memberUseProjection = {
  initial: 0,
  evolve: (count: number, f: MemberUseFact) => count + f.delta,
};

/** What the quote may still give: the tightest of the total limit, the member's limit, the budget and each cap. */
export function headroom(limits: PromotionLimits, funding: readonly FundingShare[], usage: UsageState, memberCount: number | null, unitsLimited = false): PromotionHeadroom {
  const left: number[] = [];
  // A presale's total limit is its quantity in units, checked against the cart's units (unitsLeft).
  if (limits.totalLimit != null && !unitsLimited) left.push(limits.totalLimit - usage.redemptions);
  if (limits.perMemberLimit != null && memberCount !== null) left.push(limits.perMemberLimit - memberCount);
  const funderCostLeftFen: Record<string, number> = {};
  for (const f of funding) if (f.capFen != null) funderCostLeftFen[f.merchantId] = f.capFen - (usage.funderCost[f.merchantId] ?? 0);
  return {
    redemptionsLeft: left.length ? Math.max(0, Math.min(...left)) : null,
    budgetLeftFen: limits.budgetFen != null ? Math.max(0, limits.budgetFen - usage.discountFen) : null,
    funderCostLeftFen,
  };
}

/**
 * How many usage streams share a promotion's redemptions. A promotion limited only by a count splits
 * that count over SHARDS streams (their quotas sum exactly to the limit), so concurrent checkouts of
 * one hot promotion contend on a quarter of the stream each; one that runs out sends the checkout on
 * to the next. Budgets and funder caps stay on one stream: split, a redemption larger than a shard's
 * part could be refused while the whole still had room.
 */
export const SHARDS = 4;

export function shardCount(limits: PromotionLimits, funding: readonly FundingShare[], presale: boolean): number {
  return limits.totalLimit != null && limits.budgetFen == null && !presale && !funding.some((f) => f.capFen != null) ? SHARDS : 1;
}

/** The limits one shard decides with: its quota of the total limit. */
export function shardLimits(limits: PromotionLimits, shards: number, shard: number): PromotionLimits {
  if (shards === 1 || limits.totalLimit == null) return limits;
  return { ...limits, totalLimit: allocate(limits.totalLimit, new Array<number>(shards).fill(1))[shard]! };
}

/** The shard a checkout tries first (spreading checkouts evenly). */
export function firstShard(checkoutId: string, shards: number): number {
  let h = 0;
  for (const ch of checkoutId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % shards;
}

/** Usage summed over a promotion's shards. */
export function sumUsage(parts: readonly UsageState[]): UsageState {
  return parts.reduce<UsageState>(
    (a, u) => ({
      redemptions: a.redemptions + u.redemptions,
      units: (a.units ?? 0) + (u.units ?? 0),
      discountFen: a.discountFen + u.discountFen,
      funderCost: Object.fromEntries([...new Set([...Object.keys(a.funderCost), ...Object.keys(u.funderCost)])].map((k) => [k, (a.funderCost[k] ?? 0) + (u.funderCost[k] ?? 0)])),
    }),
    { redemptions: 0, units: 0, discountFen: 0, funderCost: {} },
  );
}

/** What is left of a presale's quantity (its total limit in units); null when unlimited. */
export function unitsLeft(limits: PromotionLimits, usage: UsageState): number | null {
  return limits.totalLimit == null ? null : Math.max(0, limits.totalLimit - (usage.units ?? 0));
}

/** Why a redemption may not be appended on this state (null: it may). */
export function reserveRefusal(limits: PromotionLimits, funding: readonly FundingShare[], usage: UsageState, applied: Pick<AppliedPromotion, 'amountFen' | 'funders'>, units: number | null = null): string | null {
  if (units !== null) {
    if (limits.totalLimit != null && (usage.units ?? 0) + units > limits.totalLimit) return 'PRESALE_SOLD_OUT';
  } else if (limits.totalLimit != null && usage.redemptions + 1 > limits.totalLimit) return 'TOTAL_LIMIT';
  if (limits.budgetFen != null && usage.discountFen + applied.amountFen > limits.budgetFen) return 'BUDGET';
  for (const f of funding) {
    if (f.capFen == null) continue;
    const cost = applied.funders.find((x) => x.merchantId === f.merchantId)?.costFen ?? 0;
    if ((usage.funderCost[f.merchantId] ?? 0) + cost > f.capFen) return 'FUNDER_CAP';
  }
  return null;
}

/** One checkout's part of a promotion: what each shop's order carries of it, by funder. */
export interface ShopCost {
  merchantId: string;
  amountFen: number;
  funders: FunderCost[];
}

/** A reversal of a checkout's redemption: the fen given back now, per shop and funder. */
export interface ReversalFact {
  cells: { shop: string; funder: string; fen: number }[];
  /** All of the redemption is back: it stops counting against the limits. */
  returnsRedemption: boolean;
  /** What caused it (an event id, `release`). */
  cause: string;
  at: string;
}

export interface ReversalState {
  /** shop → funder → fen reversed so far. */
  reversed: Record<string, Record<string, number>>;
  redemptionReturned: boolean;
}

export const reversalProjection = {
  initial: { reversed: {}, redemptionReturned: false } as ReversalState,
  evolve(s: ReversalState, f: ReversalFact): ReversalState {
    const reversed: Record<string, Record<string, number>> = { ...s.reversed };
    for (const c of f.cells) reversed[c.shop] = { ...reversed[c.shop], [c.funder]: (reversed[c.shop]?.[c.funder] ?? 0) + c.fen };
    return { reversed, redemptionReturned: s.redemptionReturned || f.returnsRedemption };
  },
};

/**
 * The next reversal toward `targets` (shop → funder → cumulative fen to have given back), decided on
 * what was reversed so far: only the difference is given back, so replays and overlapping causes (a
 * refund, then the cancellation) never give back twice, and cumulative targets end exactly at the cost.
 * Null when there is nothing left to do.
 */
export function decideReversal(state: ReversalState, byShop: readonly ShopCost[], targets: Record<string, Record<string, number>>, cause: string, at: string): ReversalFact | null {
  const cells: ReversalFact['cells'] = [];
  for (const [shop, funders] of Object.entries(targets)) {
    const cost = byShop.find((b) => b.merchantId === shop);
    if (!cost) continue;
    for (const [funder, target] of Object.entries(funders)) {
      const max = cost.funders.find((f) => f.merchantId === funder)?.costFen ?? 0;
      const fen = Math.min(target, max) - (state.reversed[shop]?.[funder] ?? 0);
      if (fen > 0) cells.push({ shop, funder, fen });
    }
  }
  const after = reversalProjection.evolve(state, { cells, returnsRedemption: false, cause, at });
  const allBack = byShop.every((b) => b.funders.every((f) => (after.reversed[b.merchantId]?.[f.merchantId] ?? 0) >= f.costFen));
  const returnsRedemption = allBack && !state.redemptionReturned;
  if (cells.length === 0 && !returnsRedemption) return null;
  return { cells, returnsRedemption, cause, at };
}

/** Sums a reversal per funder (what the usage stream records). */
export function reversalByFunder(f: ReversalFact): FunderCost[] {
  const sums = new Map<string, number>();
  for (const c of f.cells) sums.set(c.funder, (sums.get(c.funder) ?? 0) + c.fen);
  return [...sums].map(([merchantId, costFen]) => ({ merchantId, costFen }));
}
