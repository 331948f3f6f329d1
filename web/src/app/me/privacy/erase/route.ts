import type { NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { handleForm, respond, text, type FormOutcome } from '@/lib/form-post';
import { eraseMe } from '@/lib/privacy-api';
import { clearSessionWrites } from '@/lib/session';

export const dynamic = 'force-dynamic';

/**
 * 注销账号: she typed 确认注销 (the members subgraph checks it; NOT_CONFIRMED comes back to the form).
 * Once erased her Keycloak login is deleted, and with it its sessions, so the portal's session cookies
 * are cleared here and she lands on the goodbye page — not Keycloak's logout, which has no user left
 * to end a session for.
 */
export async function POST(request: NextRequest) {
  const done: { accountDeleted?: boolean } = {};
  const response = await handleForm(request, '/me/privacy', async (form): Promise<FormOutcome> => {
    const back = '/me/privacy';
    const confirm = text(form, 'confirm', 40);
    const r = await eraseMe(confirm);
    if (r.userErrors.length || !r.erased) return { to: back, flash: { errors: r.userErrors, values: { form: 'erase' } } };
    done.accountDeleted = r.accountDeleted;
    return { to: '/me/privacy/erased' };
  });
  if (done.accountDeleted === undefined) return response;
  // Her data is gone whatever happened to the login; when the login could not be deleted, the page says so.
  const goodbye = respond({ to: done.accountDeleted ? '/me/privacy/erased' : '/me/privacy/erased?login=kept' });
  for (const w of clearSessionWrites(request.cookies.getAll(), getConfig().secureCookies)) goodbye.cookies.set(w.name, w.value, w.options);
  return goodbye;
}
