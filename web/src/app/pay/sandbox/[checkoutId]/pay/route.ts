import type { NextRequest } from 'next/server';
import { payInSandbox } from '@/lib/checkout-api';
import { handleForm } from '@/lib/form-post';

export const dynamic = 'force-dynamic';

/** The sandbox's pay button: the server sends the provider's signed callback; the page then waits for it. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ checkoutId: string }> }) {
  const id = decodeURIComponent((await params).checkoutId);
  const self = `/pay/sandbox/${encodeURIComponent(id)}`;
  return handleForm(request, self, async () => {
    const payload = await payInSandbox(id);
    if (payload.userErrors.length > 0) return { to: self, flash: { errors: payload.userErrors } };
    return { to: `${self}?paying=1` };
  });
}
