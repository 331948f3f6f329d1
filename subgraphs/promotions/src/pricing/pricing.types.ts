/**
 * The pricing engine's vocabulary: promotion terms as the quote reads them, what is left of their
 * limits, the priced cart lines, and what the quote answers. Plain data, no I/O; amounts are integer fen
 * and times are epoch ms.
 */

export type PromotionKind = 'SPEND_ACROSS_SHOPS' | 'CROSS_STORE_COUPON' | 'BUNDLE' | 'NEW_MEMBER' | 'GROUP_BUY' | 'PRESALE';

export const PROMOTION_KINDS: readonly PromotionKind[] = ['SPEND_ACROSS_SHOPS', 'CROSS_STORE_COUPON', 'BUNDLE', 'NEW_MEMBER', 'GROUP_BUY', 'PRESALE'];

export interface FundingShare {
  merchantId: string;
  percent?: number | null;
  fixedFen?: number | null;
  capFen?: number | null;
}

/** What a promotion asks of a cart and what it gives: the conditions, the action, the schedule (epoch ms). */
export interface PromotionRules {
  kind: PromotionKind;
  title: string;
  funding: FundingShare[];
  minSpendFen?: number | null;
  minShops?: number | null;
  discountFen?: number | null;
  percentOff?: number | null;
  maxDiscountFen?: number | null;
  bundlePriceFen?: number | null;
  groupSize?: number | null;
  pickupDate?: number | null;
  productIds?: string[] | null;
  categories?: string[] | null;
  neighborhoods?: string[] | null;
  /** Group-only offers: only members of these community groups (社群) of the member pool. */
  communityGroups?: string[] | null;
  /** null: exclusive (applies alone). Promotions with the same group stack. */
  stackGroup?: string | null;
  startsAt: number;
  endsAt: number;
}

export interface PromotionTerms extends PromotionRules {
  id: string;
  /** Proposer + partners: the shops whose lines the promotion can discount. */
  merchantIds: string[];
}

/** What is left of a promotion's limits (from its usage streams), for this member. null = unlimited. */
export interface PromotionHeadroom {
  redemptionsLeft: number | null;
  budgetLeftFen: number | null;
  funderCostLeftFen: Record<string, number>;
}

export interface QuoteLine {
  index: number;
  productId: string;
  merchantId: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
}

export interface QuoteContext {
  nowMs: number;
  /** The member has no earlier order in this alliance. */
  firstOrder: boolean;
  neighborhood?: string | null;
  /** Promotions (CROSS_STORE_COUPON) for which the member holds an unused coupon. */
  couponPromotionIds: string[];
  /** The community groups the member is in; undefined while not read yet (group-only offers are then assumed open). */
  memberGroups?: string[];
  /** The group-buy the shopper is joining or opening with this checkout, if any. */
  groupBuyPromotionId?: string | null;
}

export interface Candidate {
  terms: PromotionTerms;
  headroom: PromotionHeadroom;
}

export interface AppliedPromotion {
  promotionId: string;
  kind: PromotionKind;
  title: string;
  amountFen: number;
  /** Only the lines it discounted; sums to amountFen. */
  lines: { index: number; discountFen: number }[];
  /** Every funder, in funding order; sums to amountFen. */
  funders: { merchantId: string; costFen: number }[];
  /** Chinese, for the shopper: e.g. "跨店满减：满¥100减¥20（2家店）". */
  explanation: string;
}

export interface QuoteResult {
  /** Every input line, in input order. */
  lines: { index: number; discountFen: number }[];
  totalDiscountFen: number;
  applied: AppliedPromotion[];
}

/**
 * A proposal as fundingProblems validates it: the proposer's shop, its partners, and the rules,
 * schedule, limits and funding of ProposePromotionInput (times as epoch ms).
 */
export interface PromotionProposal extends PromotionRules {
  proposerId: string;
  partnerIds: string[];
  totalLimit?: number | null;
  perMemberLimit?: number | null;
  budgetFen?: number | null;
}
