import type { NextRequest } from 'next/server';
import { handleForm, int, text } from '@/lib/form-post';
import { requestRefund } from '@/lib/orders-api';

export const dynamic = 'force-dynamic';

/** The ticked lines with their quantities; none ticked asks for the whole order (the form says so). */
export async function POST(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const self = `/me/orders/${encodeURIComponent(id)}`;
  return handleForm(request, self, async (form) => {
    const picked = form.getAll('line').filter((v): v is string => typeof v === 'string').slice(0, 100);
    const lines = picked.map((lineId) => ({ lineId, quantity: int(form, `qty.${lineId}`) ?? 0 }));
    const reason = text(form, 'reason', 200);
    const noReason = text(form, 'noReason', 5) === 'true';
    const payload = await requestRefund({
      orderId: id,
      lines: lines.length ? lines : null,
      reason,
      noReason,
      idempotencyKey: text(form, 'idempotencyKey', 100),
    });
    if (payload.userErrors.length === 0) return { to: self, flash: { ok: 'refundRequested' } };
    const values: Record<string, string> = { reason, ...(noReason ? { noReason: 'true' } : {}) };
    for (const l of lines) {
      values[`pick.${l.lineId}`] = 'on';
      values[`qty.${l.lineId}`] = String(l.quantity);
    }
    // The server names lines by their place in the request; the page shows them by line id.
    const errors = payload.userErrors.map((e) => {
      const lineId = e.field?.[0] === 'lines' && e.field[1] !== undefined ? lines[Number(e.field[1])]?.lineId : undefined;
      return lineId ? { ...e, field: ['lines', lineId, ...e.field!.slice(2)] } : e;
    });
    return { to: self, flash: { errors, values } };
  });
}
