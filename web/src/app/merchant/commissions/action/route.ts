import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { RULE_ROWS, parseRuleForm } from '@/lib/commission-view';
import { setCommissionRule } from '@/lib/commissions-api';
import { cancelCommissionRule } from '@/lib/settings-api';

export const dynamic = 'force-dynamic';

const ROW_FIELDS = ['category', 'l1', 'l2', 'leader', 'l1Cap', 'l2Cap', 'leaderCap'];

/** What was typed, to fill the form again after a refusal. */
function ruleValues(form: FormData): Record<string, string> {
  const v: Record<string, string> = { fee: text(form, 'fee', 12), effectiveFrom: text(form, 'effectiveFrom', 20) };
  for (let i = 0; i < RULE_ROWS; i++) for (const f of ROW_FIELDS) v[`${f}.${i}`] = text(form, `${f}.${i}`, 40);
  return v;
}

/**
 * A new version of the shop's commission rule, or the cancellation of a scheduled one. The commissions
 * subgraph checks that she owns the shop.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/merchant/commissions', async (form, back) => {
    if (text(form, 'op', 20) === 'cancel') {
      const version = text(form, 'version', 12);
      if (!/^\d{1,9}$/.test(version)) return { to: back };
      const payload = await cancelCommissionRule(text(form, 'merchantId', 80), Number(version));
      return payload.userErrors.length ? { to: back, flash: { errors: payload.userErrors } } : { to: back, flash: { ok: 'cancelled' } };
    }
    if (text(form, 'op', 20) !== 'rule') return { to: back };
    const merchantId = text(form, 'merchantId', 80);
    const parsed = parseRuleForm((name) => text(form, name, 40), merchantId);
    if (!parsed.ok) return { to: back, flash: { errors: parsed.errors, values: ruleValues(form) } };
    const payload = await setCommissionRule(parsed.input);
    if (payload.userErrors.length) return { to: back, flash: { errors: payload.userErrors, values: ruleValues(form) } };
    return { to: back, flash: { ok: 'saved' } };
  });
}
