/**
 * The commission pages' pure parts: basis points shown and typed as percent, settlement periods (ISO
 * weeks ending Monday 00:00 China time), the rule in force, and the rule form. Amounts stay integer:
 * percent text is parsed digit by digit, never through floats.
 */
import { yuanToFen } from './money';
import { shanghaiLocalToIso } from './promotion-form';

export const BP_WHOLE = 10_000;
const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;
const WEEK = 7 * DAY;

/** 1000 → "10", 250 → "2.5", 1 → "0.01". */
export function bpToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** "10" → 1000, "2.5" → 250, "0.01" → 1 (at most two decimals, 0–100 %); undefined otherwise. */
export function percentToBp(text: string): number | undefined {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/%$/, '').trim());
  if (!m) return undefined;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= BP_WHOLE ? bp : undefined;
}

/** The end (Monday 00:00 China time, exclusive) of the last week that has ended at `nowMs`. */
export function lastEndedPeriodEnd(nowMs: number): Date {
  const day = Math.floor((nowMs + CHINA) / DAY);
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY - CHINA);
}

/** The ISO week (China time) an instant falls in: `2026-W48`. Same rule as the commissions subgraph. */
export function periodIdOf(ms: number): string {
  const d = new Date(ms + CHINA);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - weekday + 3));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const PERIOD_ID = /^\d{4}-W\d{2}$/;

export interface RuleVersionLike {
  version: number;
  effectiveFrom: unknown;
  /** Cancelled before its time: never in force. */
  cancelled?: boolean | null;
}

/** The version in force at `nowMs` (the latest start ≤ now, the higher version on a tie, never a cancelled one), or null. */
export function ruleInForce<R extends RuleVersionLike>(versions: readonly R[], nowMs: number): R | null {
  let best: R | null = null;
  let bestAt = -Infinity;
  for (const v of versions) {
    const at = typeof v.effectiveFrom === 'string' ? Date.parse(v.effectiveFrom) : NaN;
    if (!Number.isFinite(at) || at > nowMs || v.cancelled) continue;
    if (!best || at > bestAt || (at === bestAt && v.version > best.version)) {
      best = v;
      bestAt = at;
    }
  }
  return best;
}

/** Which of the two paid levels, or the group leader, an earning entry is. */
export function earningLevel(account: string): 'L1' | 'L2' | 'LEADER' | null {
  if (account === 'COMMISSION_L1') return 'L1';
  if (account === 'COMMISSION_L2') return 'L2';
  if (account === 'LEADER_COMMISSION') return 'LEADER';
  return null;
}

/** Statement lines in reading order: what came in, what went to others, what was paid. */
export const ACCOUNT_ORDER = ['PAYMENT', 'REVENUE', 'FEE', 'COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION', 'REFERRAL_FEE', 'PROMOTION_COST', 'POINTS_CLEARING', 'POINTS_BREAKAGE', 'COLLECTED', 'PROFIT_SHARING'] as const;

export function sortLines<L extends { account: string }>(lines: readonly L[]): L[] {
  const rank = (a: string) => {
    const i = (ACCOUNT_ORDER as readonly string[]).indexOf(a);
    return i < 0 ? ACCOUNT_ORDER.length : i;
  };
  return [...lines].sort((a, b) => rank(a.account) - rank(b.account) || a.account.localeCompare(b.account));
}

export interface RateInput {
  category: string;
  l1Bp: number;
  l2Bp: number;
  leaderBp: number;
  l1CapFen: number | null;
  l2CapFen: number | null;
  leaderCapFen: number | null;
}

export interface RuleFormInput {
  merchantId: string;
  feeBp: number;
  rates: RateInput[];
  effectiveFrom: string | null;
}

export interface FormProblem {
  code: string;
  message: string;
  field: string[];
}

/** How many category rows the form offers. */
export const RULE_ROWS = 6;
const RATE_FIELDS = [
  ['l1', 'l1Bp'],
  ['l2', 'l2Bp'],
  ['leader', 'leaderBp'],
] as const;
const CAP_FIELDS = [
  ['l1Cap', 'l1CapFen'],
  ['l2Cap', 'l2CapFen'],
  ['leaderCap', 'leaderCapFen'],
] as const;

/**
 * The rule form (fee %, then per row: category, L1 / L2 / leader %, caps in yuan, blank for none) as
 * setCommissionRule's input. A row without a category is unused. Problems carry the API's field paths
 * (`input.rates.<i>.l1Bp`) so the subgraph's own userErrors land on the same inputs.
 */
