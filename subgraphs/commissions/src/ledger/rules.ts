/**
 * Commission rules per shop: the alliance fee and, per category, the sharer's (L1), the sharer's
 * upline's (L2) and the group leader's rates in basis points, each optionally capped per order.
 * Rules are versioned; an order uses the version in force when it was placed. There are exactly two
 * paid levels: no field, input or rate can express a third.
 */

export const BP_WHOLE = 10_000;

export interface CategoryRate {
  category: string | '*';
  l1Bp: number;
  l2Bp: number;
  leaderBp: number;
  l1CapFen?: number | null;
  l2CapFen?: number | null;
  leaderCapFen?: number | null;
}

export interface CommissionRule {
  merchantId: string;
  version: number;
  /** Epoch ms. */
  effectiveFrom: number;
  feeBp: number;
  rates: CategoryRate[];
  /** ISO; set when the version was cancelled before its time: no order is ever priced by it. */
  cancelledAt?: string | null;
}

/** What a shop owner or admin submits; the repository assigns the version. */
export type CommissionRuleInput = Omit<CommissionRule, 'version' | 'cancelledAt'> & { version?: number };

export interface AlliancePolicy {
  /** The shop-to-shop referral fee, alliance-wide. */
  referralBp: number;
  /** How long after bringing a member a shop earns the referral fee. */
  referralDays: number;
  allowSelfPurchase: boolean;
  /** How long a shopper stays bound to the sharer whose link she arrived by. */
  bindingDays: number;
}

export const RULE_PROBLEM_CODES = [
  'MERCHANT_REQUIRED',
  'BP_RANGE',
  'RATE_SUM',
  'INVALID_CAP',
  'RATES_REQUIRED',
  'CATEGORY_REQUIRED',
  'DUPLICATE_CATEGORY',
  'DEFAULT_REQUIRED',
  'INVALID_DATE',
  'EFFECTIVE_IN_PAST',
  'UNKNOWN_FIELD',
  'INVALID_POLICY',
] as const;
export type RuleProblemCode = (typeof RULE_PROBLEM_CODES)[number];

export interface RuleProblem {
  /** The input path at fault, dot-separated: `rates.1.l1Bp`, `effectiveFrom`. */
  field: string;
  code: RuleProblemCode;
  message: string;
}

const RULE_FIELDS = new Set(['merchantId', 'version', 'effectiveFrom', 'feeBp', 'rates']);
const RATE_FIELDS = new Set(['category', 'l1Bp', 'l2Bp', 'leaderBp', 'l1CapFen', 'l2CapFen', 'leaderCapFen']);
const RATE_BP = ['l1Bp', 'l2Bp', 'leaderBp'] as const;
const RATE_CAPS = ['l1CapFen', 'l2CapFen', 'leaderCapFen'] as const;

const isBp = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= BP_WHOLE;

/**
 * Every problem of a rule at once, each at its input path, so the portal can mark every field. The
 * policy is the alliance's (its referral fee comes out of the same order as the rule's rates, and the
 * shop must keep a non-negative rest); `nowMs` is the caller's clock (a rule never starts in the past,
 * so no settled order is ever re-priced).
 */
