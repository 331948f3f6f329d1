import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asUserErrors, FUNDING_PROBLEM_CODES, fundingProblems } from './funding.rules.js';
import type { PromotionProposal } from './pricing.types.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1);

/** A valid cross-shop 满减, split 50/50: each test breaks one thing. */
const spend = (over: Partial<PromotionProposal> = {}): PromotionProposal => ({
  kind: 'SPEND_ACROSS_SHOPS',
  title: '水果面包跨店满减',
  proposerId: 'm-fruit',
  partnerIds: ['m-bakery'],
  funding: [
    { merchantId: 'm-fruit', percent: 50 },
    { merchantId: 'm-bakery', percent: 50 },
  ],
  minSpendFen: 10000,
  discountFen: 2000,
  startsAt: T0,
  endsAt: T0 + 30 * DAY,
  ...over,
});

const codes = (p: PromotionProposal) => fundingProblems(p).map((x) => `${x.field}:${x.code}`);

test('a valid proposal of every kind has no problems', () => {
  const valid: PromotionProposal[] = [
    spend(),
    spend({ discountFen: null, percentOff: 10, maxDiscountFen: 3000, minShops: 2 }),
    spend({ kind: 'BUNDLE', minSpendFen: null, discountFen: null, productIds: ['peach', 'cake'], bundlePriceFen: 15000 }),
    spend({ kind: 'NEW_MEMBER', minSpendFen: null, discountFen: 1000, funding: [{ merchantId: 'm-fruit', fixedFen: 600 }, { merchantId: 'm-bakery', fixedFen: 400, capFen: 50000 }] }),
    spend({ kind: 'CROSS_STORE_COUPON', minSpendFen: 5000, discountFen: 1000 }),
    spend({ kind: 'GROUP_BUY', minSpendFen: null, discountFen: 300, productIds: ['peach'], groupSize: 3 }),
    spend({ kind: 'PRESALE', minSpendFen: null, discountFen: 300, productIds: ['mooncake'], totalLimit: 200, pickupDate: T0 + 31 * DAY }),
    spend({ partnerIds: ['m-bakery', 'm-tea'], minShops: 3, funding: [{ merchantId: 'm-fruit', percent: 34 }, { merchantId: 'm-bakery', percent: 33 }, { merchantId: 'm-tea', percent: 33 }] }),
    spend({ totalLimit: 100, perMemberLimit: 1, budgetFen: 200000, endsAt: T0 + 366 * DAY }),
  ];
  for (const p of valid) assert.deepEqual(codes(p), [], p.kind);
});

test('funders: participants only, each once', () => {
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-tea', percent: 50 }] })), ['funding.1.merchantId:FUNDER_NOT_PARTICIPANT']);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-fruit', percent: 50 }] })), ['funding.1.merchantId:DUPLICATE_FUNDER']);
  assert.deepEqual(codes(spend({ funding: [] })), ['funding:FUNDING_REQUIRED']);
});

test('partners: not the proposer, each once', () => {
  assert.deepEqual(codes(spend({ partnerIds: ['m-bakery', 'm-fruit'] })), ['partnerIds.1:PARTNER_IS_PROPOSER']);
  assert.deepEqual(codes(spend({ partnerIds: ['m-bakery', 'm-bakery'] })), ['partnerIds.1:DUPLICATE_PARTNER']);
});

test('percent shares: integers 1..100 summing to exactly 100', () => {
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 60 }, { merchantId: 'm-bakery', percent: 50 }] })), ['funding:FUNDING_SUM']);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 100 }, { merchantId: 'm-bakery', percent: 0 }] })), ['funding.1.percent:INVALID_PERCENT']);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 49.5 }, { merchantId: 'm-bakery', percent: 50.5 }] })), [
    'funding.0.percent:INVALID_PERCENT',
    'funding.1.percent:INVALID_PERCENT',
  ]);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 100 }] })), []);
});

