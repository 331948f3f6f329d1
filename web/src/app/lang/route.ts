import type { NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { LANG_COOKIE, parseLang } from '@/i18n/dictionary';
import { safeReturnTo } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Language switch: /lang?to=en&returnTo=/path stores the choice in the `lang` cookie and goes back. */
export function GET(request: NextRequest): Response {
  const lang = parseLang(request.nextUrl.searchParams.get('to'));
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get('returnTo'));
  const secure = getConfig().secureCookies ? '; Secure' : '';
  return new Response(null, {
    status: 303,
    headers: {
      // Relative Location: stays on whatever host the shopper used.
      location: returnTo,
      // Not httpOnly: the client-side error boundary reads it to pick its language.
      'set-cookie': `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`,
      'cache-control': 'no-store',
    },
  });
}
