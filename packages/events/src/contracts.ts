import type { OrderPlacedV1, OrderRefundedV1, OrderStatusChangedV1 } from './order.events.js';
import type { PriceChangedV1, ProductCreatedV1, ProductUpdatedV1, StockChangedV1 } from './catalog.events.js';
import type { ProfitSharingConcludedV1, ProfitSharingRequestedV1, ProfitSharingReturnConcludedV1, ProfitSharingReturnRequestedV1 } from './profit-sharing.events.js';
import type { ConsentChangedV1, MemberErasedV1, PointsExpiredV1, PointsIssuedV1, PointsRedeemedV1, PointsReturnedV1, StoredValueMovedV1 } from './member.events.js';
import type { PromotionActivatedV1, PromotionCostAllocatedV1, PromotionEndedV1, CouponIssuedV1, CouponRedeemedV1, GroupBuyClosedV1 } from './promotion.events.js';

/**
 * The registry of event contracts: type → version → payload. Adding an event means a TS contract
 * here, a JSON Schema at schemas/events/<type>.v<version>.json and a sample in contracts.samples.ts
 * (contracts.test.ts fails until all three exist and agree). A breaking change is a new version
 * beside the old one, never an edit.
 */
export interface EventContracts {
  'catalog.product-created': { 1: ProductCreatedV1 };
  'catalog.product-updated': { 1: ProductUpdatedV1 };
  'catalog.price-changed': { 1: PriceChangedV1 };
  'catalog.stock-changed': { 1: StockChangedV1 };
  'order.placed': { 1: OrderPlacedV1 };
  'order.paid': { 1: OrderStatusChangedV1 };
  'order.ready': { 1: OrderStatusChangedV1 };
  'order.at_pickup_point': { 1: OrderStatusChangedV1 };
  'order.picked_up': { 1: OrderStatusChangedV1 };
  'order.delivered': { 1: OrderStatusChangedV1 };
  'order.completed': { 1: OrderStatusChangedV1 };
  'order.cancelled': { 1: OrderStatusChangedV1 };
  'order.refunded': { 1: OrderRefundedV1 };
  'promotion.cost_allocated': { 1: PromotionCostAllocatedV1 };
  'promotion.activated': { 1: PromotionActivatedV1 };
  'promotion.ended': { 1: PromotionEndedV1 };
  'coupon.issued': { 1: CouponIssuedV1 };
  'coupon.redeemed': { 1: CouponRedeemedV1 };
  'group_buy.filled': { 1: GroupBuyClosedV1 };
  'group_buy.failed': { 1: GroupBuyClosedV1 };
  'profit_sharing.requested': { 1: ProfitSharingRequestedV1 };
  'profit_sharing.return_requested': { 1: ProfitSharingReturnRequestedV1 };
  'profit_sharing.concluded': { 1: ProfitSharingConcludedV1 };
  'profit_sharing.return_concluded': { 1: ProfitSharingReturnConcludedV1 };
  'consent.granted': { 1: ConsentChangedV1 };
  'consent.revoked': { 1: ConsentChangedV1 };
  'member.erased': { 1: MemberErasedV1 };
  'points.issued': { 1: PointsIssuedV1 };
  'points.redeemed': { 1: PointsRedeemedV1 };
  'points.returned': { 1: PointsReturnedV1 };
  'points.expired': { 1: PointsExpiredV1 };
  'stored_value.moved': { 1: StoredValueMovedV1 };
}

/** The versions producers write now (checked against EventContracts by the type system). */
export const LATEST_VERSIONS = {
  'catalog.product-created': 1,
  'catalog.product-updated': 1,
  'catalog.price-changed': 1,
  'catalog.stock-changed': 1,
  'order.placed': 1,
  'order.paid': 1,
  'order.ready': 1,
  'order.at_pickup_point': 1,
  'order.picked_up': 1,
  'order.delivered': 1,
  'order.completed': 1,
  'order.cancelled': 1,
  'order.refunded': 1,
  'promotion.cost_allocated': 1,
  'promotion.activated': 1,
  'promotion.ended': 1,
  'coupon.issued': 1,
  'coupon.redeemed': 1,
  'group_buy.filled': 1,
  'group_buy.failed': 1,
  'profit_sharing.requested': 1,
  'profit_sharing.return_requested': 1,
  'profit_sharing.concluded': 1,
  'profit_sharing.return_concluded': 1,
  'consent.granted': 1,
  'consent.revoked': 1,
  'member.erased': 1,
  'points.issued': 1,
  'points.redeemed': 1,
  'points.returned': 1,
  'points.expired': 1,
  'stored_value.moved': 1,
} as const satisfies { [T in keyof EventContracts]: keyof EventContracts[T] };
