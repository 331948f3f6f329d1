import type { NextRequest } from 'next/server';
import { clearCart } from '@/lib/cart-api';
import { placeOrder } from '@/lib/checkout-api';
import { checkoutValues, placeOrderInput } from '@/lib/checkout-form';
import { handleForm } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

/**
 * Places the order with the form's idempotency key (a double submit replays it and lands on the same
 * checkout), then empties the cart and goes to payment (online) or to the orders.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/checkout', async (form) => {
    const payload = await placeOrder(placeOrderInput(form));
    const checkout = payload.checkout;
    if (payload.userErrors.length > 0 || !checkout) {
      return { to: '/checkout', flash: { errors: payload.userErrors, values: checkoutValues(form) } };
    }
    try {
      await clearCart();
    } catch (err) {
      // The order stands; a cart left full is only an inconvenience.
      console.warn(`[checkout] cart not cleared after ${checkout.id}: ${(err as Error).message}`);
    }
    // Only the development sandbox has a pay page here: the contract has no WeChat Pay client parameters yet.
    if (checkout.paymentMethod === 'ONLINE' && checkout.payment?.status === 'PENDING' && checkout.payment.provider === 'sandbox') {
      return { to: `/pay/sandbox/${encodeURIComponent(checkout.id)}` };
    }
    return { to: '/me/orders', flash: { ok: 'placed' } };
  });
}
