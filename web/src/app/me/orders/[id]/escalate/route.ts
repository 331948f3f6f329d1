import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { escalateRefund } from '@/lib/orders-api';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const self = `/me/orders/${encodeURIComponent(id)}`;
  return handleForm(request, self, async (form) => {
    const payload = await escalateRefund(text(form, 'refundId', 80), text(form, 'note', 200) || null);
    return { to: self, flash: payload.userErrors.length ? { errors: payload.userErrors } : { ok: 'escalated' } };
  });
}
