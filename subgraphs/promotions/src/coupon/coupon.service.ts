import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { LivePromotions } from '../redemption/live-promotions.js';
import type { PromotionState } from '../promotion/promotion.rules.js';
import type { CouponRepository } from './coupon.repository.js';
import { couponStatus, type CouponState, type CouponStatus } from './coupon.rules.js';

export interface CouponView extends CouponState {
  status: CouponStatus;
  promotion: PromotionState | null;
}

/** The signed-in member's coupon wallet (我的 → 优惠券). */
export class CouponService {
  constructor(
    private readonly request: RequestContext,
    private readonly coupons: CouponRepository,
    private readonly live: LivePromotions,
    private readonly now: () => Date,
  ) {}

  async mine(status?: CouponStatus | null): Promise<CouponView[]> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to see your coupons');
    const nowMs = this.now().getTime();
    const wallet = await this.coupons.wallet(this.request.allianceId, p.subject);
    const views = await Promise.all(
      wallet.map(async (c) => ({ ...c, status: couponStatus(c, nowMs), promotion: await this.live.one(this.request.allianceId, c.promotionId) })),
    );
    // Usable first (soonest to expire first), then used and expired, newest first.
    const rank = (s: CouponStatus) => (s === 'AVAILABLE' ? 0 : 1);
    return views
      .filter((v) => !status || v.status === status)
      .sort((a, b) => rank(a.status) - rank(b.status) || (a.status === 'AVAILABLE' ? a.validUntil.localeCompare(b.validUntil) : b.issuedAt.localeCompare(a.issuedAt)));
  }
}
