import { allocate } from '@alliance/money';
import { fundingWeight, isPerUnitKind } from './funding.rules.js';
import type { AppliedPromotion, Candidate, FundingShare, PromotionTerms, QuoteContext, QuoteLine, QuoteResult } from './pricing.types.js';

/**
 * The quote: which live promotions apply to a priced cart, how much each takes off, on which lines, and
 * who pays for it. Deterministic and pure; the caller supplies the clock, the member's facts and what is
 * left of each promotion's limits.
 *
 * Stacking: every exclusive promotion is an option on its own, and every stack group is one option
 * (its applicable members in id order, each on what the lines still carry). The option with the largest
 * total wins; a tie goes to the option whose first promotion id sorts lowest. Each option costs
 * O(lines) per promotion, so a quote is linear in the number of candidates.
 */
export function quoteDiscounts(lines: readonly QuoteLine[], candidates: readonly Candidate[], ctx: QuoteContext): QuoteResult {
  const original = lines.map(lineAmount);
  const positions = new Map<number, number>();
  lines.forEach((l, pos) => {
    if (positions.has(l.index)) throw new RangeError(`line index ${l.index} appears twice`);
    positions.set(l.index, pos);
  });
  const live = candidates.filter((c) => c.terms.startsAt <= ctx.nowMs && ctx.nowMs < c.terms.endsAt).sort((a, b) => compareIds(a.terms.id, b.terms.id));

  let best: { applied: AppliedPromotion[]; total: number } | null = null;
  const consider = (applied: AppliedPromotion[]) => {
    const total = applied.reduce((a, p) => a + p.amountFen, 0);
    if (total <= 0) return;
    if (!best || total > best.total || (total === best.total && compareIds(applied[0]!.promotionId, best.applied[0]!.promotionId) < 0)) {
      best = { applied, total };
    }
  };

  const groups = new Map<string, Candidate[]>();
  for (const c of live) {
    const group = c.terms.stackGroup;
    if (group === null || group === undefined || group === '') {
      const one = applyPromotion(c, lines, original, original, ctx);
      if (one) consider([one]);
    } else {
      const members = groups.get(group);
      if (members) members.push(c);
      else groups.set(group, [c]);
    }
  }
  for (const members of groups.values()) {
    const remaining = original.slice();
    const applied: AppliedPromotion[] = [];
    for (const c of members) {
      const one = applyPromotion(c, lines, original, remaining, ctx);
      if (!one) continue;
      applied.push(one);
      for (const part of one.lines) {
        const pos = positions.get(part.index)!;
        remaining[pos] = remaining[pos]! - part.discountFen;
      }
    }
    consider(applied);
  }

  const chosen: AppliedPromotion[] = (best as { applied: AppliedPromotion[] } | null)?.applied ?? [];
  const perLine = new Map<number, number>();
  for (const p of chosen) for (const l of p.lines) perLine.set(l.index, (perLine.get(l.index) ?? 0) + l.discountFen);
  return {
    lines: lines.map((l) => ({ index: l.index, discountFen: perLine.get(l.index) ?? 0 })),
    totalDiscountFen: chosen.reduce((a, p) => a + p.amountFen, 0),
    applied: chosen,
  };
}

/**
 * Whether a promotion's conditions hold on this cart (schedule, member, shops, products, threshold,
 * number of shops), before anything is known of its limits: a quote reads the usage of these alone.
 */
export function conditionsHold(t: PromotionTerms, lines: readonly QuoteLine[], ctx: QuoteContext): boolean {
  if (!(t.startsAt <= ctx.nowMs && ctx.nowMs < t.endsAt) || !memberQualifies(t, ctx)) return false;
  const eligible = eligiblePositions(t, lines);
  if (eligible.length === 0) return false;
  const subtotal = eligible.reduce((a, i) => a + lineAmount(lines[i]!), 0);
  if (isSet(t.minSpendFen) && subtotal < t.minSpendFen) return false;
  return t.kind !== 'SPEND_ACROSS_SHOPS' || new Set(eligible.map((i) => lines[i]!.merchantId)).size >= (t.minShops ?? 2);
}

/** Splits a promotion's amount over its funders by their agreed shares (percent or fixed fen). */
export function funderShares(amountFen: number, funding: readonly FundingShare[]): { merchantId: string; costFen: number }[] {
  const costs = allocate(amountFen, funding.map(fundingWeight));
  return funding.map((f, i) => ({ merchantId: f.merchantId, costFen: costs[i]! }));
}

/**
 * One promotion on the cart as it stands: `original` amounts decide the conditions, `remaining` what
 * can still be taken off. null when it does not apply (conditions, nothing to take off, or limits).
 */
