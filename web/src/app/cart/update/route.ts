import type { NextRequest } from 'next/server';
import { changeCart, lineFromForm } from '@/lib/cart-forms';
import { handleForm } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

/** The cart's quantity steppers and remove buttons: sets a line to exactly this quantity (0 removes it). */
export function POST(request: NextRequest) {
  return handleForm(request, '/cart', (form, back) => changeCart('set', lineFromForm(form), back, 'updated'));
}