export function parseRuleForm(get: (name: string) => string, merchantId: string): { ok: true; input: RuleFormInput } | { ok: false; errors: FormProblem[] } {
  const errors: FormProblem[] = [];
  const feeBp = percentToBp(get('fee'));
  if (feeBp === undefined) errors.push({ code: 'BP_RANGE', message: 'a percent from 0 to 100, at most two decimals', field: ['input', 'feeBp'] });
  const rates: RateInput[] = [];
  for (let i = 0; i < RULE_ROWS; i++) {
    const category = get(`category.${i}`).trim();
    if (!category) continue;
    const at = rates.length;
    const rate: RateInput = { category, l1Bp: 0, l2Bp: 0, leaderBp: 0, l1CapFen: null, l2CapFen: null, leaderCapFen: null };
    for (const [name, key] of RATE_FIELDS) {
      const raw = get(`${name}.${i}`).trim();
      const bp = raw === '' ? 0 : percentToBp(raw);
      if (bp === undefined) errors.push({ code: 'BP_RANGE', message: 'a percent from 0 to 100, at most two decimals', field: ['input', 'rates', String(at), key] });
      else rate[key] = bp;
    }
    for (const [name, key] of CAP_FIELDS) {
      const raw = get(`${name}.${i}`).trim();
      if (raw === '') continue;
      const fen = yuanToFen(raw);
      if (fen === undefined || fen <= 0) errors.push({ code: 'INVALID_CAP', message: 'a cap is a positive amount in yuan, or blank', field: ['input', 'rates', String(at), key] });
      else rate[key] = fen;
    }
    rates.push(rate);
  }
  if (rates.length === 0) errors.push({ code: 'RATES_REQUIRED', message: 'at least the default rate (category *)', field: ['input', 'rates'] });
  const fromRaw = get('effectiveFrom').trim();
  let effectiveFrom: string | null = null;
  if (fromRaw) {
    const iso = shanghaiLocalToIso(fromRaw);
    if (!iso) errors.push({ code: 'INVALID_DATE', message: 'a date and time', field: ['input', 'effectiveFrom'] });
    else effectiveFrom = iso;
  }
  if (errors.length || feeBp === undefined) return { ok: false, errors };
  return { ok: true, input: { merchantId, feeBp, rates, effectiveFrom } };
}

/**
 * Where an error about a rate belongs on the form: the API numbers the rates it received, the form
 * numbers its rows (some left empty), so `input.rates.<k>` is mapped back to the k-th filled row.
 */
export function rowOfRate(get: (name: string) => string, k: number): number | null {
  let seen = -1;
  for (let i = 0; i < RULE_ROWS; i++) {
    if (!get(`category.${i}`).trim()) continue;
    seen++;
    if (seen === k) return i;
  }
  return null;
}

/** The form's values to fill in again, or those of a rule version (rows in its order). */
export function ruleFormValues(rule: { feeBp: number; rates: readonly { category: string; l1Bp: number; l2Bp: number; leaderBp: number; l1Cap?: { amountFen: number } | null; l2Cap?: { amountFen: number } | null; leaderCap?: { amountFen: number } | null }[] } | null): Record<string, string> {
  if (!rule) return { fee: '', 'category.0': '*' };
  const v: Record<string, string> = { fee: bpToPercent(rule.feeBp) };
  const yuan = (m: { amountFen: number } | null | undefined) => (m ? `${Math.floor(m.amountFen / 100)}.${String(m.amountFen % 100).padStart(2, '0')}` : '');
  rule.rates.slice(0, RULE_ROWS).forEach((r, i) => {
    v[`category.${i}`] = r.category;
    v[`l1.${i}`] = bpToPercent(r.l1Bp);
    v[`l2.${i}`] = bpToPercent(r.l2Bp);
    v[`leader.${i}`] = bpToPercent(r.leaderBp);
    v[`l1Cap.${i}`] = yuan(r.l1Cap);
    v[`l2Cap.${i}`] = yuan(r.l2Cap);
    v[`leaderCap.${i}`] = yuan(r.leaderCap);
  });
  return v;
}

/** An ISO week's bounds (Monday 00:00 to Monday 00:00 China time) as epoch ms; null for a malformed id. */
export function periodBounds(periodId: string): { startMs: number; endMs: number } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(periodId);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53) return null;
  // Week 1 holds 4 January; its Monday starts the year's weeks.
  const jan4 = Date.UTC(year, 0, 4);
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY;
  const startMs = monday1 + (week - 1) * WEEK - CHINA;
  return periodIdOf(startMs) === periodId ? { startMs, endMs: startMs + WEEK } : null;
}