export function ruleProblems(input: CommissionRuleInput, policy: AlliancePolicy, nowMs: number): RuleProblem[] {
  const out: RuleProblem[] = [];
  const add = (field: string, code: RuleProblemCode, message: string) => out.push({ field, code, message });

  // A GraphQL input cannot carry unknown fields, but the rule may come from elsewhere (a script, an
  // import); an `l3Bp` must be refused, not silently dropped.
  for (const k of Object.keys(input)) if (!RULE_FIELDS.has(k)) add(k, 'UNKNOWN_FIELD', `unknown field ${k}: a rule has a fee and per-category L1, L2 and leader rates only`);

  if (typeof input.merchantId !== 'string' || input.merchantId.trim() === '') add('merchantId', 'MERCHANT_REQUIRED', 'the shop the rule is for');
  if (!isBp(input.feeBp)) add('feeBp', 'BP_RANGE', `the alliance fee in basis points, a whole number from 0 to ${BP_WHOLE}`);
  if (!Number.isSafeInteger(input.effectiveFrom)) add('effectiveFrom', 'INVALID_DATE', 'a valid start time');
  else if (input.effectiveFrom < nowMs) add('effectiveFrom', 'EFFECTIVE_IN_PAST', 'a rule starts now or later, never in the past');

  const policyOk = isBp(policy.referralBp);
  if (!policyOk) add('policy.referralBp', 'INVALID_POLICY', `the alliance referral fee must be 0 to ${BP_WHOLE} basis points`);

  const rates = Array.isArray(input.rates) ? input.rates : [];
  if (rates.length === 0) add('rates', 'RATES_REQUIRED', 'at least the default rate (category *)');
  const seen = new Set<string>();
  rates.forEach((r, i) => {
    const at = `rates.${i}`;
    for (const k of Object.keys(r ?? {})) if (!RATE_FIELDS.has(k)) add(`${at}.${k}`, 'UNKNOWN_FIELD', `unknown field ${k}: commissions have two levels (L1, L2) and the leader's`);
    const category = typeof r?.category === 'string' ? r.category.trim() : '';
    if (category === '') add(`${at}.category`, 'CATEGORY_REQUIRED', 'a category, or * for the default');
    else if (seen.has(category)) add(`${at}.category`, 'DUPLICATE_CATEGORY', `category ${category} has more than one rate`);
    else seen.add(category);

    let bpOk = true;
    for (const k of RATE_BP) {
      if (!isBp(r?.[k])) {
        bpOk = false;
        add(`${at}.${k}`, 'BP_RANGE', `basis points, a whole number from 0 to ${BP_WHOLE}`);
      }
    }
    if (bpOk && isBp(input.feeBp) && policyOk) {
      const taken = r.l1Bp + r.l2Bp + r.leaderBp + input.feeBp + policy.referralBp;
      if (taken > BP_WHOLE) {
        add(`${at}`, 'RATE_SUM', `L1, L2, leader, the alliance fee and the referral fee take ${taken} basis points; at most ${BP_WHOLE}, the shop keeps the rest`);
      }
    }
    for (const k of RATE_CAPS) {
      const cap = r?.[k];
      if (cap !== undefined && cap !== null && !(Number.isSafeInteger(cap) && cap > 0)) add(`${at}.${k}`, 'INVALID_CAP', 'a cap is a positive whole number of fen, or none');
    }
  });
  if (rates.length > 0 && !seen.has('*')) add('rates', 'DEFAULT_REQUIRED', 'a default rate (category *) for every other category');
  return out;
}

/** The house's userError shape (field as a path array), for a mutation payload. */
export function asUserErrors(problems: readonly RuleProblem[]): { code: string; message: string; field: string[] }[] {
  return problems.map((p) => ({ code: p.code, message: p.message, field: p.field.split('.') }));
}

/** The version in force at `placedAtMs`: the latest effectiveFrom ≤ placedAt (the higher version on a tie), never a cancelled one. */
export function ruleInForce<R extends CommissionRule>(versions: readonly R[], placedAtMs: number): R | null {
  let best: R | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > placedAtMs || v.cancelledAt) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

/** A shop without a rule in force pays no fee and no commission. */
export function noCommissionRule(merchantId: string): CommissionRule {
  return { merchantId, version: 0, effectiveFrom: 0, feeBp: 0, rates: [{ category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0 }] };
}

/** ruleInForce, or the no-commission default when none is. */
export function ruleOrDefault(versions: readonly CommissionRule[], placedAtMs: number, merchantId: string): CommissionRule {
  return ruleInForce(versions, placedAtMs) ?? noCommissionRule(merchantId);
}

const NO_RATE: CategoryRate = { category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0 };

/** The category's rate, else the '*' default (a rule without one, which ruleProblems refuses, pays none). */
export function rateFor(rule: CommissionRule, category: string): CategoryRate {
  return rule.rates.find((r) => r.category === category) ?? rule.rates.find((r) => r.category === '*') ?? NO_RATE;
}
