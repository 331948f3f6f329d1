import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteDiscounts, yuan } from './quote.rules.js';
import type { Candidate, PromotionHeadroom, PromotionTerms, QuoteContext, QuoteLine } from './pricing.types.js';

const NOW = Date.UTC(2026, 11, 10);
const DAY = 86_400_000;
const ctx = (over: Partial<QuoteContext> = {}): QuoteContext => ({ nowMs: NOW, firstOrder: false, couponPromotionIds: [], ...over });
const open: PromotionHeadroom = { redemptionsLeft: null, budgetLeftFen: null, funderCostLeftFen: {} };
const promo = (over: Partial<PromotionTerms> & Pick<PromotionTerms, 'id' | 'kind'>, headroom: PromotionHeadroom = open): Candidate => ({
  terms: {
    title: over.id,
    merchantIds: ['m-fruit', 'm-bakery'],
    funding: [
      { merchantId: 'm-fruit', percent: 50 },
      { merchantId: 'm-bakery', percent: 50 },
    ],
    startsAt: NOW - DAY,
    endsAt: NOW + DAY,
    ...over,
  },
  headroom,
});
const line = (index: number, productId: string, merchantId: string, quantity: number, unitPriceFen: number, category = 'food'): QuoteLine => ({
  index,
  productId,
  merchantId,
  category,
  quantity,
  unitPriceFen,
});

/** alice's cart: 2 jin of peaches at the fruit shop, a cake at the bakery, tea elsewhere. */
const cart = [line(0, 'peach', 'm-fruit', 2, 1280, 'fruit'), line(1, 'cake', 'm-bakery', 1, 16800, 'bakery'), line(2, 'tea', 'm-tea', 1, 3000, 'drink')];
const spend = (over: Partial<PromotionTerms> = {}) => promo({ id: 'p-spend', kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 10000, discountFen: 2000, ...over });

test('spend across shops: 满¥100减¥20 over two shops, split to lines and funders exactly', () => {
  const q = quoteDiscounts(cart, [spend()], ctx());
  assert.equal(q.totalDiscountFen, 2000);
  assert.deepEqual(q.lines, [
    { index: 0, discountFen: 264 },
    { index: 1, discountFen: 1736 },
    { index: 2, discountFen: 0 },
  ]);
  assert.deepEqual(q.applied, [
    {
      promotionId: 'p-spend',
      kind: 'SPEND_ACROSS_SHOPS',
      title: 'p-spend',
      amountFen: 2000,
      lines: [
        { index: 0, discountFen: 264 },
        { index: 1, discountFen: 1736 },
      ],
      funders: [
        { merchantId: 'm-fruit', costFen: 1000 },
        { merchantId: 'm-bakery', costFen: 1000 },
      ],
      explanation: '跨店满减：满¥100减¥20（2家店）',
    },
  ]);
});

test('spend across shops needs the minimum on eligible lines and enough shops', () => {
  // The tea shop is not in the promotion: its ¥30 does not count toward the minimum.
  assert.equal(quoteDiscounts(cart, [spend({ minSpendFen: 19361 })], ctx()).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [spend({ minSpendFen: 19360 })], ctx()).totalDiscountFen, 2000);
  assert.equal(quoteDiscounts(cart.slice(1), [spend()], ctx()).totalDiscountFen, 0, 'one shop is not enough by default');
  assert.equal(quoteDiscounts(cart.slice(1), [spend({ minShops: 1 })], ctx()).totalDiscountFen, 2000);
  assert.equal(quoteDiscounts(cart, [spend({ minShops: 3, merchantIds: ['m-fruit', 'm-bakery', 'm-tea'] })], ctx()).totalDiscountFen, 2000);
});

test('percent off: floor of the eligible amount, capped', () => {
  const q = quoteDiscounts(cart, [spend({ discountFen: null, percentOff: 15 })], ctx());
  assert.equal(q.totalDiscountFen, 2904); // floor(19360 * 0.15)
  assert.equal(q.applied[0]!.explanation, '跨店满减：满¥100享8.5折（2家店）');
  const capped = quoteDiscounts(cart, [spend({ discountFen: null, percentOff: 10, maxDiscountFen: 1500 })], ctx());
  assert.equal(capped.totalDiscountFen, 1500);
  assert.equal(capped.applied[0]!.explanation, '跨店满减：满¥100享9折，最高减¥15（2家店）');
});

