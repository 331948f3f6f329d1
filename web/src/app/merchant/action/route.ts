import type { NextRequest } from 'next/server';
import { adjustStock, handOverOrder, markOrderReady } from '@/lib/desk-api';
import { handleForm, int, text, type FormOutcome } from '@/lib/form-post';
import { cancelOrder } from '@/lib/orders-api';
import { setPointsRate } from '@/lib/points-api';
import { bpOfPercent } from '@/lib/points-view';
import { decideRefundFromForm } from '@/lib/refund-decision';

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
      case 'refund':
        return decideRefundFromForm(form, back);
      case 'cancel': {
        const reason = text(form, 'reason', 200);
        if (!reason) return { to: back, flash: { errors: [{ code: 'INVALID_CANCEL_REASON', message: 'reason', field: ['reason'] }] } };
        return outcome(back, await cancelOrder(text(form, 'orderId', 80), reason), 'cancelled');
      }
      case 'stock': {
        const [productId = '', specId = ''] = text(form, 'target', 170).split('|');
        const delta = int(form, 'delta');
        if (delta === undefined || delta === 0) return { to: back, flash: { errors: [{ code: 'INVALID_QUANTITY', message: 'delta', field: ['delta'] }] } };
        const payload = await adjustStock({ productId, specId: specId || null, delta, reason: text(form, 'reason', 100), idempotencyKey: text(form, 'idempotencyKey', 100) });
        return outcome(back, payload, 'stock');
      }
      case 'pointsRate': {
        const rateBp = bpOfPercent(text(form, 'ratePercent', 10));
        if (rateBp === null) return { to: back, flash: { errors: [{ code: 'INVALID_RATE', message: 'ratePercent', field: ['rateBp'] }] } };
        return outcome(back, await setPointsRate(text(form, 'merchantId', 80), rateBp), 'pointsRate');
      }
      default:
        return { to: back };
    }
  });
}
