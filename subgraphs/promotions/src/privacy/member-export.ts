import { isCallerMember } from '@alliance/auth/member-id';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { CouponService } from '../coupon/coupon.service.js';

/** `Member.heldByPromotions`: her coupons (the only thing promotions keeps per member). */
export async function promotionsExport(request: RequestContext, memberId: string, coupons: CouponService): Promise<string | null> {
  if (!isCallerMember(request, memberId)) return null;
  return JSON.stringify({ heldBy: 'promotions', coupons: await coupons.mine(null) });
}
