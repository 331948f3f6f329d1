/**
 * The alliance settings forms' pure parts: the commission policy form (percent and yuan typed, basis
 * points and fen sent) and the effective-from field (Beijing time typed; blank is now). Problems carry
 * the API's field paths, so the subgraph's own userErrors land on the same inputs.
 */
import { bpToPercent, percentToBp } from './commission-view';
import { yuanToFen } from './money';
import { shanghaiLocalToIso } from './promotion-form';
import type { UserErrorLike } from './user-errors';

export interface CommissionPolicyValues {
  bindingDays: number;
  allowSelfPurchase: boolean;
  referralBp: number;
  referralDays: number;
  withdrawalMinFen: number;
  taxBp: number;
  pointsBreakageBp: number;
}

export type CommissionPolicyFormInput = CommissionPolicyValues & { effectiveFrom: string | null };

/** The form's names for the values in force (what the form shows before anything is typed). */
export function commissionPolicyFormValues(p: CommissionPolicyValues): Record<string, string> {
  return {
    bindingDays: String(p.bindingDays),
    allowSelfPurchase: p.allowSelfPurchase ? 'true' : 'false',
    referral: bpToPercent(p.referralBp),
    referralDays: String(p.referralDays),
    withdrawalMin: `${Math.floor(p.withdrawalMinFen / 100)}.${String(p.withdrawalMinFen % 100).padStart(2, '0')}`,
    tax: bpToPercent(p.taxBp),
    breakage: bpToPercent(p.pointsBreakageBp),
    effectiveFrom: '',
  };
}

/** Blank: now (null); else a Beijing-time "YYYY-MM-DDTHH:mm" as ISO. */
export function parseEffectiveFrom(raw: string, field: string[]): { ok: true; iso: string | null } | { ok: false; error: UserErrorLike } {
  if (!raw.trim()) return { ok: true, iso: null };
  const iso = shanghaiLocalToIso(raw);
  return iso ? { ok: true, iso } : { ok: false, error: { code: 'INVALID_DATE', message: 'a date and time', field } };
}

const whole = (s: string): number | undefined => (/^\d{1,6}$/.test(s.trim()) ? Number(s.trim()) : undefined);

export function parseCommissionPolicyForm(get: (name: string) => string): { ok: true; input: CommissionPolicyFormInput } | { ok: false; errors: UserErrorLike[] } {
  const errors: UserErrorLike[] = [];
  const need = <T>(v: T | undefined, field: string, code: string, message: string): T => {
    if (v === undefined) errors.push({ code, message, field: ['input', field] });
    return v as T;
  };
  const bindingDays = need(whole(get('bindingDays')), 'bindingDays', 'INVALID_BINDING_DAYS', 'a whole number of days');
  const referralBp = need(percentToBp(get('referral')), 'referralBp', 'INVALID_REFERRAL_RATE', 'a percent, at most two decimals');
  const referralDays = need(whole(get('referralDays')), 'referralDays', 'INVALID_REFERRAL_DAYS', 'a whole number of days');
  const withdrawalMinFen = need(yuanToFen(get('withdrawalMin')), 'withdrawalMinFen', 'INVALID_WITHDRAWAL_MINIMUM', 'an amount in yuan');
  const taxBp = need(percentToBp(get('tax')), 'taxBp', 'INVALID_TAX_RATE', 'a percent, at most two decimals');
  const pointsBreakageBp = need(percentToBp(get('breakage')), 'pointsBreakageBp', 'INVALID_BREAKAGE_SHARE', 'a percent, at most two decimals');
  const from = parseEffectiveFrom(get('effectiveFrom'), ['input', 'effectiveFrom']);
  if (!from.ok) errors.push(from.error);
  if (errors.length || !from.ok) return { ok: false, errors };
  return { ok: true, input: { bindingDays, allowSelfPurchase: get('allowSelfPurchase') === 'true', referralBp, referralDays, withdrawalMinFen, taxBp, pointsBreakageBp, effectiveFrom: from.iso } };
}
