import type { NextRequest } from 'next/server';
import { handleForm, text, type FormOutcome } from '@/lib/form-post';
import { confirmGuardian } from '@/lib/privacy-api';
import { GUARDIAN_MEMBER_ID } from '@/lib/privacy-view';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ memberId: string }> };

/** The guardian confirms with the SMS code and their name; no sign-in (the code is the proof). */
export async function POST(request: NextRequest, { params }: Ctx) {
  const { memberId } = await params;
  const back = GUARDIAN_MEMBER_ID.test(memberId) ? `/guardian/${memberId}` : '/guardian';
  return handleForm(request, back, async (form): Promise<FormOutcome> => {
    if (!GUARDIAN_MEMBER_ID.test(memberId)) return { to: back };
    const guardianName = text(form, 'guardianName', 40);
    const r = await confirmGuardian(memberId, text(form, 'code', 10), guardianName);
    if (r.userErrors.length) return { to: back, flash: { errors: r.userErrors, values: { guardianName } } };
    return { to: back, flash: { ok: 'confirmed' } };
  });
}
