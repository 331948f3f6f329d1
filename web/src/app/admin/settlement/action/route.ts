import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { closeSettlement, runSettlement } from '@/lib/commissions-api';

export const dynamic = 'force-dynamic';

/**
 * Settles the week the page offered (its end travels in the form, so what was shown is what runs), or
 * closes a settled week after review.
 * The commissions subgraph checks the role, that the week has ended, and that it is the next in order;
 * the form's key makes a double submit finish the same run instead of starting another.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/admin/settlement', async (form, back) => {
    const op = text(form, 'op', 20);
    if (op === 'close') {
      const periodId = text(form, 'periodId', 20);
      const payload = await closeSettlement(periodId);
      if (payload.userErrors.length) return { to: back, flash: { errors: payload.userErrors } };
      return { to: `/admin/settlement?period=${encodeURIComponent(periodId)}`, flash: { ok: 'closed' } };
    }
    if (op !== 'settle') return { to: back };
    const payload = await runSettlement(text(form, 'periodEnd', 40), text(form, 'idempotencyKey', 100));
    if (payload.userErrors.length) return { to: back, flash: { errors: payload.userErrors } };
    const periodId = payload.period?.id;
    return { to: periodId ? `/admin/settlement?period=${encodeURIComponent(periodId)}` : back, flash: { ok: 'settled' } };
  });
}