test('fixed shares: positive fen summing to the amount off, which they require', () => {
  const fixed = (a: number, b: number) => [{ merchantId: 'm-fruit', fixedFen: a }, { merchantId: 'm-bakery', fixedFen: b }];
  assert.deepEqual(codes(spend({ funding: fixed(1000, 1000) })), []);
  assert.deepEqual(codes(spend({ funding: fixed(1000, 999) })), ['funding:FUNDING_SUM']);
  assert.deepEqual(codes(spend({ funding: fixed(2000, 0) })), ['funding.1.fixedFen:INVALID_FIXED_FEN']);
  assert.deepEqual(codes(spend({ funding: fixed(1000, 1000), discountFen: null, percentOff: 10 })), ['funding:FIXED_FUNDING_NEEDS_AMOUNT_OFF']);
  assert.ok(codes(spend({ kind: 'BUNDLE', productIds: ['a', 'b'], bundlePriceFen: 100, funding: fixed(1000, 1000) })).includes('funding:FIXED_FUNDING_NEEDS_AMOUNT_OFF'));
});

test('mixing percent and fixed shares is refused, as is a share with neither', () => {
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-bakery', fixedFen: 1000 }] })), ['funding:MIXED_FUNDING']);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 50, fixedFen: 1000 }, { merchantId: 'm-bakery', percent: 50 }] })), ['funding:MIXED_FUNDING']);
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 100 }, { merchantId: 'm-bakery' }] })), ['funding.1:SHARE_REQUIRED']);
});

test('a cap is a positive integer', () => {
  assert.deepEqual(codes(spend({ funding: [{ merchantId: 'm-fruit', percent: 50, capFen: 0 }, { merchantId: 'm-bakery', percent: 50, capFen: 10.5 }] })), [
    'funding.0.capFen:INVALID_CAP',
    'funding.1.capFen:INVALID_CAP',
  ]);
});

test('spend across shops: min spend, one action, discount below min spend, reachable shop count', () => {
  assert.deepEqual(codes(spend({ minSpendFen: null })), ['minSpendFen:MIN_SPEND_REQUIRED']);
  assert.deepEqual(codes(spend({ percentOff: 10 })), ['discountFen:DISCOUNT_AMBIGUOUS']);
  assert.deepEqual(codes(spend({ discountFen: null })), ['discountFen:DISCOUNT_REQUIRED']);
  assert.deepEqual(codes(spend({ discountFen: 10000 })), ['discountFen:DISCOUNT_NOT_BELOW_MIN_SPEND']);
  assert.deepEqual(codes(spend({ discountFen: null, percentOff: 100 })), ['percentOff:INVALID_PERCENT_OFF']);
  assert.deepEqual(codes(spend({ discountFen: null, percentOff: 10, maxDiscountFen: -5 })), ['maxDiscountFen:INVALID_AMOUNT']);
  assert.deepEqual(codes(spend({ minShops: 0 })), ['minShops:INVALID_MIN_SHOPS']);
  assert.deepEqual(codes(spend({ minShops: 3 })), ['minShops:MIN_SHOPS_UNREACHABLE']);
  assert.deepEqual(codes(spend({ minSpendFen: -100 })), ['minSpendFen:INVALID_AMOUNT']);
});

test('bundle: two products and a price', () => {
  const bundle = (over: Partial<PromotionProposal>) => spend({ kind: 'BUNDLE', minSpendFen: null, discountFen: null, productIds: ['a', 'b'], bundlePriceFen: 100, ...over });
  assert.deepEqual(codes(bundle({ productIds: ['a', 'a'] })), ['productIds:BUNDLE_PRODUCTS']);
  assert.deepEqual(codes(bundle({ bundlePriceFen: null })), ['bundlePriceFen:BUNDLE_PRICE']);
  assert.deepEqual(codes(bundle({ bundlePriceFen: 0 })), ['bundlePriceFen:INVALID_AMOUNT']);
});

test('new member needs an action; a coupon an amount and exactly two shops', () => {
  assert.deepEqual(codes(spend({ kind: 'NEW_MEMBER', minSpendFen: null, discountFen: null })), ['discountFen:DISCOUNT_REQUIRED']);
  const coupon = (over: Partial<PromotionProposal>) => spend({ kind: 'CROSS_STORE_COUPON', minSpendFen: null, ...over });
  assert.deepEqual(codes(coupon({ discountFen: null, percentOff: 10 })), ['discountFen:DISCOUNT_REQUIRED', 'percentOff:DISCOUNT_AMBIGUOUS']);
  assert.deepEqual(codes(coupon({ partnerIds: ['m-bakery', 'm-tea'] })), ['partnerIds:COUPON_NEEDS_TWO_SHOPS']);
  assert.deepEqual(codes(coupon({ partnerIds: [], funding: [{ merchantId: 'm-fruit', percent: 100 }] })), ['partnerIds:COUPON_NEEDS_TWO_SHOPS']);
});

