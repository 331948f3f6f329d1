import type { NextRequest } from 'next/server';
import { handleForm } from '@/lib/form-post';
import { decideRefundFromForm } from '@/lib/refund-decision';

export const dynamic = 'force-dynamic';

/** The alliance admin's final decision on an escalated refund; the merchants subgraph checks the role. */
export function POST(request: NextRequest) {
  return handleForm(request, '/admin/refunds', (form, back) => decideRefundFromForm(form, back));
}
