import { createHash } from 'node:crypto';
import type { EventBus, Subscription } from '@alliance/events';
import type { LivePromotions } from '../redemption/live-promotions.js';
import type { CouponRepository } from './coupon.repository.js';
import { validUntil } from './coupon.rules.js';

/**
 * Cross-store coupons are issued on completed orders only (never for sharing, inviting or signing up):
 * when an order at a shop that issues coupons completes, its buyer gets one coupon per live
 * CROSS_STORE_COUPON promotion of that shop, for the partner shop. The coupon id is derived from the
 * promotion and the order, so a redelivered event issues nothing twice.
 */
export function consumeCompletedOrders(events: EventBus, live: LivePromotions, coupons: CouponRepository): Promise<Subscription> {
  return events.consume('coupon-issuer', ['order.completed'], async (event) => {
    if (event.type !== 'order.completed') return;
    const d = event.data;
    const promotions = (await live.live(event.allianceId)).filter((p) => p.terms.kind === 'CROSS_STORE_COUPON' && p.terms.merchantIds[0] === d.merchantId);
    for (const p of promotions) {
      const couponId = `cp-${createHash('sha256').update(`${p.id}\u0000${d.orderId}`).digest('hex').slice(0, 16)}`;
      const until = validUntil(Date.parse(d.at), p.terms.endsAt);
      const redeemShopId = p.terms.merchantIds[1]!;
      await coupons.issue({ type: 'ISSUED', couponId, allianceId: event.allianceId, promotionId: p.id, memberId: d.memberSubject, issuingShopId: d.merchantId, redeemShopId, orderId: d.orderId, validUntil: until, at: d.at });
      await events.publish({
        id: `${event.allianceId}:coupon:${couponId}:issued`,
        type: 'coupon.issued',
        allianceId: event.allianceId,
        data: { allianceId: event.allianceId, couponId, promotionId: p.id, memberSubject: d.memberSubject, issuingShopId: d.merchantId, redeemShopId, orderId: d.orderId, validUntil: until, at: d.at },
      });
    }
  });
}
