import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAnnounced, onboardingProblems, type OnboardingInput } from './onboarding.rules.js';
import { deliveryTermsOf } from '../orders/delivery.rules.js';

const form = (over: Partial<OnboardingInput> = {}): OnboardingInput => ({
  id: 'm-tea',
  name: '茶语',
  kind: 'YOGURT_TEA',
  neighborhood: '翠苑一区',
  neighborhoodsServed: ['翠苑一区', ' 文新小区 ', '翠苑一区'],
  address: '文三路 1 号',
  delivery: { delivers: true, feeFen: 300, freeFromFen: 2000 },
  businessLicenceNumber: '91330106ma2cfx1234',
  foodPermitNumber: 'JY13301060012345',
  ownerUsername: 'Tea-Owner',
  ownerEmail: ' Owner@Tea.example ',
  ...over,
});
const codes = (input: OnboardingInput) => onboardingProblems(input).problems.map((p) => `${p.code}@${p.field?.join('.')}`);

test('a whole form becomes the shop: trimmed, normalised, served neighbourhoods deduplicated, the badge from the name', () => {
  const { shop, problems } = onboardingProblems(form());
  assert.deepEqual(problems, []);
  assert.equal(shop!.businessLicenceNumber, '91330106MA2CFX1234');
  assert.deepEqual(shop!.neighborhoodsServed, ['翠苑一区', '文新小区']);
  assert.equal(shop!.badge, '茶');
  assert.equal(shop!.ownerUsername, 'tea-owner');
  assert.equal(shop!.ownerEmail, 'owner@tea.example');
  assert.deepEqual(shop!.delivery, { delivers: true, feeFen: 300, freeFromFen: 2000 });
});

test('each problem is reported on its field', () => {
  assert.deepEqual(codes(form({ id: 'M Tea', name: ' ', neighborhoodsServed: [' '] })), ['INVALID_ID@input.id', 'INVALID_LENGTH@input.name', 'REQUIRED@input.neighborhoodsServed']);
  assert.deepEqual(codes(form({ ownerUsername: 'a', ownerEmail: 'nope' })), ['INVALID_USERNAME@input.ownerUsername', 'INVALID_EMAIL@input.ownerEmail']);
  assert.deepEqual(codes(form({ delivery: { delivers: true, feeFen: 1.5 } })), ['INVALID_AMOUNT@input.delivery.feeFen']);
  assert.deepEqual(codes(form({ delivery: { delivers: true, feeFen: 100, freeFromFen: -1 } })), ['INVALID_AMOUNT@input.delivery.freeFromFen']);
  assert.deepEqual(codes(form({ delivery: { delivers: true } })), ['REQUIRED@input.delivery.feeFen']);
});

test('统一社会信用代码: 18 characters, digits and capitals without I, O, S, V, Z', () => {
  for (const bad of ['91330106MA2CFX123', '91330106MA2CFX12345', '91330106MA2CFXI234', '91330106MA2CFXO234', '91330106MA2CFXS234', '91330106MA2CFXV234', '91330106MA2CFXZ234']) {
    assert.deepEqual(codes(form({ businessLicenceNumber: bad })), ['INVALID_LICENCE_NUMBER@input.businessLicenceNumber'], bad);
  }
});

test('a food permit is required for the kinds that sell food (infant formula included), not for household services', () => {
  for (const kind of ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET'] as const) {
    assert.deepEqual(codes(form({ kind, foodPermitNumber: null })), ['FOOD_PERMIT_REQUIRED@input.foodPermitNumber'], kind);
  }
  const service = onboardingProblems(form({ kind: 'HOUSEHOLD_SERVICE', foodPermitNumber: null, delivery: { delivers: false } }));
  assert.deepEqual(service.problems, []);
  assert.deepEqual(service.shop!.delivery, { delivers: false, feeFen: 0, freeFromFen: null });
});

test('checkout charges the onboarded delivery settings; shops from before onboarding follow their kind', () => {
  assert.deepEqual(deliveryTermsOf({ kind: 'FRUIT', delivery: { delivers: true, feeFen: 300, freeFromFen: null } }), { feeFen: 300, freeFromFen: null });
  assert.equal(deliveryTermsOf({ kind: 'FRUIT', delivery: { delivers: false, feeFen: 0, freeFromFen: null } }), null);
  assert.deepEqual(deliveryTermsOf({ kind: 'FRUIT' }), { feeFen: 500, freeFromFen: 5000 });
  assert.equal(deliveryTermsOf({ kind: 'HOUSEHOLD_SERVICE', delivery: null }), null);
});

test('a shop is shown once its onboarding completed (or when it was seeded), never half-way', () => {
  assert.equal(isAnnounced({}), true, 'seeded: no onboarding record');
  assert.equal(isAnnounced({ onboarding: null }), true);
  assert.equal(isAnnounced({ onboarding: { completedAt: null } }), false, 'stopped between the insert and the announcement');
  assert.equal(isAnnounced({ onboarding: { completedAt: new Date('2026-11-30T00:00:00Z') } }), true);
  assert.equal(isAnnounced({ onboarding: { completedAt: '2026-11-30T00:00:00.000Z' } }), true);
});
