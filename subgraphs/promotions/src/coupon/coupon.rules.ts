/**
 * A cross-store coupon: issued to a member when her order at the issuing shop completes, used by one
 * checkout at the partner shop, given back if that checkout is abandoned or wholly cancelled. Its
 * life is a small stream, so two checkouts racing for one coupon cannot both use it.
 */
export type CouponStatus = 'AVAILABLE' | 'USED' | 'EXPIRED';

export type CouponFact =
  | { type: 'ISSUED'; couponId: string; allianceId: string; promotionId: string; memberId: string; issuingShopId: string; redeemShopId: string; orderId: string; validUntil: string; at: string }
  | { type: 'REDEEMED'; checkoutId: string; at: string }
  | { type: 'RESTORED'; checkoutId: string; at: string };

export interface CouponState {
  couponId: string;
  allianceId: string;
  promotionId: string;
  memberId: string;
  issuingShopId: string;
  redeemShopId: string;
  orderId: string;
  issuedAt: string;
  validUntil: string;
  /** The checkout using it; null while available. */
  usedBy: string | null;
  usedAt: string | null;
}

/** How long a coupon stays valid after it is issued, at most (and never past its promotion's end). */
export const COUPON_VALID_DAYS = 30;

export const couponProjection = {
  initial: null as CouponState | null,
  evolve(s: CouponState | null, f: CouponFact): CouponState | null {
    if (f.type === 'ISSUED') {
      const { type: _t, at, ...rest } = f;
      return { ...rest, issuedAt: at, usedBy: null, usedAt: null };
    }
    if (!s) return s;
    if (f.type === 'REDEEMED') return { ...s, usedBy: f.checkoutId, usedAt: f.at };
    return s.usedBy === f.checkoutId ? { ...s, usedBy: null, usedAt: null } : s;
  },
};

export function couponStatus(c: CouponState, nowMs: number): CouponStatus {
  if (c.usedBy) return 'USED';
  return Date.parse(c.validUntil) <= nowMs ? 'EXPIRED' : 'AVAILABLE';
}

export function validUntil(issuedAtMs: number, promotionEndsAtMs: number): string {
  return new Date(Math.min(issuedAtMs + COUPON_VALID_DAYS * 86_400_000, promotionEndsAtMs)).toISOString();
}

/** The coupon a checkout uses: the member's available coupon of that promotion that expires first. */
export function pickCoupon(coupons: readonly CouponState[], promotionId: string, nowMs: number): CouponState | null {
  const usable = coupons.filter((c) => c.promotionId === promotionId && couponStatus(c, nowMs) === 'AVAILABLE');
  usable.sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.couponId.localeCompare(b.couponId));
  return usable[0] ?? null;
}

/** Whether a checkout may take this coupon now (null) or why not. */
export function redeemRefusal(c: CouponState | null, memberId: string, nowMs: number): string | null {
  if (!c || c.memberId !== memberId) return 'NO_COUPON';
  const status = couponStatus(c, nowMs);
  return status === 'AVAILABLE' ? null : `COUPON_${status}`;
}
