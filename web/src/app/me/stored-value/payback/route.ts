import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { requestStoredValuePayback } from '@/lib/stored-value-api';

export const dynamic = 'force-dynamic';

/** 申请退还: her whole balance at one shop paid back; the members subgraph books it (NOTHING_TO_PAY_BACK at ¥0). */
export function POST(request: NextRequest) {
  return handleForm(request, '/me/stored-value', async (form) => {
    const back = '/me/stored-value';
    const r = await requestStoredValuePayback(text(form, 'merchantId', 80));
    return { to: back, flash: r.userErrors.length ? { errors: r.userErrors } : { ok: 'paidBack' } };
  });
}
