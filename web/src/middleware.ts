/**
 * Runs before every request but static assets: refuses cross-site requests that change state, sets
 * the security headers (a CSP with a fresh script nonce per response), and for pages refreshes the
 * member's access token when it is about to expire (so server components always get a valid one) and
 * tells pages their own path (for login / language returnTo).
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig, type PortalConfig } from './config';
import { STATIC_SECURITY_HEADERS, changesState, contentSecurityPolicy, isSameOriginRequest } from './lib/security';
import { OidcError, refreshSession } from './lib/oidc';
import {
  canRefresh,
  clearSessionWrites,
  expire,
  needsRefresh,
  readSession,
  sessionCookieWrites,
  type CookieWrite,
} from './lib/session';
import { SHARE_BOUND_HEADER, SHARE_COOKIE, SHARE_COOKIE_MAX_AGE, afterBind, planShareArrival } from './lib/share-arrival';
import { bindShareCode } from './lib/share-bind';

export const config = {
  runtime: 'nodejs',
  // Static build assets get their headers from next.config.mjs.
  matcher: ['/((?!_next/static|_next/image).*)'],
};

/** Paths that are not pages: no session refresh there (the auth routes manage the session themselves). */
const NOT_A_PAGE = /^\/(auth\/|healthz$|readyz$|favicon\.ico$)/;

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

function ownOrigins(request: NextRequest, cfg: PortalConfig): string[] {
  return [...new Set([new URL(cfg.portalUrl).origin, request.nextUrl.origin])];
}

export async function middleware(request: NextRequest): Promise<NextResponse> {
  const cfg = getConfig();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy({
    nonce,
    keycloakUrl: cfg.keycloakUrl,
    development: process.env.NODE_ENV === 'development',
    https: cfg.portalUrl.startsWith('https:'),
    mediaOrigin: cfg.mediaOrigin,
    uploadOrigin: cfg.uploadOrigin,
  });

  const { pathname } = request.nextUrl;
  if (
    changesState(request.method, pathname) &&
    !isSameOriginRequest({
      method: request.method,
      secFetchSite: request.headers.get('sec-fetch-site'),
      origin: request.headers.get('origin'),
      ownOrigins: ownOrigins(request, cfg),
    })
  ) {
    return withSecurityHeaders(new NextResponse('Cross-site request refused', { status: 403 }), csp);
  }

  // Next.js reads the nonce from the request's CSP and puts it on the scripts it renders.
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  if (NOT_A_PAGE.test(pathname)) {
    return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
  }

  const existing = request.cookies.getAll();
  let writes: CookieWrite[] = [];
  // The token this request's pages will use, when the member is signed in.
  let accessToken: string | undefined;

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
          accessToken = refreshed.accessToken;
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
    } else {
      accessToken = session.accessToken;
    }
  }

  // Let this request's server components see the refreshed (or cleared) session.
  for (const w of writes) {
    if (w.options.maxAge === 0) request.cookies.delete(w.name);
    else request.cookies.set(w.name, w.value);
  }

  // Arrival by a share link: remember the code, and bind her once she is signed in (share-arrival.ts).
  headers.delete(SHARE_BOUND_HEADER);
  const share = planShareArrival({
    method: request.method,
    pathname,
    search: request.nextUrl.search,
    cookieCode: request.cookies.get(SHARE_COOKIE)?.value,
    signedIn: Boolean(accessToken),
    document: !request.headers.has('rsc'),
    prefetch: request.headers.has('next-router-prefetch') || /prefetch/i.test(request.headers.get('sec-purpose') ?? request.headers.get('purpose') ?? ''),
  });
  const rememberShare = (code: string): CookieWrite => ({
    name: SHARE_COOKIE,
    value: code,
    options: { httpOnly: true, secure: cfg.secureCookies, sameSite: 'lax', path: '/', maxAge: SHARE_COOKIE_MAX_AGE },
  });
  if (share.remember) writes.push(rememberShare(share.remember));
  if (share.forget) writes.push(expire(SHARE_COOKIE, cfg.secureCookies));
  if (share.redirectTo) {
    // Middleware redirects need an absolute URL: the request's own (the host the browser used).
    const target = request.nextUrl.clone();
    const [path, query = ''] = share.redirectTo.split('?', 2) as [string, string?];
    target.pathname = path;
    target.search = query ? `?${query}` : '';
    const redirect = NextResponse.redirect(target, { status: 307, headers: { 'cache-control': 'no-store' } });
    for (const w of writes) redirect.cookies.set(w.name, w.value, w.options);
    return withSecurityHeaders(redirect, csp);
  }
  if (share.bind && accessToken) {
    const outcome = afterBind(await bindShareCode(accessToken, share.bind));
    if (outcome.notice) headers.set(SHARE_BOUND_HEADER, '1');
    if (outcome.forget) writes = [...writes.filter((w) => w.name !== SHARE_COOKIE), expire(SHARE_COOKIE, cfg.secureCookies)];
  }

  const search = new URLSearchParams(request.nextUrl.search);
  search.delete('_rsc');
  const query = search.toString();
  headers.set('x-portal-path', `${request.nextUrl.pathname}${query ? `?${query}` : ''}`);

  const response = NextResponse.next({ request: { headers } });
  for (const w of writes) response.cookies.set(w.name, w.value, w.options);
  return withSecurityHeaders(response, csp);
}
