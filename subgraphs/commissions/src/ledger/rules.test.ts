import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noCommissionRule, rateFor, ruleInForce, ruleOrDefault, ruleProblems, type AlliancePolicy, type CommissionRule, type CommissionRuleInput } from './rules.js';

const NOW = Date.UTC(2025, 5, 1);
const policy: AlliancePolicy = { referralBp: 200, referralDays: 90, allowSelfPurchase: false, bindingDays: 15 };
const good = (): CommissionRuleInput => ({
  merchantId: 'shop-a',
  effectiveFrom: NOW,
  feeBp: 300,
  rates: [
    { category: '*', l1Bp: 500, l2Bp: 100, leaderBp: 200 },
    { category: 'fresh', l1Bp: 300, l2Bp: 0, leaderBp: 400, l1CapFen: 2000, leaderCapFen: null },
  ],
});
const codes = (input: unknown, p: AlliancePolicy = policy) => ruleProblems(input as CommissionRuleInput, p, NOW).map((x) => `${x.field}:${x.code}`);

test('a sound rule has no problems', () => {
  assert.deepEqual(codes(good()), []);
});

test('basis points are whole numbers from 0 to 10000', () => {
  const r = good();
  r.feeBp = -1;
  r.rates[0]!.l1Bp = 10_001;
  r.rates[1]!.leaderBp = 12.5;
  assert.deepEqual(codes(r), ['feeBp:BP_RANGE', 'rates.0.l1Bp:BP_RANGE', 'rates.1.leaderBp:BP_RANGE']);
});

test('l1 + l2 + leader + fee + the alliance referral fee may take at most the whole line', () => {
  const r = good();
  r.rates[0] = { category: '*', l1Bp: 5000, l2Bp: 2000, leaderBp: 2500, l1CapFen: null };
  // 5000 + 2000 + 2500 + 300 + 200 = 10000: allowed, the shop keeps 0.
  assert.deepEqual(codes(r), []);
  assert.deepEqual(codes(r, { ...policy, referralBp: 201 }), ['rates.0:RATE_SUM']);
  r.feeBp = 301;
  assert.deepEqual(codes(r), ['rates.0:RATE_SUM']);
});

test('caps are positive whole fen or none', () => {
  const r = good();
  r.rates[0]!.l1CapFen = 0;
  r.rates[0]!.l2CapFen = 1.5;
  r.rates[1]!.leaderCapFen = -3;
  r.rates[1]!.l2CapFen = undefined;
  assert.deepEqual(codes(r), ['rates.0.l1CapFen:INVALID_CAP', 'rates.0.l2CapFen:INVALID_CAP', 'rates.1.leaderCapFen:INVALID_CAP']);
});

test('one rate per category, a category named, and a default * required', () => {
  const r = good();
  r.rates.push({ category: 'fresh', l1Bp: 0, l2Bp: 0, leaderBp: 0 }, { category: ' ', l1Bp: 0, l2Bp: 0, leaderBp: 0 });
  assert.deepEqual(codes(r), ['rates.2.category:DUPLICATE_CATEGORY', 'rates.3.category:CATEGORY_REQUIRED']);
  const noDefault = good();
  noDefault.rates.shift();
  assert.deepEqual(codes(noDefault), ['rates:DEFAULT_REQUIRED']);
  assert.deepEqual(codes({ ...good(), rates: [] }), ['rates:RATES_REQUIRED']);
});

test('a rule never starts in the past', () => {
  assert.deepEqual(codes({ ...good(), effectiveFrom: NOW - 1 }), ['effectiveFrom:EFFECTIVE_IN_PAST']);
  assert.deepEqual(codes({ ...good(), effectiveFrom: NOW + 86_400_000 }), []);
  assert.deepEqual(codes({ ...good(), effectiveFrom: Number.NaN }), ['effectiveFrom:INVALID_DATE']);
});

test('a third level cannot be expressed: an l3 anywhere is refused, not dropped', () => {
  const r = good() as unknown as Record<string, unknown> & { rates: Record<string, unknown>[] };
  r.rates[0]!.l3Bp = 100;
  r.l3Bp = 100;
  assert.deepEqual(codes(r), ['l3Bp:UNKNOWN_FIELD', 'rates.0.l3Bp:UNKNOWN_FIELD']);
  // and the types have no room for it either
  // @ts-expect-error l3Bp is not a field of a CategoryRate
  const rate: CommissionRule['rates'][number] = { category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0, l3Bp: 1 };
  assert.ok(rate);
});

test('a shop without a merchant, or an alliance with a bad referral fee, is reported', () => {
  assert.deepEqual(codes({ ...good(), merchantId: '' }), ['merchantId:MERCHANT_REQUIRED']);
  assert.deepEqual(codes(good(), { ...policy, referralBp: -5 }), ['policy.referralBp:INVALID_POLICY']);
});

const v = (version: number, effectiveFrom: number): CommissionRule => ({ merchantId: 'shop-a', version, effectiveFrom, feeBp: version, rates: [] });

test('the version in force is the latest effectiveFrom at or before the order, the higher version on a tie', () => {
  const versions = [v(1, 100), v(3, 300), v(2, 200), v(4, 300)];
  assert.equal(ruleInForce(versions, 99), null);
  assert.equal(ruleInForce(versions, 100)?.version, 1);
  assert.equal(ruleInForce(versions, 299)?.version, 2);
  assert.equal(ruleInForce(versions, 300)?.version, 4);
  assert.equal(ruleInForce([], 1e15), null);
  assert.deepEqual(ruleOrDefault(versions, 50, 'shop-a'), noCommissionRule('shop-a'));
  assert.equal(noCommissionRule('x').feeBp, 0);
});

test('an order is never priced by a cancelled version: the one before it stays in force, else no commission', () => {
  const versions = [v(1, 100), { ...v(2, 200), cancelledAt: '2025-06-01T00:00:00.000Z' }];
  assert.equal(ruleInForce(versions, 250)?.version, 1);
  assert.deepEqual(ruleOrDefault([{ ...v(1, 100), cancelledAt: 'x' }], 250, 'shop-a'), noCommissionRule('shop-a'));
});

test('rateFor takes the category rate, else the default', () => {
  const r = { ...good(), version: 1 };
  assert.equal(rateFor(r, 'fresh').l1Bp, 300);
  assert.equal(rateFor(r, 'toys').l1Bp, 500);
  assert.deepEqual(rateFor({ ...r, rates: [] }, 'toys'), { category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0 });
});
