/**
 * The alliance settings forms' pure parts: the commission policy form (percent and yuan typed, basis
 * points and fen sent) and the effective-from field (Beijing time typed; blank is now). Problems carry
 * the API's field paths, so the subgraph's own userErrors land on the same inputs.
 */
import { bpToPercent, percentToBp } from './commission-view';
import type { CategoryRateInput, CommissionRuleInput } from './generated/operations';
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

/** A shop's fee form: the fee in percent (whole basis points, 0–100 %) and when it starts (blank: now). */
export function parseShopFeeForm(get: (name: string) => string): { ok: true; feeBp: number; effectiveFrom: string | null } | { ok: false; errors: UserErrorLike[] } {
  const errors: UserErrorLike[] = [];
  const feeBp = percentToBp(get('fee'));
  if (feeBp === undefined) errors.push({ code: 'INVALID_FEE', message: 'a percent from 0 to 100, at most two decimals', field: ['input', 'feeBp'] });
  const from = parseEffectiveFrom(get('effectiveFrom'), ['input', 'effectiveFrom']);
  if (!from.ok) errors.push(from.error);
  if (feeBp === undefined || !from.ok) return { ok: false, errors };
  return { ok: true, feeBp, effectiveFrom: from.iso };
}

type Cap = { amountFen: number } | null | undefined;

/** A stored rule version as the settings page reads it (caps as Money). */
export interface FeeRuleVersion {
  version: number;
  effectiveFrom: unknown;
  feeBp: number;
  rates: readonly { category: string; l1Bp: number; l2Bp: number; leaderBp: number; l1Cap?: Cap; l2Cap?: Cap; leaderCap?: Cap }[];
}

/**
 * A new version of the shop's rule that changes only the fee: the rates of `base` (the version that would
 * be in force when the new one starts) as input again, caps back in fen. The owner keeps the rates.
 */
export function feeRuleInput(base: FeeRuleVersion, merchantId: string, feeBp: number, effectiveFrom: string | null): CommissionRuleInput {
  const rates: CategoryRateInput[] = base.rates.map((r) => {
    const rate: CategoryRateInput = { category: r.category, l1Bp: r.l1Bp, l2Bp: r.l2Bp, leaderBp: r.leaderBp };
    if (r.l1Cap) rate.l1CapFen = r.l1Cap.amountFen;
    if (r.l2Cap) rate.l2CapFen = r.l2Cap.amountFen;
    if (r.leaderCap) rate.leaderCapFen = r.leaderCap.amountFen;
    return rate;
  });
  return { merchantId, feeBp, rates, effectiveFrom };
}
