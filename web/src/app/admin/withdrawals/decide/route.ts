import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { decideWithdrawal } from '@/lib/withdrawals-api';

export const dynamic = 'force-dynamic';

/** The admin's decision on a withdrawal request; the commissions subgraph checks the role. */
export function POST(request: NextRequest) {
  return handleForm(request, '/admin/withdrawals', async (form, back) => {
    const decision = text(form, 'decision', 10);
    if (decision !== 'approve' && decision !== 'reject') return { to: back };
    const r = await decideWithdrawal(text(form, 'id', 40), decision === 'approve', text(form, 'note', 200) || null);
    return r.userErrors.length ? { to: back, flash: { errors: r.userErrors } } : { to: back, flash: { ok: decision === 'approve' ? 'approved' : 'rejected' } };
  });
}
