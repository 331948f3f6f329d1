import type { NextRequest } from 'next/server';
import { adjustStock, decideRefund, handOverOrder, markOrderReady } from '@/lib/desk-api';
import { handleForm, int, text, type FormOutcome } from '@/lib/form-post';
import { yuanToFen } from '@/lib/money';

export const dynamic = 'force-dynamic';

type Payload = { userErrors: { code: string; message: string; field?: readonly string[] | null }[] };
const outcome = (back: string, payload: Payload, ok: string): FormOutcome => ({
  to: back,
  flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok },
});

/** The order desk's buttons. The gateway decides whether this member may act on that shop's order. */
export function POST(request: NextRequest) {
  return handleForm(request, '/merchant', async (form, back) => {
    switch (text(form, 'op', 20)) {
      case 'ready':
        return outcome(back, await markOrderReady(text(form, 'orderId', 80)), 'ready');
      case 'handover':
        return outcome(back, await handOverOrder(text(form, 'orderId', 80), text(form, 'pickupCode', 12), text(form, 'paymentCollected', 5) === 'true' ? true : null), 'handedOver');
      case 'refund': {
        const decision = text(form, 'decision', 10);
        const amountFen = decision === 'part' ? yuanToFen(text(form, 'amountYuan', 16)) : undefined;
        if (decision === 'part' && amountFen === undefined) {
          return { to: back, flash: { errors: [{ code: 'INVALID_AMOUNT', message: 'amount', field: ['amountFen'] }] } };
        }
        const payload = await decideRefund({
          refundId: text(form, 'refundId', 80),
          approve: decision !== 'reject',
          amountFen: amountFen ?? null,
          restock: text(form, 'restock', 5) === 'true',
          note: text(form, 'note', 200) || null,
        });
        return outcome(back, payload, decision === 'reject' ? 'rejected' : 'approved');
      }
      case 'stock': {
        const [productId = '', specId = ''] = text(form, 'target', 170).split('|');
        const delta = int(form, 'delta');
        if (delta === undefined || delta === 0) return { to: back, flash: { errors: [{ code: 'INVALID_QUANTITY', message: 'delta', field: ['delta'] }] } };
        const payload = await adjustStock({ productId, specId: specId || null, delta, reason: text(form, 'reason', 100), idempotencyKey: text(form, 'idempotencyKey', 100) });
        return outcome(back, payload, 'stock');
      }
      default:
        return { to: back };
    }
  });
}
