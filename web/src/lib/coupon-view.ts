/** The coupon wallet (我的 → 优惠券), pure. */

/** Usable coupons first (in the API's order: soonest to expire first), used and expired below. */
export function walletSections<C extends { status: string }>(coupons: readonly C[]): { usable: C[]; past: C[] } {
  return { usable: coupons.filter((c) => c.status === 'AVAILABLE'), past: coupons.filter((c) => c.status !== 'AVAILABLE') };
}

/** Where a coupon can be used: the redeeming shop's products on the storefront. */
export const couponShopPath = (merchantId: string): string => `/?merchant=${encodeURIComponent(merchantId)}`;
