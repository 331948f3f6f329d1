import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { ONBOARD_TEXT_FIELDS, onboardInputOf, servedOf, type OnboardValues } from '@/lib/onboard-form';
import { onboardMerchant, reinstateMerchant, reissueOwnerInvitation, suspendMerchant } from '@/lib/shop-admin-api';
import type { UserErrorLike } from '@/lib/user-errors';

export const dynamic = 'force-dynamic';

const SELF = '/admin/merchants';

function onboardValuesOf(form: FormData): OnboardValues {
  const fields = Object.fromEntries(Object.entries(ONBOARD_TEXT_FIELDS).map(([name, max]) => [name, text(form, name, max)])) as Record<keyof typeof ONBOARD_TEXT_FIELDS, string>;
  const ticked = form.getAll('served').filter((v): v is string => typeof v === 'string');
  return { ...fields, delivers: text(form, 'delivers', 2), served: servedOf(ticked, text(form, 'servedOther', 400)).join('\n') };
}

const refused = (back: string, errors: UserErrorLike[], values: Record<string, string>): FormOutcome => ({ to: back, flash: { errors, values } });

/** The alliance admin's shop decisions; the merchants subgraph checks the role and every rule. */
export function POST(request: NextRequest) {
  return handleForm(request, SELF, async (form, back) => {
    const id = text(form, 'id', 40);
    switch (text(form, 'op', 20)) {
      case 'onboard': {
        const values = onboardValuesOf(form);
        // The photos' upload ids stay out of the flash: after a refusal the admin chooses the files again.
        const { businessLicenceUploadId: _b, foodPermitUploadId: _f, ...kept } = values;
        const again = { op: 'onboard', ...kept };
        const parsed = onboardInputOf(values);
        if (!parsed.input) return refused(back, parsed.errors, again);
        const r = await onboardMerchant(parsed.input);
        if (r.userErrors.length || !r.merchant) return refused(back, r.userErrors, again);
        const link = r.ownerInvitation?.link ?? '';
        return {
          to: SELF,
          flash: {
            ok: 'onboarded',
            values: { merchantId: r.merchant.id, name: r.merchant.name, link, email: r.ownerInvitation?.email ?? '', expiresAt: String(r.ownerInvitation?.expiresAt ?? '') },
          },
        };
      }
      case 'suspend': {
        const reason = text(form, 'reason', 200);
        const errors: UserErrorLike[] = [];
        if (!reason) errors.push({ code: 'REASON_REQUIRED', message: 'a reason is required', field: ['reason'] });
        if (text(form, 'confirm', 3) !== 'yes') errors.push({ code: 'CONFIRM_REQUIRED', message: 'confirm the suspension', field: ['confirm'] });
        if (errors.length) return refused(back, errors, { op: 'suspend', id, reason });
        const r = await suspendMerchant(id, reason);
        return r.userErrors.length ? refused(back, r.userErrors, { op: 'suspend', id, reason }) : { to: back, flash: { ok: 'suspended' } };
      }
      case 'reinstate': {
        const r = await reinstateMerchant(id);
        return r.userErrors.length ? refused(back, r.userErrors, { op: 'reinstate', id }) : { to: back, flash: { ok: 'reinstated' } };
      }
      case 'reissue': {
        const r = await reissueOwnerInvitation(id);
        if (r.userErrors.length || !r.invitation) return refused(back, r.userErrors, { op: 'reissue', id });
        const name = text(form, 'name', 60);
        return { to: SELF, flash: { ok: 'reissued', values: { merchantId: id, name, link: r.invitation.link ?? '', email: r.invitation.email, expiresAt: String(r.invitation.expiresAt) } } };
      }
      default:
        return { to: back };
    }
  });
}
