import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { requestGuardianConsent, requestPhoneCode, setBirthDate, verifyPhone } from '@/lib/privacy-api';

export const dynamic = 'force-dynamic';

/**
 * 我的 → 隐私, who she is: a code to her phone, then the code back (verifyPhone claims the phone for her
 * in the alliance); her birth date, once; under 14, her guardian's phone. Typed values travel back in the
 * sealed flash (never in the URL), so the next form can ask for the code.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/me/privacy', async (form): Promise<FormOutcome> => {
    const back = '/me/privacy';
    const op = text(form, 'op', 20);
    if (op === 'requestCode') {
      const phone = text(form, 'phone', 20);
      const r = await requestPhoneCode(phone);
      if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'phone', phone } } };
      return { to: back, flash: { ok: 'codeSent', values: { form: 'phone', phone, sentTo: r.sentTo ?? '', expiresAt: typeof r.expiresAt === 'string' ? r.expiresAt : '' } } };
    }
    if (op === 'verify') {
      const phone = text(form, 'phone', 20);
      const r = await verifyPhone(phone, text(form, 'code', 10));
      if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'verify', phone } } };
      return { to: back, flash: { ok: 'verified' } };
    }
    if (op === 'birthDate') {
      const birthDate = text(form, 'birthDate', 10);
      const r = await setBirthDate(birthDate);
      if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'birthDate', birthDate } } };
      return { to: back, flash: { ok: 'birthDate' } };
    }
    if (op === 'guardian') {
      const guardianPhone = text(form, 'guardianPhone', 20);
      const r = await requestGuardianConsent(guardianPhone);
      if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'guardian', guardianPhone } } };
      return { to: back, flash: { ok: 'guardian' } };
    }
    return { to: back };
  });
}
