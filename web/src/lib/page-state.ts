/** Per-request state a page reads from its cookies: the flash of the form just posted, the guest cart. */
import { cookies } from 'next/headers';
import { getConfig } from '../config';
import { FLASH_COOKIE, readFlash, type Flash } from './flash';
import { GUEST_CART_COOKIE, readGuestCart, type GuestLine } from './guest-cart';

export async function getFlash(id: string | string[] | undefined): Promise<Flash | undefined> {
  const store = await cookies();
  return readFlash(store.get(FLASH_COOKIE)?.value, id, getConfig().sessionSecret);
}

export async function getGuestCart(): Promise<GuestLine[]> {
  const store = await cookies();
  return readGuestCart(store.get(GUEST_CART_COOKIE)?.value, getConfig().sessionSecret);
}
