/** The signed-in member's coupon wallet (我的 → 优惠券), server-only. */
import { memberGql } from './member-gateway';
import { SHOP_REF } from './fragments';
import type { PortalMyCouponsQuery } from './generated/operations';

const MY_COUPONS = /* GraphQL */ `
  query PortalMyCoupons {
    myCoupons {
      id promotionId title summary status issuedAt validUntil usedAt
      discount { amountFen } minSpend { amountFen }
      issuingShop { ...ShopRef } shop { ...ShopRef }
    }
  }
  ${SHOP_REF}
`;

export type CouponView = PortalMyCouponsQuery['myCoupons'][number];

/** Every coupon of hers: usable ones first, soonest to expire first (the API's order). */
export async function getMyCoupons(): Promise<CouponView[]> {
  return (await memberGql<PortalMyCouponsQuery>(MY_COUPONS)).myCoupons;
}
