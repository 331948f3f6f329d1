/**
 * Promotion facts the promotions subgraph publishes. Consumers: settlement (issue 8) books each
 * funder's cost from `promotion.cost_allocated`; the merchants storefront and the portal follow
 * `promotion.activated` / `promotion.ended`. JSON Schemas: schemas/events/promotion.*.v1.json.
 * Amounts are integer fen, times ISO-8601 UTC from the service clock.
 */
export type PromotionKindV1 = 'SPEND_ACROSS_SHOPS' | 'CROSS_STORE_COUPON' | 'BUNDLE' | 'NEW_MEMBER' | 'GROUP_BUY' | 'PRESALE';

interface PromotionFact {
  allianceId: string;
  promotionId: string;
  /** When it happened (the service clock). */
  at: string;
}

/**
 * One funder's share of one promotion on one shop's order of a checkout, or a give-back of it. A
 * funder's net cost on an order is the sum of its ALLOCATED minus its REVERSED amounts; reversals are
 * cumulative and never take it below 0.
 */
export interface PromotionCostAllocatedV1 extends PromotionFact {
  checkoutId: string;
  /** The merchant whose order carried the discount. */
  shopId: string;
  /** The merchant paying this share (may be shopId itself). */
  funderId: string;
  kind: 'ALLOCATED' | 'REVERSED';
  /** Positive integer fen: what the funder pays (ALLOCATED) or gets back (REVERSED). */
  amountFen: number;
  /**
   * ALLOCATED: always 'checkout'. REVERSED: the id of the event that caused it (an order.refunded or
   * order.cancelled), or 'release' when the redemption was released without one (e.g. a group-buy
   * that did not fill). The JSON Schema enforces the pairing.
   */
  cause: string;
}

/** The promotion went live: every partner accepted, the admin approved where required, or it was resumed. */
export interface PromotionActivatedV1 extends PromotionFact {
  kind: PromotionKindV1;
  title: string;
  /** The participating shops, proposer first. */
  merchantIds: string[];
  startsAt: string;
  endsAt: string;
}

/** The promotion stopped pricing carts: for good (ENDED) or until resumed (PAUSED, then a new activated). */
export interface PromotionEndedV1 extends PromotionFact {
  reason: 'ENDED' | 'PAUSED';
}

/** A cross-store coupon, issued because the member's order at the issuing shop completed. */
export interface CouponIssuedV1 {
  allianceId: string;
  couponId: string;
  promotionId: string;
  memberSubject: string;
  issuingShopId: string;
  /** Where it can be used. */
  redeemShopId: string;
  /** The completed order that earned it. */
  orderId: string;
  validUntil: string;
  at: string;
}

/** A checkout used the coupon. */
export interface CouponRedeemedV1 {
  allianceId: string;
  couponId: string;
  promotionId: string;
  memberSubject: string;
  checkoutId: string;
  at: string;
}

/** A group-buy group filled (group_buy.filled) or did not fill in time (group_buy.failed). */
export interface GroupBuyClosedV1 {
  allianceId: string;
  groupId: string;
  promotionId: string;
  /** Every checkout that joined the group. */
  checkoutIds: string[];
  at: string;
}
