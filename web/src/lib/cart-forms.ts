/** The cart forms' shared work: whose cart (the member's on the server, or the guest cookie) and its update. */
import { cookies } from 'next/headers';
import { getConfig } from '../config';
import { getAccessToken } from './auth';
import { addToCart, getGuestProducts, setCartQuantity } from './cart-api';
import type { FormOutcome } from './form-post';
import { text, int } from './form-post';
import { GUEST_CART_COOKIE, GUEST_CART_TTL_SECONDS, addGuestLine, readGuestCart, sealGuestCart, setGuestLine, type GuestLine } from './guest-cart';

export function lineFromForm(form: FormData): GuestLine | undefined {
  const productId = text(form, 'productId', 80);
  const specId = text(form, 'specId', 80);
  const quantity = int(form, 'quantity');
  if (!productId || quantity === undefined) return undefined;
  return { productId, ...(specId ? { specId } : {}), quantity };
}

async function guestLines(): Promise<GuestLine[]> {
  return readGuestCart((await cookies()).get(GUEST_CART_COOKIE)?.value, getConfig().sessionSecret);
}

function guestCookie(lines: GuestLine[]): NonNullable<FormOutcome['cookies']>[number] {
  return { name: GUEST_CART_COOKIE, value: lines.length ? sealGuestCart(lines, getConfig().sessionSecret) : '', maxAge: lines.length ? GUEST_CART_TTL_SECONDS : 0 };
}

/** A guest may only hold lines of products and specs that exist (the member's cart is checked by the server). */
async function checkGuestLine(line: GuestLine): Promise<string | undefined> {
  const product = (await getGuestProducts([line.productId])).get(line.productId);
  if (!product) return 'UNKNOWN_PRODUCT';
  if (line.specId ? !product.specs.some((s) => s.id === line.specId) : product.specs.length !== 1) return 'UNKNOWN_SPEC';
  return undefined;
}

export async function changeCart(mode: 'add' | 'set', line: GuestLine | undefined, back: string, okKey: string): Promise<FormOutcome> {
  if (!line) return { to: back, flash: { errors: [{ code: 'INVALID_QUANTITY', message: 'invalid line', field: ['quantity'] }] } };
  if (await getAccessToken()) {
    const input = { productId: line.productId, specId: line.specId ?? null, quantity: line.quantity };
    const payload = mode === 'add' ? await addToCart(input) : await setCartQuantity(input);
    return payload.userErrors.length ? { to: back, flash: { errors: payload.userErrors } } : { to: back, flash: { ok: okKey } };
  }
  if (mode === 'add' || line.quantity > 0) {
    const problem = await checkGuestLine(line);
    if (problem) return { to: back, flash: { errors: [{ code: problem, message: problem, field: ['specId'] }] } };
  }
  const current = await guestLines();
  const result = mode === 'add' ? addGuestLine(current, line) : setGuestLine(current, line);
  if (result.error) return { to: back, flash: { errors: [{ code: result.error, message: result.error, field: ['quantity'] }] } };
  return { to: back, flash: { ok: okKey }, cookies: [guestCookie(result.lines)] };
}
