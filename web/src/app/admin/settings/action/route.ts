import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { ruleInForce } from '@/lib/commission-view';
import { feeRuleInput, parseCommissionPolicyForm, parseEffectiveFrom, parseShopFeeForm } from '@/lib/settings-form';
import { cancelCommissionPolicyVersion, cancelCommissionRule, cancelPromotionPolicyVersion, getShopFeeVersions, setCommissionPolicy, setPromotionPolicyFrom, setShopFeeRule } from '@/lib/settings-api';

export const dynamic = 'force-dynamic';

const COMMISSION_FIELDS = ['bindingDays', 'allowSelfPurchase', 'referral', 'referralDays', 'withdrawalMin', 'tax', 'breakage', 'effectiveFrom'];

/** What was typed, to fill the form again after a refusal (each form's names kept apart by a prefix). */
function typed(form: FormData, prefix: string, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [`${prefix}.${n}`, text(form, n, 40)]));
}

type Payload = { version?: { scheduled: boolean } | null; userErrors: { code: string; message: string; field?: readonly string[] | null }[] };

/** The version a cancel button names; null when the form was tampered with. */
function versionOf(form: FormData): number | null {
  const raw = text(form, 'version', 12);
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

/**
 * A new version of an alliance policy or a shop's fee, or the cancellation of a scheduled one. The
 * subgraphs check that she is an alliance admin.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/admin/settings', async (form, back) => {
    const done = (payload: Payload, op: string, values: Record<string, string>) =>
      payload.userErrors.length
        ? { to: back, flash: { errors: payload.userErrors.map((e) => ({ ...e, field: [op, ...(e.field ?? [])] })), values } }
        : { to: back, flash: { ok: payload.version?.scheduled ? 'scheduled' : 'saved' } };
    switch (text(form, 'op', 20)) {
      case 'commission': {
        const values = typed(form, 'commission', COMMISSION_FIELDS);
        const parsed = parseCommissionPolicyForm((name) => text(form, name, 40));
        if (!parsed.ok) return { to: back, flash: { errors: parsed.errors.map((e) => ({ ...e, field: ['commission', ...(e.field ?? [])] })), values } };
        return done(await setCommissionPolicy(parsed.input), 'commission', values);
      }
      case 'promotion': {
        const values = typed(form, 'promotion', ['requireApproval', 'effectiveFrom']);
        const from = parseEffectiveFrom(text(form, 'effectiveFrom', 40), ['effectiveFrom']);
        if (!from.ok) return { to: back, flash: { errors: [{ ...from.error, field: ['promotion', ...(from.error.field ?? [])] }], values } };
        return done(await setPromotionPolicyFrom(text(form, 'requireApproval', 5) === 'true', from.iso), 'promotion', values);
      }
      case 'fee': {
        // A new version of the shop's commission rule with only the fee changed; errors under ["fee", shop].
        const merchantId = text(form, 'merchantId', 80);
        const op = ['fee', merchantId];
        const values = typed(form, `fee.${merchantId}`, ['fee', 'effectiveFrom']);
        const refuse = (errors: Payload['userErrors']) => ({ to: back, flash: { errors: errors.map((e) => ({ ...e, field: [...op, ...(e.field ?? [])] })), values } });
        if (!merchantId) return { to: back };
        const parsed = parseShopFeeForm((name) => text(form, name, 40));
        if (!parsed.ok) return refuse(parsed.errors);
        // The rates of the version that would be in force when the new one starts, so a fee change
        // neither reverts nor overrides the owner's rates.
        const startMs = parsed.effectiveFrom ? Date.parse(parsed.effectiveFrom) : Date.now();
        const base = ruleInForce(await getShopFeeVersions(merchantId), startMs);
        // The API refuses a rule without rates (at least the default, category *); the owner sets the first.
        if (!base) return refuse([{ code: 'NO_RULE', message: 'the shop has no commission rule yet', field: [] }]);
        const payload = await setShopFeeRule(feeRuleInput(base, merchantId, parsed.feeBp, parsed.effectiveFrom));
        if (payload.userErrors.length) return refuse(payload.userErrors);
        return { to: back, flash: { ok: parsed.effectiveFrom && startMs > Date.now() ? 'scheduled' : 'saved' } };
      }
      // A scheduled version that will not come in force; a refusal (NOT_SCHEDULED: its time came
      // meanwhile) shows on the form of the setting it belongs to.
      case 'cancel-commission':
      case 'cancel-promotion': {
        const version = versionOf(form);
        if (version === null) return { to: back };
        const setting = text(form, 'op', 20) === 'cancel-commission' ? 'commission' : 'promotion';
        const payload = setting === 'commission' ? await cancelCommissionPolicyVersion(version) : await cancelPromotionPolicyVersion(version);
        if (payload.userErrors.length) return { to: back, flash: { errors: payload.userErrors.map((e) => ({ ...e, field: [setting, ...(e.field ?? [])] })) } };
        return { to: back, flash: { ok: 'cancelled' } };
      }
      case 'cancel-fee': {
        const merchantId = text(form, 'merchantId', 80);
        const version = versionOf(form);
        if (!merchantId || version === null) return { to: back };
        const payload = await cancelCommissionRule(merchantId, version);
        if (payload.userErrors.length) return { to: back, flash: { errors: payload.userErrors.map((e) => ({ ...e, field: ['fee', merchantId, ...(e.field ?? [])] })) } };
        return { to: back, flash: { ok: 'cancelled' } };
      }
      default:
        return { to: back };
    }
  });
}
