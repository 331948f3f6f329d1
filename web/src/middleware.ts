/**
 * Runs before every page: refreshes the member's access token when it is about to expire (so server
 * components always get a valid one) and tells pages their own path (for login / language returnTo).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from './config';
import { OidcError, refreshSession } from './lib/oidc';
import {
  canRefresh,
  clearSessionWrites,
  needsRefresh,
  readSession,
  sessionCookieWrites,
  type CookieWrite,
} from './lib/session';

export const config = {
  runtime: 'nodejs',
  matcher: ['/((?!_next/static|_next/image|favicon.ico|healthz|auth/).*)'],
};

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const cfg = getConfig();
  const existing = request.cookies.getAll();
  let writes: CookieWrite[] = [];

  const hasSessionCookie = existing.some((c) => c.name.startsWith('alliance_session.'));
  if (hasSessionCookie) {
    const session = readSession(existing, cfg.sessionSecret);
    if (!session) {
      writes = clearSessionWrites(existing, cfg.secureCookies);
    } else if (needsRefresh(session)) {
      if (canRefresh(session)) {
        try {
          const refreshed = await refreshSession(cfg, session);
          writes = sessionCookieWrites(refreshed, existing, { secret: cfg.sessionSecret, secure: cfg.secureCookies });
        } catch (err) {
          if (err instanceof OidcError && err.code === 'invalid_grant') {
            // The refresh token itself is dead (revoked, expired, session ended): the member is logged out.
            console.warn(`[auth] refresh token refused, logging out: ${err.message}`);
            writes = clearSessionWrites(existing, cfg.secureCookies);
          } else {
            // Keycloak briefly unreachable: keep the session and try again on the next request.
            console.warn(`[auth] token refresh failed, keeping the session: ${(err as Error).message}`);
          }
        }
      } else {
        writes = clearSessionWrites(existing, cfg.secureCookies);
      }
    }
  }

  // Let this request's server components see the refreshed (or cleared) session.
  for (const w of writes) {
    if (w.options.maxAge === 0) request.cookies.delete(w.name);
    else request.cookies.set(w.name, w.value);
  }
  const headers = new Headers(request.headers);
  const search = new URLSearchParams(request.nextUrl.search);
  search.delete('_rsc');
  const query = search.toString();
  headers.set('x-portal-path', `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);

  const response = NextResponse.next({ request: { headers } });
  for (const w of writes) response.cookies.set(w.name, w.value, w.options);
  return response;
}
