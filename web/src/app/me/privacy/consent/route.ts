import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { changeConsent } from '@/lib/privacy-api';
import { parseConsentForm } from '@/lib/privacy-view';

export const dynamic = 'force-dynamic';

/**
 * 我的 → 隐私: grants or revokes one purpose of one shop. The members subgraph records it in her consent
 * log with the text shown, and a revocation holds from the shop's very next request.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/me/privacy', async (form): Promise<FormOutcome> => {
    const back = '/me/privacy';
    const change = parseConsentForm((name) => text(form, name, 80));
    if (!change) return { to: back };
    const r = await changeConsent(change.grant, change.merchantId, [change.purpose]);
    if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { form: 'consent', merchantId: change.merchantId } } };
    return { to: back, flash: { ok: change.grant ? 'granted' : 'revoked', values: { merchantId: change.merchantId } } };
  });
}
