import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { yuanToFen } from '@/lib/money';
import { requestWithdrawal, setPayoutIdentity } from '@/lib/withdrawals-api';

export const dynamic = 'force-dynamic';

/**
 * 我的 → 推广 forms: the payout identity, and a withdrawal request (its key travels in the form, so a
 * double submit is the same request). The commissions subgraph checks everything.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/me/share', async (form, back) => {
    const op = text(form, 'op', 20);
    if (op === 'identity') {
      const r = await setPayoutIdentity(text(form, 'realName', 60), text(form, 'idNumber', 30));
      return r.userErrors.length ? { to: back, flash: { errors: r.userErrors } } : { to: back, flash: { ok: 'identity' } };
    }
    if (op === 'request') {
      const amountFen = yuanToFen(text(form, 'amount', 20));
      if (amountFen === undefined) return { to: back, flash: { errors: [{ code: 'INVALID_AMOUNT', message: 'amount', field: ['amountFen'] }] } };
      const r = await requestWithdrawal(amountFen, text(form, 'idempotencyKey', 100));
      return r.userErrors.length ? { to: back, flash: { errors: r.userErrors } } : { to: back, flash: { ok: 'requested' } };
    }
    return { to: back };
  });
}
