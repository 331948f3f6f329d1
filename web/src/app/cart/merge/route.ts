import type { NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { getAccessToken } from '@/lib/auth';
import { mergeGuestCart } from '@/lib/cart-api';
import { handleForm } from '@/lib/form-post';
import { GUEST_CART_COOKIE, readGuestCart } from '@/lib/guest-cart';

export const dynamic = 'force-dynamic';

/** Merges a guest cart the login callback could not merge (the gateway was down then). */
export function POST(request: NextRequest) {
  return handleForm(request, '/cart', async (_form, back) => {
    const token = await getAccessToken();
    if (!token) return { to: `/auth/login?returnTo=${encodeURIComponent(back)}` };
    const lines = readGuestCart(request.cookies.get(GUEST_CART_COOKIE)?.value, getConfig().sessionSecret);
    if (lines.length === 0) return { to: back };
    const payload = await mergeGuestCart(lines, token);
    // Lines the server refused (gone from the catalogue) are dropped with the cookie, and said so.
    return {
      to: back,
      flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok: 'merged' },
      cookies: [{ name: GUEST_CART_COOKIE, value: '', maxAge: 0 }],
    };
  });
}
