import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commissionPolicyFormValues, parseCommissionPolicyForm, parseEffectiveFrom } from './settings-form';

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
