import type { NextRequest } from 'next/server';
import { handleForm } from '@/lib/form-post';
import { acceptInvitation } from '@/lib/invitation-api';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ token: string }> };

/**
 * Accepts an invitation with the password typed twice (no sign-in). The passwords never go into the
 * flash or a URL; the merchants subgraph checks the length again and spends the link once.
 */
export async function POST(request: NextRequest, { params }: Params) {
  const token = decodeURIComponent((await params).token).slice(0, 200);
  const here = `/invite/${encodeURIComponent(token)}`;
  return handleForm(request, here, async (form) => {
    // Not text(): a password keeps its spaces.
    const raw = (name: string) => {
      const v = form.get(name);
      return typeof v === 'string' ? v : '';
    };
    const password = raw('password');
    const again = raw('password2');
    if (password.length < 8) return { to: here, flash: { errors: [{ code: 'WEAK_PASSWORD', message: 'at least 8 characters', field: ['password'] }] } };
    if (password !== again) return { to: here, flash: { errors: [{ code: 'PASSWORD_MISMATCH', message: 'the passwords differ', field: ['password2'] }] } };
    const r = await acceptInvitation(token, password.slice(0, 128));
    if (r.userErrors.length || !r.username) return { to: here, flash: { errors: r.userErrors } };
    return { to: here, flash: { ok: 'accepted', values: { username: r.username, merchantId: r.merchantId ?? '' } } };
  });
}
