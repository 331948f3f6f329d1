import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { topUpStoredValue } from '@/lib/stored-value-api';
import { memberCodeOf, topUpFenOf } from '@/lib/stored-value-view';

export const dynamic = 'force-dynamic';

/**
 * The counter's top-up. The members subgraph checks that the staff member works for the shop, the member,
 * the amount and the cap, and replays the same key; the new balance comes back to the page in the flash.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/merchant/stored-value', async (form, back) => {
    const memberId = memberCodeOf(text(form, 'memberId', 80));
    const amountYuan = text(form, 'amountYuan', 16);
    const values = { memberId, amountYuan };
    const amountFen = topUpFenOf(amountYuan);
    if (amountFen === null) return { to: back, flash: { errors: [{ code: 'INVALID_AMOUNT', message: 'amount', field: ['amountFen'] }], values } };
    const r = await topUpStoredValue({ memberId, merchantId: text(form, 'merchantId', 80), amountFen, idempotencyKey: text(form, 'idempotencyKey', 100) });
    if (r.userErrors.length || !r.balance) return { to: back, flash: { errors: r.userErrors, values } };
    return { to: back, flash: { ok: 'toppedUp', values: { memberId, balanceFen: String(r.balance.balanceFen) } } };
  });
}