test('products and categories: either list matching is enough', () => {
  const byProduct = quoteDiscounts(cart, [spend({ minShops: 1, minSpendFen: 100, productIds: ['peach'] })], ctx());
  assert.deepEqual(byProduct.applied[0]!.lines, [{ index: 0, discountFen: 2000 }]);
  const both = quoteDiscounts(cart, [spend({ minSpendFen: 100, productIds: ['peach'], categories: ['bakery'] })], ctx());
  assert.deepEqual(both.applied[0]!.lines.map((l) => l.index), [0, 1]);
  assert.equal(quoteDiscounts(cart, [spend({ minSpendFen: 100, categories: ['drink'] })], ctx()).totalDiscountFen, 0, 'tea is not a participating shop');
});

test('neighbourhoods restrict who gets it', () => {
  const p = spend({ neighborhoods: ['望京'] });
  assert.equal(quoteDiscounts(cart, [p], ctx()).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [p], ctx({ neighborhood: '国贸' })).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [p], ctx({ neighborhood: '望京' })).totalDiscountFen, 2000);
});

test('group-only offers: for members of the group; assumed open until her groups are read', () => {
  const p = spend({ communityGroups: ['grp-a'] });
  assert.equal(quoteDiscounts(cart, [p], ctx({ memberGroups: [] })).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [p], ctx({ memberGroups: ['grp-b'] })).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [p], ctx({ memberGroups: ['grp-b', 'grp-a'] })).totalDiscountFen, 2000);
  assert.equal(quoteDiscounts(cart, [p], ctx()).totalDiscountFen, 2000, 'not read yet: the service reads them before it settles');
});

test('only live promotions count: startsAt ≤ now < endsAt', () => {
  assert.equal(quoteDiscounts(cart, [spend({ startsAt: NOW + 1 })], ctx()).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [spend({ endsAt: NOW })], ctx()).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [spend({ startsAt: NOW })], ctx()).totalDiscountFen, 2000);
});

test('cross-store coupon: needs the coupon, discounts only the redeeming shop', () => {
  const coupon = promo({ id: 'p-coupon', kind: 'CROSS_STORE_COUPON', discountFen: 1000, minSpendFen: 5000 });
  assert.equal(quoteDiscounts(cart, [coupon], ctx()).totalDiscountFen, 0);
  const q = quoteDiscounts(cart, [coupon], ctx({ couponPromotionIds: ['p-coupon'] }));
  assert.deepEqual(q.lines.map((l) => l.discountFen), [0, 1000, 0]);
  assert.equal(q.applied[0]!.explanation, '跨店券：满¥50减¥10');
  // The minimum counts the redeeming shop's lines only: ¥25.60 of peaches at the issuing shop do not help.
  const bakeryCheap = [line(0, 'peach', 'm-fruit', 10, 1280), line(1, 'bun', 'm-bakery', 1, 800)];
  assert.equal(quoteDiscounts(bakeryCheap, [coupon], ctx({ couponPromotionIds: ['p-coupon'] })).totalDiscountFen, 0);
});

test('bundle: sets of one unit of each product at the bundle price, over the bundle lines only', () => {
  const bundle = promo({ id: 'p-bundle', kind: 'BUNDLE', productIds: ['peach', 'cake'], bundlePriceFen: 15000 });
  const lines = [line(0, 'peach', 'm-fruit', 3, 1280), line(1, 'cake', 'm-bakery', 2, 16800), line(2, 'bun', 'm-bakery', 1, 800)];
  const q = quoteDiscounts(lines, [bundle], ctx());
  // Two sets, each (1280 + 16800 − 15000) = 3080 off.
  assert.equal(q.totalDiscountFen, 6160);
  assert.equal(q.lines[2]!.discountFen, 0);
  assert.equal(q.applied[0]!.explanation, '组合价：2件组合¥150（2组）');
  assert.equal(quoteDiscounts(lines.slice(1), [bundle], ctx()).totalDiscountFen, 0, 'an incomplete set gets nothing');
  assert.equal(quoteDiscounts(lines, [promo({ id: 'p-b2', kind: 'BUNDLE', productIds: ['peach', 'cake'], bundlePriceFen: 18080 })], ctx()).totalDiscountFen, 0, 'no saving, no promotion');
});

