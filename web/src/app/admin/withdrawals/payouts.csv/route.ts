import type { NextRequest } from 'next/server';
import { handleForm, text } from '@/lib/form-post';
import { errorCode } from '@/lib/gateway';
import { exportPayoutBatch } from '@/lib/withdrawals-api';

export const dynamic = 'force-dynamic';

/**
 * The payout file: a POST (exporting cuts a batch of the approved withdrawals not exported yet; the
 * form's key makes a resubmit download the same batch). The commissions subgraph checks the role and
 * renders the CSV (the only place identities are decrypted); this streams it as a download, never cached.
 */
export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.clone().formData().catch(() => null);
  const key = form ? text(form, 'idempotencyKey', 100) : '';
  let payload;
  try {
    payload = await exportPayoutBatch(key);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'UNAUTHENTICATED') return new Response(null, { status: 303, headers: { location: '/auth/login?returnTo=%2Fadmin%2Fwithdrawals' } });
    return new Response(`Export failed: ${code}`, { status: code === 'FORBIDDEN' ? 403 : 502 });
  }
  if (!payload.batch) {
    // Nothing to export (or a bad key): back to the page with the reason.
    return handleForm(request, '/admin/withdrawals', async (_, back) => ({ to: back, flash: { errors: payload.userErrors } }));
  }
  return new Response(payload.batch.csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="payouts-${payload.batch.id.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
