import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promotionTags } from './tags.rules.js';
import type { PromotionState } from './promotion.rules.js';
import type { PromotionTerms } from '../pricing/pricing.types.js';

const promo = (id: string, terms: Partial<PromotionTerms>): PromotionState => ({
  id,
  allianceId: 'a',
  terms: { id, kind: 'SPEND_ACROSS_SHOPS', title: id, merchantIds: ['m-fruit', 'm-bakery'], funding: [], startsAt: 0, endsAt: 1e15, minSpendFen: 3000, discountFen: 500, ...terms },
  limits: { totalLimit: null, perMemberLimit: null, budgetFen: null },
  termsHash: '',
  proposerId: 'm-fruit',
  partners: [],
  needsApproval: false,
  counterTo: null,
  status: 'ACTIVE',
  proposedAt: '',
  audit: [],
});

test('a product of a participating shop gets one tag per kind, the lowest id first', () => {
  const tags = promotionTags({ id: 'p1', category: 'fruit', merchantId: 'm-fruit' }, [promo('b', {}), promo('a', {}), promo('c', { kind: 'NEW_MEMBER', percentOff: 10, discountFen: null })]);
  assert.deepEqual(tags.map((t) => [t.label, t.promotionId]), [['满减', 'a'], ['新人价', 'c']]);
  assert.equal(tags[0]!.summary, '跨店满¥30减¥5（2家店起）');
});

test('other shops, other products and other categories get no tag', () => {
  const live = [promo('a', { productIds: ['p2'] }), promo('b', { categories: ['bread'] })];
  assert.deepEqual(promotionTags({ id: 'p1', category: 'fruit', merchantId: 'm-fruit' }, live), []);
  assert.deepEqual(promotionTags({ id: 'p9', category: 'fruit', merchantId: 'm-tea' }, [promo('c', {})]), []);
  assert.equal(promotionTags({ id: 'p2', category: 'fruit', merchantId: 'm-fruit' }, live).length, 1);
});

test('a cross-store coupon is tagged at the shop that redeems it, not the one that issues it', () => {
  const live = [promo('a', { kind: 'CROSS_STORE_COUPON' })];
  assert.deepEqual(promotionTags({ id: 'p1', category: 'fruit', merchantId: 'm-fruit' }, live), []);
  assert.equal(promotionTags({ id: 'p2', category: 'bread', merchantId: 'm-bakery' }, live)[0]!.label, '跨店券');
});