test('new member: first order only', () => {
  const nm = promo({ id: 'p-new', kind: 'NEW_MEMBER', discountFen: 500 });
  assert.equal(quoteDiscounts(cart, [nm], ctx()).totalDiscountFen, 0);
  const q = quoteDiscounts(cart, [nm], ctx({ firstOrder: true }));
  assert.equal(q.totalDiscountFen, 500);
  assert.equal(q.applied[0]!.explanation, '新人优惠：首单减¥5');
});

test('group-buy: per unit, only for the group being joined', () => {
  const gb = promo({ id: 'p-group', kind: 'GROUP_BUY', productIds: ['peach'], discountFen: 300, groupSize: 3 });
  assert.equal(quoteDiscounts(cart, [gb], ctx()).totalDiscountFen, 0);
  assert.equal(quoteDiscounts(cart, [gb], ctx({ groupBuyPromotionId: 'p-other' })).totalDiscountFen, 0);
  const q = quoteDiscounts(cart, [gb], ctx({ groupBuyPromotionId: 'p-group' }));
  assert.deepEqual(q.lines.map((l) => l.discountFen), [600, 0, 0]);
  assert.equal(q.applied[0]!.explanation, '拼团优惠：3人团，每件减¥3');
});

test('presale: per unit off its products; without an action it prices nothing', () => {
  const lines = [line(0, 'mooncake', 'm-bakery', 4, 2500), line(1, 'cake', 'm-bakery', 1, 16800)];
  const pre = promo({ id: 'p-pre', kind: 'PRESALE', productIds: ['mooncake'], discountFen: 500, pickupDate: NOW + 5 * DAY });
  assert.deepEqual(quoteDiscounts(lines, [pre], ctx()).lines.map((l) => l.discountFen), [2000, 0]);
  assert.equal(quoteDiscounts(lines, [{ ...pre, terms: { ...pre.terms, discountFen: null } }], ctx()).totalDiscountFen, 0);
  const pct = quoteDiscounts(lines, [{ ...pre, terms: { ...pre.terms, discountFen: null, percentOff: 20 } }], ctx());
  assert.equal(pct.totalDiscountFen, 2000);
  assert.match(pct.applied[0]!.explanation, /^预售优惠：享8折，\d+月\d+日起提货$/);
});

test('never below zero: a discount larger than the lines takes only what they carry', () => {
  const cheap = [line(0, 'bun', 'm-bakery', 1, 300), line(1, 'apple', 'm-fruit', 1, 200)];
  const q = quoteDiscounts(cheap, [promo({ id: 'p-new', kind: 'NEW_MEMBER', discountFen: 5000 })], ctx({ firstOrder: true }));
  assert.deepEqual(q.lines, [
    { index: 0, discountFen: 300 },
    { index: 1, discountFen: 200 },
  ]);
  const perUnit = quoteDiscounts(cheap, [promo({ id: 'p-g', kind: 'GROUP_BUY', productIds: ['bun', 'apple'], discountFen: 250 })], ctx({ groupBuyPromotionId: 'p-g' }));
  assert.deepEqual(perUnit.lines.map((l) => l.discountFen), [250, 200]);
});

test('stacking: a group applies its members in id order on what is left, and beats a smaller exclusive', () => {
  const a = spend({ id: 'p-a', stackGroup: 'g', discountFen: 2000 });
  const b = promo({ id: 'p-b', kind: 'NEW_MEMBER', stackGroup: 'g', percentOff: 10 });
  const x = promo({ id: 'p-x', kind: 'NEW_MEMBER', discountFen: 3000 });
  const q = quoteDiscounts(cart, [x, b, a], ctx({ firstOrder: true }));
  // p-a takes 2000 of 19360; p-b takes 10% of the 17360 left on the two shops.
  assert.deepEqual(q.applied.map((p) => [p.promotionId, p.amountFen]), [
    ['p-a', 2000],
    ['p-b', 1736],
  ]);
  assert.equal(q.totalDiscountFen, 3736);
  // A bigger exclusive wins over the group.
  const big = promo({ id: 'p-z', kind: 'NEW_MEMBER', discountFen: 4000 });
  assert.deepEqual(quoteDiscounts(cart, [a, b, big], ctx({ firstOrder: true })).applied.map((p) => p.promotionId), ['p-z']);
  // Exclusives never combine with each other.
  assert.deepEqual(quoteDiscounts(cart, [spend({ id: 'p-c' }), x], ctx({ firstOrder: true })).applied.map((p) => p.promotionId), ['p-x']);
});

