import type { NextRequest } from 'next/server';
import { clearCart } from '@/lib/cart-api';
import { placeOrder, setHomeNeighborhood } from '@/lib/checkout-api';
import { checkoutValues, homeNeighborhoodToRemember, placeOrderInput } from '@/lib/checkout-form';
import { handleForm } from '@/lib/form-post';
import { payTargetOf } from '@/lib/pay-params';

export const dynamic = 'force-dynamic';

/**
 * Places the order with the form's idempotency key (a double submit replays it and lands on the same
 * checkout), remembers the pickup point's neighbourhood as home if she asked, empties the cart (not after a
 * group-buy, which bought outside it) and goes to payment (online), the group's page or the orders.
 */
export function POST(request: NextRequest) {
  return handleForm(request, '/checkout', async (form, back) => {
    const input = placeOrderInput(form);
    const payload = await placeOrder(input);
    const checkout = payload.checkout;
    if (payload.userErrors.length > 0 || !checkout) {
      // `back` is the group-buy checkout's own URL (its product and group), else /checkout.
      return { to: back, flash: { errors: payload.userErrors, values: checkoutValues(form) } };
    }
    // Both are conveniences: the order stands whatever they do.
    const home = homeNeighborhoodToRemember(form);
    if (home) {
      try {
        const r = await setHomeNeighborhood(home);
        if (r.userErrors.length) console.warn(`[checkout] home neighbourhood not set: ${r.userErrors.map((e) => e.code).join(',')}`);
      } catch (err) {
        console.warn(`[checkout] home neighbourhood not set after ${checkout.id}: ${(err as Error).message}`);
      }
    }
    // A group-buy checkout bought one product outside the cart: the cart stays as it was.
    if (!input.groupBuy) {
      try {
        await clearCart();
      } catch (err) {
        console.warn(`[checkout] cart not cleared after ${checkout.id}: ${(err as Error).message}`);
      }
    }
    if (checkout.paymentMethod === 'ONLINE' && checkout.payment?.status === 'PENDING') {
      const target = payTargetOf(checkout.payment.payParams);
      if (target.kind === 'redirect') return { to: target.url };
      // WeChat Pay opens only inside WeChat: the pay page says so (and shows what is due).
      if (target.kind === 'wechat') return { to: `/pay/${encodeURIComponent(checkout.id)}` };
    }
    const groupId = input.groupBuy ? checkout.orders.find((o) => o.groupBuy)?.groupBuy?.id : undefined;
    if (groupId) return { to: `/groups/${encodeURIComponent(groupId)}`, flash: { ok: input.groupBuy?.groupId ? 'joined' : 'opened' } };
    return { to: '/me/orders', flash: { ok: 'placed' } };
  });
}
