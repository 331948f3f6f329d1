import type { NextRequest } from 'next/server';
import { confirmArrival, handOverOrder } from '@/lib/desk-api';
import { handleForm, text } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

/** The group leader's buttons; the gateway checks the order is at one of her pickup points. */
export function POST(request: NextRequest) {
  return handleForm(request, '/leader', async (form, back) => {
    const op = text(form, 'op', 20);
    const orderId = text(form, 'orderId', 80);
    const payload =
      op === 'arrive'
        ? await confirmArrival(orderId)
        : op === 'handover'
          ? await handOverOrder(orderId, text(form, 'pickupCode', 12), text(form, 'paymentCollected', 5) === 'true' ? true : null)
          : undefined;
    if (!payload) return { to: back };
    return { to: back, flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok: op === 'arrive' ? 'arrived' : 'handedOver' } };
  });
}