test('group-buy: products, a group of 2..50, an action', () => {
  const group = (over: Partial<PromotionProposal>) => spend({ kind: 'GROUP_BUY', minSpendFen: null, productIds: ['peach'], groupSize: 3, ...over });
  assert.deepEqual(codes(group({ productIds: [] })), ['productIds:PRODUCTS_REQUIRED']);
  assert.deepEqual(codes(group({ groupSize: 1 })), ['groupSize:GROUP_SIZE']);
  assert.deepEqual(codes(group({ groupSize: 51 })), ['groupSize:GROUP_SIZE']);
  assert.deepEqual(codes(group({ groupSize: null })), ['groupSize:GROUP_SIZE']);
  assert.deepEqual(codes(group({ discountFen: null })), ['discountFen:DISCOUNT_REQUIRED']);
});

test('presale: products, a limited quantity, pickup after the end', () => {
  const presale = (over: Partial<PromotionProposal>) =>
    spend({ kind: 'PRESALE', minSpendFen: null, discountFen: 300, productIds: ['mooncake'], totalLimit: 50, pickupDate: T0 + 40 * DAY, ...over });
  assert.deepEqual(codes(presale({ totalLimit: null })), ['totalLimit:TOTAL_LIMIT_REQUIRED']);
  assert.deepEqual(codes(presale({ totalLimit: 0 })), ['totalLimit:INVALID_LIMIT']);
  assert.deepEqual(codes(presale({ pickupDate: T0 + 30 * DAY })), ['pickupDate:PICKUP_DATE']);
  assert.deepEqual(codes(presale({ pickupDate: null })), ['pickupDate:PICKUP_DATE']);
  assert.deepEqual(codes(presale({ productIds: null })), ['productIds:PRODUCTS_REQUIRED']);
  // Sold at a presale price: without one there is nothing to count against its quantity.
  assert.ok(codes(presale({ discountFen: null })).length > 0);
});

test('schedule, limits, budget and title', () => {
  assert.deepEqual(codes(spend({ endsAt: T0 })), ['endsAt:SCHEDULE_ORDER']);
  assert.deepEqual(codes(spend({ endsAt: T0 + 366 * DAY + 1 })), ['endsAt:SCHEDULE_TOO_LONG']);
  assert.deepEqual(codes(spend({ startsAt: Number.NaN })), ['startsAt:INVALID_DATE']);
  assert.deepEqual(codes(spend({ perMemberLimit: 1.5, totalLimit: -1 })), ['totalLimit:INVALID_LIMIT', 'perMemberLimit:INVALID_LIMIT']);
  assert.deepEqual(codes(spend({ budgetFen: 0 })), ['budgetFen:INVALID_BUDGET']);
  assert.deepEqual(codes(spend({ title: '   ' })), ['title:TITLE_LENGTH']);
  assert.deepEqual(codes(spend({ title: '满'.repeat(40) })), []);
  assert.deepEqual(codes(spend({ title: '满'.repeat(41) })), ['title:TITLE_LENGTH']);
});

test('every problem carries a known code and an English message; asUserErrors gives path arrays', () => {
  const problems = fundingProblems(spend({ title: '', funding: [{ merchantId: 'x', percent: 7 }], endsAt: T0 - 1 }));
  assert.ok(problems.length >= 3);
  for (const p of problems) {
    assert.ok((FUNDING_PROBLEM_CODES as readonly string[]).includes(p.code));
    assert.ok(p.message.length > 0);
  }
  assert.deepEqual(asUserErrors([{ field: 'funding.1.percent', code: 'INVALID_PERCENT', message: 'm' }]), [{ field: ['funding', '1', 'percent'], code: 'INVALID_PERCENT', message: 'm' }]);
});
