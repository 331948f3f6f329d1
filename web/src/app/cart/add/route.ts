import type { NextRequest } from 'next/server';
import { changeCart, lineFromForm } from '@/lib/cart-forms';
import { handleForm } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

/** Product page → cart: the member's server cart, or the guest cookie before login. */
export function POST(request: NextRequest) {
  return handleForm(request, '/cart', (form, back) => changeCart('add', lineFromForm(form), back, 'added'));
}