function applyPromotion(
  c: Candidate,
  lines: readonly QuoteLine[],
  original: readonly number[],
  remaining: readonly number[],
  ctx: QuoteContext,
): AppliedPromotion | null {
  const t = c.terms;
  if (!memberQualifies(t, ctx)) return null;
  const eligible = eligiblePositions(t, lines);
  if (eligible.length === 0) return null;
  const subtotal = eligible.reduce((a, i) => a + original[i]!, 0);
  if (isSet(t.minSpendFen) && subtotal < t.minSpendFen) return null;
  const shops = new Set(eligible.map((i) => lines[i]!.merchantId)).size;
  if (t.kind === 'SPEND_ACROSS_SHOPS' && shops < (t.minShops ?? 2)) return null;

  const plan = discountPlan(t, lines, eligible, remaining);
  if (!plan || plan.amountFen <= 0) return null;
  const amountFen = plan.amountFen;

  const funders = fundersWithinLimits(c, amountFen);
  if (!funders) return null;

  // Weights never exceed what a line still carries and amount ≤ their sum, so no part passes its line.
  const parts = allocate(amountFen, plan.weights);
  const lineParts = eligible.map((pos, k) => ({ index: lines[pos]!.index, discountFen: parts[k]! })).filter((p) => p.discountFen > 0);
  return { promotionId: t.id, kind: t.kind, title: t.title, amountFen, lines: lineParts, funders, explanation: explain(t, shops, plan.sets) };
}

function memberQualifies(t: PromotionTerms, ctx: QuoteContext): boolean {
  if (t.neighborhoods && t.neighborhoods.length > 0 && !(ctx.neighborhood && t.neighborhoods.includes(ctx.neighborhood))) return false;
  if (t.communityGroups && t.communityGroups.length > 0 && ctx.memberGroups !== undefined && !ctx.memberGroups.some((g) => t.communityGroups!.includes(g))) return false;
  switch (t.kind) {
    case 'NEW_MEMBER':
      return ctx.firstOrder;
    case 'CROSS_STORE_COUPON':
      return ctx.couponPromotionIds.includes(t.id);
    case 'GROUP_BUY':
      return ctx.groupBuyPromotionId === t.id;
    default:
      return true;
  }
}

/** Positions (into `lines`) of the lines the promotion may discount. */
function eligiblePositions(t: PromotionTerms, lines: readonly QuoteLine[]): number[] {
  // A coupon issued at one shop is redeemed at the other: only the redeeming shop's lines count.
  const shops = new Set(t.kind === 'CROSS_STORE_COUPON' ? t.merchantIds.slice(1, 2) : t.merchantIds);
  const products = t.productIds && t.productIds.length > 0 ? new Set(t.productIds) : null;
  // A bundle is defined by its products alone; a category would let unrelated lines into the set.
  const categories = t.kind !== 'BUNDLE' && t.categories && t.categories.length > 0 ? new Set(t.categories) : null;
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (!shops.has(l.merchantId)) return;
    if (t.kind === 'BUNDLE' && !products) return;
    if ((products || categories) && !(products?.has(l.productId) || categories?.has(l.category))) return;
    out.push(i);
  });
  return out;
}

interface DiscountPlan {
  amountFen: number;
  /** Per eligible line: the most it can take of this discount (≤ what it still carries). */
  weights: number[];
  sets?: number;
}

function discountPlan(t: PromotionTerms, lines: readonly QuoteLine[], eligible: readonly number[], remaining: readonly number[]): DiscountPlan | null {
  const carried = eligible.map((i) => remaining[i]!);
  const carriedTotal = carried.reduce((a, b) => a + b, 0);
  if (carriedTotal <= 0) return null;

  if (t.kind === 'BUNDLE') {
    if (!isSet(t.bundlePriceFen) || t.bundlePriceFen < 0) return null;
    const wanted = [...new Set(t.productIds ?? [])];
    let sets = Number.MAX_SAFE_INTEGER;
    let setPrice = 0;
    for (const productId of wanted) {
      const of = eligible.filter((i) => lines[i]!.productId === productId);
      if (of.length === 0) return null;
      sets = Math.min(sets, of.reduce((a, i) => a + lines[i]!.quantity, 0));
      // The same product on two lines (two specs) counts at its lower price: the bundle never overpays.
      setPrice += Math.min(...of.map((i) => lines[i]!.unitPriceFen));
    }
    const perSet = setPrice - t.bundlePriceFen;
    if (wanted.length === 0 || sets <= 0 || perSet <= 0) return null;
    return { amountFen: Math.min(sets * perSet, carriedTotal), weights: carried, sets };
  }

  if (isSet(t.discountFen) && t.discountFen > 0) {
    if (isPerUnitKind(t.kind)) {
      // Per unit: each line takes its own units' discount, so the split shows exactly "每件减".
      const weights = eligible.map((i, k) => Math.min(t.discountFen! * lines[i]!.quantity, carried[k]!));
      return { amountFen: weights.reduce((a, b) => a + b, 0), weights };
    }
    return { amountFen: Math.min(t.discountFen, carriedTotal), weights: carried };
  }

  if (isSet(t.percentOff) && t.percentOff > 0 && t.percentOff <= 100) {
    // Exact floor even for totals whose product with the percent passes 2^53.
    let amount = Number((BigInt(carriedTotal) * BigInt(t.percentOff)) / 100n);
    if (isSet(t.maxDiscountFen) && t.maxDiscountFen > 0) amount = Math.min(amount, t.maxDiscountFen);
    return { amountFen: Math.min(amount, carriedTotal), weights: carried };
  }
  return null;
}

