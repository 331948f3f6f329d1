import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { inviteStaff } from '@/lib/invitation-api';

export const dynamic = 'force-dynamic';

/** The owner's invitation: the one-time link goes back to the page in the sealed flash, shown once. */
export function POST(request: NextRequest) {
  return handleForm(request, '/merchant/staff', async (form, back): Promise<FormOutcome> => {
    const email = text(form, 'email', 120);
    const r = await inviteStaff(text(form, 'merchantId', 80), email);
    if (r.userErrors.length || !r.invitation) return { to: back, flash: { errors: r.userErrors, values: { email } } };
    const i = r.invitation;
    return { to: back, flash: { ok: 'invited', values: { email: i.email, link: i.link ?? '', expiresAt: String(i.expiresAt ?? '') } } };
  });
}
