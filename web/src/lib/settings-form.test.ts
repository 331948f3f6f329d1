import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commissionPolicyFormValues, feeRuleInput, parseCommissionPolicyForm, parseEffectiveFrom, parseShopFeeForm } from './settings-form';

const policy = { bindingDays: 15, allowSelfPurchase: false, referralBp: 150, referralDays: 90, withdrawalMinFen: 1050, taxBp: 2000, pointsBreakageBp: 5000 };

test('the form shows the policy in percent and yuan and reads it back unchanged', () => {
  const values = commissionPolicyFormValues(policy);
  assert.deepEqual([values.referral, values.withdrawalMin, values.tax, values.effectiveFrom], ['1.5', '10.50', '20', '']);
  const parsed = parseCommissionPolicyForm((n) => values[n] ?? '');
  assert.deepEqual(parsed, { ok: true, input: { ...policy, effectiveFrom: null } });
});

test('a Beijing time is sent as ISO; blank is now; every bad field is reported at its API path', () => {
  assert.deepEqual(parseEffectiveFrom('2026-05-01T10:00', ['effectiveFrom']), { ok: true, iso: '2026-05-01T02:00:00.000Z' });
  assert.deepEqual(parseEffectiveFrom(' ', ['effectiveFrom']), { ok: true, iso: null });
  const values: Record<string, string> = { ...commissionPolicyFormValues(policy), bindingDays: 'x', tax: '12.345', effectiveFrom: '2026-02-30T10:00' };
  const parsed = parseCommissionPolicyForm((n) => values[n] ?? '');
  assert.equal(parsed.ok, false);
  if (!parsed.ok) assert.deepEqual(parsed.errors.map((e) => e.field?.join('.')), ['input.bindingDays', 'input.taxBp', 'input.effectiveFrom']);
});

test('a shop fee is typed in percent and sent in whole basis points from 0 to 100 %', () => {
  const parse = (fee: string, effectiveFrom = '') => parseShopFeeForm((n) => ({ fee, effectiveFrom })[n] ?? '');
  assert.deepEqual(parse('5.5'), { ok: true, feeBp: 550, effectiveFrom: null });
  assert.deepEqual(parse('0'), { ok: true, feeBp: 0, effectiveFrom: null });
  assert.deepEqual(parse('100', '2026-05-01T10:00'), { ok: true, feeBp: 10_000, effectiveFrom: '2026-05-01T02:00:00.000Z' });
  assert.deepEqual(parse('0.01'), { ok: true, feeBp: 1, effectiveFrom: null });
  for (const bad of ['100.01', '101', '-1', '5.555', 'abc', '']) {
    const r = parse(bad);
    assert.equal(r.ok, false, bad);
    if (!r.ok) assert.deepEqual(r.errors.map((e) => [e.code, e.field?.join('.')]), [['INVALID_FEE', 'input.feeBp']], bad);
  }
  const both = parse('x', '2026-02-30T10:00');
  assert.equal(both.ok, false);
  if (!both.ok) assert.deepEqual(both.errors.map((e) => e.field?.join('.')), ['input.feeBp', 'input.effectiveFrom']);
});

test('a fee change keeps the rates of the base version, caps back in fen', () => {
  const base = {
    version: 3,
    effectiveFrom: '2026-01-01T00:00:00.000Z',
    feeBp: 300,
    rates: [
      { category: '*', l1Bp: 500, l2Bp: 200, leaderBp: 100, l1Cap: null, l2Cap: null, leaderCap: null },
      { category: 'FRUIT', l1Bp: 800, l2Bp: 0, leaderBp: 50, l1Cap: { amountFen: 1500 }, l2Cap: null, leaderCap: { amountFen: 300 } },
    ],
  };
  assert.deepEqual(feeRuleInput(base, 'm1', 550, null), {
    merchantId: 'm1',
    feeBp: 550,
    effectiveFrom: null,
    rates: [
      { category: '*', l1Bp: 500, l2Bp: 200, leaderBp: 100 },
      { category: 'FRUIT', l1Bp: 800, l2Bp: 0, leaderBp: 50, l1CapFen: 1500, leaderCapFen: 300 },
    ],
  });
});