test('stacking ties go to the option whose first promotion id sorts lowest', () => {
  const one = promo({ id: 'p-2', kind: 'NEW_MEMBER', discountFen: 1000 });
  const two = promo({ id: 'p-1', kind: 'NEW_MEMBER', discountFen: 1000 });
  assert.deepEqual(quoteDiscounts(cart, [one, two], ctx({ firstOrder: true })).applied.map((p) => p.promotionId), ['p-1']);
  const g1 = promo({ id: 'p-0', kind: 'NEW_MEMBER', discountFen: 400, stackGroup: 'g' });
  const g2 = promo({ id: 'p-9', kind: 'NEW_MEMBER', discountFen: 600, stackGroup: 'g' });
  assert.deepEqual(quoteDiscounts(cart, [one, two, g2, g1], ctx({ firstOrder: true })).applied.map((p) => p.promotionId), ['p-0', 'p-9']);
});

test('headroom: no redemptions left, a budget too small or a funder over its cap refuses the promotion', () => {
  const withRoom = (h: Partial<PromotionHeadroom>) => promo({ id: 'p-spend', kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 10000, discountFen: 2000 }, { ...open, ...h });
  const fallback = promo({ id: 'p-small', kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 10000, discountFen: 500 });
  const ids = (h: Partial<PromotionHeadroom>) => quoteDiscounts(cart, [withRoom(h), fallback], ctx()).applied.map((p) => p.promotionId);
  assert.deepEqual(ids({}), ['p-spend']);
  assert.deepEqual(ids({ redemptionsLeft: 0 }), ['p-small']);
  assert.deepEqual(ids({ redemptionsLeft: 1 }), ['p-spend']);
  assert.deepEqual(ids({ budgetLeftFen: 1999 }), ['p-small']);
  assert.deepEqual(ids({ budgetLeftFen: 2000 }), ['p-spend']);
  // The bakery's share (1000) passes what its cap leaves: not applied, never shifted to the fruit shop.
  assert.deepEqual(ids({ funderCostLeftFen: { 'm-bakery': 999 } }), ['p-small']);
  assert.deepEqual(ids({ funderCostLeftFen: { 'm-bakery': 1000 } }), ['p-spend']);
});

test('a capped funder without a usage figure is held to its whole cap', () => {
  const capped = spend({ funding: [{ merchantId: 'm-fruit', percent: 50 }, { merchantId: 'm-bakery', percent: 50, capFen: 999 }] });
  assert.equal(quoteDiscounts(cart, [capped], ctx()).totalDiscountFen, 0);
  const fixed = spend({ funding: [{ merchantId: 'm-fruit', fixedFen: 1500 }, { merchantId: 'm-bakery', fixedFen: 500 }] });
  assert.deepEqual(quoteDiscounts(cart, [fixed], ctx()).applied[0]!.funders, [
    { merchantId: 'm-fruit', costFen: 1500 },
    { merchantId: 'm-bakery', costFen: 500 },
  ]);
});

test('the same answer whatever the order of the candidates', () => {
  const all = [spend({ stackGroup: 'g' }), promo({ id: 'p-b', kind: 'NEW_MEMBER', stackGroup: 'g', percentOff: 10 }), promo({ id: 'p-x', kind: 'NEW_MEMBER', discountFen: 3736 })];
  const first = quoteDiscounts(cart, all, ctx({ firstOrder: true }));
  assert.deepEqual(quoteDiscounts(cart, [...all].reverse(), ctx({ firstOrder: true })), first);
  assert.deepEqual(quoteDiscounts(cart, [all[1]!, all[2]!, all[0]!], ctx({ firstOrder: true })), first);
});

test('no promotions: every line at zero; bad lines are refused', () => {
  assert.deepEqual(quoteDiscounts(cart, [], ctx()), { lines: cart.map((l) => ({ index: l.index, discountFen: 0 })), totalDiscountFen: 0, applied: [] });
  assert.throws(() => quoteDiscounts([line(0, 'a', 'm', 1, 12.5)], [], ctx()), RangeError);
  assert.throws(() => quoteDiscounts([line(0, 'a', 'm', 1, 100), line(0, 'b', 'm', 1, 100)], [], ctx()), RangeError);
});

test('yuan shows whole yuan without decimals and fen with two', () => {
  assert.equal(yuan(10000), '¥100');
  assert.equal(yuan(2990), '¥29.90');
  assert.equal(yuan(5), '¥0.05');
});