/** The funders' costs, or null when any limit refuses: the cost is never shifted onto other funders. */
function fundersWithinLimits(c: Candidate, amountFen: number): { merchantId: string; costFen: number }[] | null {
  const { headroom: h, terms: t } = c;
  if (h.redemptionsLeft !== null && h.redemptionsLeft <= 0) return null;
  if (h.budgetLeftFen !== null && h.budgetLeftFen < amountFen) return null;
  const weights = t.funding.map(fundingWeight);
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0) || weights.every((w) => w === 0)) return null;
  const funders = funderShares(amountFen, t.funding);
  for (let i = 0; i < funders.length; i++) {
    const share = t.funding[i]!;
    // Without a usage figure for a capped funder, its whole cap is the most it can still pay.
    const left = Object.hasOwn(h.funderCostLeftFen, share.merchantId) ? h.funderCostLeftFen[share.merchantId]! : share.capFen ?? null;
    if (left !== null && funders[i]!.costFen > left) return null;
  }
  return funders;
}

function explain(t: PromotionTerms, shops: number, sets?: number): string {
  const action = actionText(t);
  switch (t.kind) {
    case 'SPEND_ACROSS_SHOPS':
      return `跨店满减：满${yuan(t.minSpendFen ?? 0)}${action}（${shops}家店）`;
    case 'CROSS_STORE_COUPON':
      return `跨店券：${isSet(t.minSpendFen) ? `满${yuan(t.minSpendFen)}` : ''}${action}`;
    case 'BUNDLE': {
      const n = new Set(t.productIds ?? []).size;
      return `组合价：${n}件组合${yuan(t.bundlePriceFen ?? 0)}${sets && sets > 1 ? `（${sets}组）` : ''}`;
    }
    case 'NEW_MEMBER':
      return `新人优惠：首单${action}`;
    case 'GROUP_BUY':
      return `拼团优惠：${t.groupSize ?? ''}人团，${action}`;
    case 'PRESALE':
      return `预售优惠：${action}${isSet(t.pickupDate) ? `，${chinaMonthDay(t.pickupDate)}起提货` : ''}`;
  }
}

function actionText(t: PromotionTerms): string {
  const perUnit = isPerUnitKind(t.kind) ? '每件' : '';
  if (isSet(t.discountFen) && t.discountFen > 0) return `${perUnit}减${yuan(t.discountFen)}`;
  if (isSet(t.percentOff)) return `享${zhe(t.percentOff)}${isSet(t.maxDiscountFen) ? `，最高减${yuan(t.maxDiscountFen)}` : ''}`;
  return '';
}

export function yuan(fen: number): string {
  return fen % 100 === 0 ? `¥${fen / 100}` : `¥${(fen / 100).toFixed(2)}`;
}

/** A date as the shopper reads it, in China time: 12月3日. */
export function chinaMonthDay(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** 10% off is "9折", 15% off "8.5折". */
function zhe(percentOff: number): string {
  const tenths = 100 - percentOff;
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}折`;
}

function lineAmount(l: QuoteLine): number {
  if (!Number.isSafeInteger(l.quantity) || l.quantity < 0) throw new RangeError(`line ${l.index}: quantity must be a non-negative integer`);
  if (!Number.isSafeInteger(l.unitPriceFen) || l.unitPriceFen < 0) throw new RangeError(`line ${l.index}: unit price must be non-negative integer fen`);
  const amount = l.quantity * l.unitPriceFen;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`line ${l.index}: amount passes the safe integer range`);
  return amount;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSet<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}
