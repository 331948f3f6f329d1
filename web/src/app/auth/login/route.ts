import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { LANG_COOKIE, parseLang } from '@/i18n/dictionary';
import { authorizeUrl, randomToken } from '@/lib/oidc';
import { AUTH_FLOW_COOKIE, AUTH_FLOW_TTL_SECONDS, safeReturnTo, sealAuthFlow } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Starts the OIDC code flow: remembers state, nonce, PKCE verifier and returnTo, then goes to Keycloak. */
export function GET(request: NextRequest): NextResponse {
  const config = getConfig();
  const flow = {
    state: randomToken(),
    nonce: randomToken(),
    verifier: randomToken(48),
    returnTo: safeReturnTo(request.nextUrl.searchParams.get('returnTo')),
  };
  const lang = parseLang(request.cookies.get(LANG_COOKIE)?.value);
  const response = NextResponse.redirect(authorizeUrl(config, { ...flow, lang }), 303);
  response.cookies.set(AUTH_FLOW_COOKIE, sealAuthFlow(flow, config.sessionSecret), {
    httpOnly: true,
    secure: config.secureCookies,
    sameSite: 'lax',
    path: '/auth',
    maxAge: AUTH_FLOW_TTL_SECONDS,
  });
  response.headers.set('cache-control', 'no-store');
  return response;
}
