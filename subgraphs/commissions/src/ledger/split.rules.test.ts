import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommissionRule, AlliancePolicy } from './rules.js';
import { splitOrder, type Attribution, type OrderForSplit, type SplitPart } from './split.rules.js';

const policy: AlliancePolicy = { referralBp: 200, referralDays: 90, allowSelfPurchase: false, bindingDays: 15 };
const rule: CommissionRule = {
  merchantId: 'shop-a',
  version: 1,
  effectiveFrom: 0,
  feeBp: 300,
  rates: [
    { category: '*', l1Bp: 500, l2Bp: 100, leaderBp: 200 },
    { category: 'fresh', l1Bp: 1000, l2Bp: 0, leaderBp: 400, l1CapFen: 1500, leaderCapFen: 100 },
  ],
};
const order = (lines: OrderForSplit['lines'], buyer = 'alice', placedAt = 1000): OrderForSplit => ({ orderId: 'o1', merchantId: 'shop-a', buyer, placedAt, lines });
const all: Attribution = { sharer: 'bob', sharerUpline: 'carol', leader: 'lena', referrerShop: 'shop-b', referralUntil: 2000 };
const none: Attribution = { sharer: null, sharerUpline: null, leader: null, referrerShop: null, referralUntil: null };
const show = (parts: SplitPart[]) => Object.fromEntries(parts.map((p) => [`${p.party.kind}:${p.party.id}/${p.account}`, p.amountFen]));
const sum = (parts: SplitPart[]) => parts.reduce((a, p) => a + p.amountFen, 0);

test('every party gets its basis points and the shop keeps the rest, exactly', () => {
  const parts = splitOrder(order([{ category: 'toys', netFen: 10_000 }]), rule, policy, all, 'al-1');
  assert.deepEqual(show(parts), {
    'SHOP:shop-a/REVENUE': 8700,
    'ALLIANCE:al-1/FEE': 300,
    'MEMBER:bob/COMMISSION_L1': 500,
    'MEMBER:carol/COMMISSION_L2': 100,
    'MEMBER:lena/LEADER_COMMISSION': 200,
    'SHOP:shop-b/REFERRAL_FEE': 200,
  });
});

test('odd amounts still split exactly; lines are summed per party', () => {
  const o = order([{ category: 'toys', netFen: 333 }, { category: 'books', netFen: 1 }, { category: 'toys', netFen: 0 }]);
  const parts = splitOrder(o, rule, policy, all, 'al-1');
  assert.equal(sum(parts), 334);
  assert.ok(parts.every((p) => p.amountFen > 0));
});

test('no attribution: only the fee and the shop', () => {
  assert.deepEqual(show(splitOrder(order([{ category: 'toys', netFen: 1000 }]), rule, policy, none, 'al-1')), { 'SHOP:shop-a/REVENUE': 970, 'ALLIANCE:al-1/FEE': 30 });
});

test('self-purchase earns only where the alliance allows it (sharer and leader alike)', () => {
  const o = order([{ category: 'toys', netFen: 10_000 }], 'bob');
  const selfLeader = { ...all, leader: 'bob' };
  const off = show(splitOrder(o, rule, policy, selfLeader, 'al-1'));
  assert.equal(off['MEMBER:bob/COMMISSION_L1'], undefined);
  assert.equal(off['MEMBER:carol/COMMISSION_L2'], undefined, 'no L2 without the L1 it stands on');
  assert.equal(off['MEMBER:bob/LEADER_COMMISSION'], undefined);
  assert.equal(off['SHOP:shop-a/REVENUE'], 8700 + 500 + 100 + 200);
  const on = show(splitOrder(o, rule, { ...policy, allowSelfPurchase: true }, selfLeader, 'al-1'));
  assert.equal(on['MEMBER:bob/COMMISSION_L1'], 500);
  assert.equal(on['MEMBER:carol/COMMISSION_L2'], 100);
  assert.equal(on['MEMBER:bob/LEADER_COMMISSION'], 200);
});

test('the upline earns neither on her own purchase nor as her own upline', () => {
  const toys = [{ category: 'toys', netFen: 10_000 }];
  assert.equal(show(splitOrder(order(toys, 'carol'), rule, policy, all, 'al-1'))['MEMBER:carol/COMMISSION_L2'], undefined);
  assert.equal(show(splitOrder(order(toys), rule, policy, { ...all, sharerUpline: 'bob' }, 'al-1'))['MEMBER:bob/COMMISSION_L2'], undefined);
  assert.equal(show(splitOrder(order(toys), rule, policy, { ...all, sharer: null }, 'al-1'))['MEMBER:carol/COMMISSION_L2'], undefined);
});

test('the referral fee: another shop, inside its window only', () => {
  const toys = [{ category: 'toys', netFen: 10_000 }];
  const ref = (a: Attribution, placedAt = 1000) => show(splitOrder(order(toys, 'alice', placedAt), rule, policy, a, 'al-1'))['SHOP:shop-b/REFERRAL_FEE'];
  assert.equal(ref(all), 200);
  assert.equal(ref(all, 1999), 200);
  assert.equal(ref(all, 2000), undefined, 'the window is open before referralUntil only');
  assert.equal(ref({ ...all, referralUntil: null }), undefined);
  const own = show(splitOrder(order(toys), rule, policy, { ...all, referrerShop: 'shop-a' }, 'al-1'));
  assert.equal(own['SHOP:shop-a/REFERRAL_FEE'], undefined, 'a shop earns no referral fee on its own orders');
  assert.equal(own['SHOP:shop-a/REVENUE'], 8900);
});

test('caps bound a party per order over the lines of a rate; the excess goes to the shop', () => {
  const o = order([{ category: 'fresh', netFen: 10_000 }, { category: 'fresh', netFen: 10_000 }, { category: 'toys', netFen: 10_000 }]);
  const parts = show(splitOrder(o, rule, policy, all, 'al-1'));
  // fresh: l1 2 × 1000 capped at 1500, leader 2 × 400 capped at 100; toys: l1 500, leader 200 uncapped.
  assert.equal(parts['MEMBER:bob/COMMISSION_L1'], 1500 + 500);
  assert.equal(parts['MEMBER:lena/LEADER_COMMISSION'], 100 + 200);
  assert.equal(parts['MEMBER:carol/COMMISSION_L2'], 100);
  assert.equal(parts['SHOP:shop-a/REVENUE'], 2 * 8100 + 500 + 700 + 8700);
  assert.equal(Object.values(parts).reduce((a, b) => a + b, 0), 30_000);
});

test('an empty or zero order has no parts; bad lines and impossible rules are refused', () => {
  assert.deepEqual(splitOrder(order([]), rule, policy, all, 'al-1'), []);
  assert.deepEqual(splitOrder(order([{ category: 'toys', netFen: 0 }]), rule, policy, all, 'al-1'), []);
  assert.throws(() => splitOrder(order([{ category: 'toys', netFen: -1 }]), rule, policy, all, 'al-1'), RangeError);
  assert.throws(() => splitOrder(order([{ category: 'toys', netFen: 1.5 }]), rule, policy, all, 'al-1'), RangeError);
  const greedy = { ...rule, feeBp: 9500 };
  assert.throws(() => splitOrder(order([{ category: 'toys', netFen: 100 }]), greedy, policy, all, 'al-1'), RangeError);
});
