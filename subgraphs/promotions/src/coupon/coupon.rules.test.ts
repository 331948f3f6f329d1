import { test } from 'node:test';
import assert from 'node:assert/strict';
import { couponProjection, couponStatus, pickCoupon, redeemRefusal, validUntil, type CouponFact, type CouponState } from './coupon.rules.js';

const issued = (couponId: string, until: string, promotionId = 'pr-1'): CouponFact => ({
  type: 'ISSUED', couponId, allianceId: 'demo', promotionId, memberId: 'alice', issuingShopId: 'm-fruit', redeemShopId: 'm-bakery', orderId: 'o1', validUntil: until, at: '2026-11-01T00:00:00.000Z',
});
const fold = (facts: CouponFact[]) => facts.reduce<CouponState | null>((s, f) => couponProjection.evolve(s, f), null)!;
const now = Date.parse('2026-11-10T00:00:00.000Z');

test('a coupon is available until used, used until its checkout gives it back, and expires', () => {
  const c = fold([issued('c1', '2026-12-01T00:00:00.000Z')]);
  assert.equal(couponStatus(c, now), 'AVAILABLE');
  const used = fold([issued('c1', '2026-12-01T00:00:00.000Z'), { type: 'REDEEMED', checkoutId: 'co-1', at: 'x' }]);
  assert.equal(couponStatus(used, now), 'USED');
  assert.equal(redeemRefusal(used, 'alice', now), 'COUPON_USED');
  // Only the checkout that used it gives it back.
  assert.equal(couponStatus(couponProjection.evolve(used, { type: 'RESTORED', checkoutId: 'co-2', at: 'y' })!, now), 'USED');
  assert.equal(couponStatus(couponProjection.evolve(used, { type: 'RESTORED', checkoutId: 'co-1', at: 'y' })!, now), 'AVAILABLE');
  assert.equal(couponStatus(c, Date.parse('2026-12-01T00:00:00.000Z')), 'EXPIRED');
  assert.equal(redeemRefusal(c, 'bob', now), 'NO_COUPON');
});

test('the coupon used is the one that expires first; validity ends with the promotion at the latest', () => {
  const a = fold([issued('a', '2026-12-05T00:00:00.000Z')]);
  const b = fold([issued('b', '2026-11-20T00:00:00.000Z')]);
  const other = fold([issued('c', '2026-11-11T00:00:00.000Z', 'pr-2')]);
  assert.equal(pickCoupon([a, b, other], 'pr-1', now)?.couponId, 'b');
  assert.equal(pickCoupon([a, b], 'pr-3', now), null);
  assert.equal(validUntil(Date.parse('2026-11-01T00:00:00.000Z'), Date.parse('2026-11-05T00:00:00.000Z')), '2026-11-05T00:00:00.000Z');
  assert.equal(validUntil(Date.parse('2026-11-01T00:00:00.000Z'), Date.parse('2027-11-05T00:00:00.000Z')), '2026-12-01T00:00:00.000Z');
});
