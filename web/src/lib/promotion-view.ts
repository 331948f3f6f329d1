/**
 * What a shop owner needs to read off a co-launched promotion: is it waiting for my answer, what would
 * my shop carry, what has each funder paid so far, what can I do with it now. Pure (no I/O), on a
 * structural subset of the gateway's Promotion.
 */

export interface PromotionLike {
  id: string;
  status: string;
  proposerId: string;
  partners: readonly { merchantId: string; answer: string }[];
  funding: readonly { merchantId: string; percent?: number | null; fixedFen?: number | null; cap?: { amountFen: number } | null }[];
  discount?: { amountFen: number } | null;
  percentOff?: number | null;
  maxDiscount?: { amountFen: number } | null;
  bundlePrice?: { amountFen: number } | null;
  totalLimit?: number | null;
  budget?: { amountFen: number } | null;
  usage: {
    redemptions: number;
    discountGiven: { amountFen: number };
    budgetLeft?: { amountFen: number } | null;
    funders: readonly { merchantId: string; cost: { amountFen: number }; capLeft?: { amountFen: number } | null }[];
  };
}

/** The shops taking part: the proposer first, then the partners in their order. */
export function participantIds(p: Pick<PromotionLike, 'proposerId' | 'partners'>): string[] {
  return [p.proposerId, ...p.partners.map((x) => x.merchantId).filter((id) => id !== p.proposerId)];
}

/** Proposals still waiting for `merchantId`'s answer. */
export function waitingForAnswer<P extends PromotionLike>(promotions: readonly P[], merchantId: string): P[] {
  return promotions.filter((p) => p.status === 'PROPOSED' && p.partners.some((x) => x.merchantId === merchantId && x.answer === 'PENDING'));
}

/** Promotions `merchantId` takes part in, the ones waiting for its answer left out (they are in the inbox). */
export function takingPart<P extends PromotionLike>(promotions: readonly P[], merchantId: string): P[] {
  const waiting = new Set(waitingForAnswer(promotions, merchantId).map((p) => p.id));
  return promotions.filter((p) => !waiting.has(p.id) && participantIds(p).includes(merchantId));
}

export type ShareTerms =
  | { kind: 'none' }
  | {
      kind: 'percent' | 'fixed';
      /** percent of each redemption, or fen per redemption. */
      value: number;
      capFen: number | null;
      /** The most one redemption can cost this shop, when the rules bound a redemption. */
      perRedemptionMaxFen: number | null;
      /** The most this shop can carry in all (its cap, the budget or the total limit), when bounded. */
      totalMaxFen: number | null;
    };

/** The most one redemption can take off, when the rules say (an amount off, or a percent with a ceiling). */
export function redemptionMaxFen(p: Pick<PromotionLike, 'discount' | 'percentOff' | 'maxDiscount'>): number | null {
  if (p.discount) return p.discount.amountFen;
  if (p.percentOff && p.maxDiscount) return p.maxDiscount.amountFen;
  return null;
}

const ceilShare = (wholeFen: number, percent: number) => Math.ceil((wholeFen * percent) / 100);

/**
 * What `merchantId` would carry. Shares are allocated by largest remainder, so a percent share of one
 * redemption is at most its rounded-up part: the bounds here never understate the cost.
 */
export function shareTerms(p: PromotionLike, merchantId: string): ShareTerms {
  const share = p.funding.find((f) => f.merchantId === merchantId);
  if (!share) return { kind: 'none' };
  const capFen = share.cap?.amountFen ?? null;
  const maxOne = redemptionMaxFen(p);
  const bounds: number[] = [];
  if (capFen !== null) bounds.push(capFen);
  if (typeof share.percent === 'number') {
    const perRedemptionMaxFen = maxOne === null ? null : ceilShare(maxOne, share.percent);
    if (p.budget) bounds.push(ceilShare(p.budget.amountFen, share.percent));
    if (p.totalLimit && perRedemptionMaxFen !== null) bounds.push(p.totalLimit * perRedemptionMaxFen);
    return { kind: 'percent', value: share.percent, capFen, perRedemptionMaxFen, totalMaxFen: bounds.length ? Math.min(...bounds) : null };
  }
  const fixed = share.fixedFen ?? 0;
  // A fixed share is paid once per redemption; the budget is spent one whole discount at a time.
  if (p.totalLimit) bounds.push(p.totalLimit * fixed);
  if (p.budget && maxOne) bounds.push(Math.floor(p.budget.amountFen / maxOne) * fixed);
  return { kind: 'fixed', value: fixed, capFen, perRedemptionMaxFen: fixed, totalMaxFen: bounds.length ? Math.min(...bounds) : null };
}

export interface FunderRow {
  merchantId: string;
  percent: number | null;
  fixedFen: number | null;
  capFen: number | null;
  costFen: number;
  capLeftFen: number | null;
}

/** Each funder's agreed share next to what it has paid so far (net of reversals), in funding order. */
export function funderRows(p: PromotionLike): FunderRow[] {
  const usage = new Map(p.usage.funders.map((f) => [f.merchantId, f]));
  const rows: FunderRow[] = p.funding.map((f) => ({
    merchantId: f.merchantId,
    percent: f.percent ?? null,
    fixedFen: f.fixedFen ?? null,
    capFen: f.cap?.amountFen ?? null,
    costFen: usage.get(f.merchantId)?.cost.amountFen ?? 0,
    capLeftFen: usage.get(f.merchantId)?.capLeft?.amountFen ?? null,
  }));
  for (const u of p.usage.funders) {
    if (!p.funding.some((f) => f.merchantId === u.merchantId)) {
      rows.push({ merchantId: u.merchantId, percent: null, fixedFen: null, capFen: null, costFen: u.cost.amountFen, capLeftFen: u.capLeft?.amountFen ?? null });
    }
  }
  return rows;
}

/** Budget spent so far, when the promotion has a budget. */
export function budgetUsedFen(p: PromotionLike): number | null {
  if (!p.budget) return null;
  const left = p.usage.budgetLeft?.amountFen;
  return left === undefined ? p.usage.discountGiven.amountFen : Math.max(0, p.budget.amountFen - left);
}

export type PromotionAction = 'pause' | 'resume' | 'end';

/** What a participating shop or an admin can do now (ending a proposal withdraws it); the subgraph decides again. */
export function actionsFor(status: string): PromotionAction[] {
  switch (status) {
    case 'ACTIVE':
      return ['pause', 'end'];
    case 'PAUSED':
      return ['resume', 'end'];
    case 'PROPOSED':
    case 'PENDING_APPROVAL':
      return ['end'];
    default:
      return [];
  }
}

/** Each quoted line's discount by `<productId>:<specId>` (a product in one line per spec), summed. */
export function lineDiscounts(lines: readonly { productId: string; specId: string; discount: { amountFen: number } }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    if (l.discount.amountFen <= 0) continue;
    const key = `${l.productId}:${l.specId}`;
    out.set(key, (out.get(key) ?? 0) + l.discount.amountFen);
  }
  return out;
}

/** What is left to pay after the discounts; never below zero. */
export const afterDiscount = (totalFen: number, discountFen: number): number => Math.max(0, totalFen - Math.max(0, discountFen));
