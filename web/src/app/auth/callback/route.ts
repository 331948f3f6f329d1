import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { exchangeCode, OidcError } from '@/lib/oidc';
import { mergeGuestCart } from '@/lib/cart-api';
import { GUEST_CART_COOKIE, readGuestCart } from '@/lib/guest-cart';
import { AUTH_FLOW_COOKIE, expire, sessionCookieWrites, unsealAuthFlow, type CookieWrite, type Session } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Redirect to a same-site path with a relative Location, so the browser stays on the host it used. */
function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });
}

/** Keycloak sends the browser back here with a code: check state, exchange the code, store the session. */
export async function GET(request: NextRequest): Promise<NextResponse> {
  const config = getConfig();
  const params = request.nextUrl.searchParams;
  const flow = unsealAuthFlow(request.cookies.get(AUTH_FLOW_COOKIE)?.value, config.sessionSecret);

  const fail = (reason: string): NextResponse => {
    const query = new URLSearchParams({ reason });
    if (flow) query.set('returnTo', flow.returnTo);
    const response = seeOther(`/auth/error?${query.toString()}`);
    const w = expire(AUTH_FLOW_COOKIE, config.secureCookies, '/auth');
    response.cookies.set(w.name, w.value, w.options);
    return response;
  };

  const idpError = params.get('error');
  if (idpError) return fail(idpError.replace(/[^a-z_]/gi, '').slice(0, 40) || 'idp_error');
  const code = params.get('code');
  const state = params.get('state');
  if (!flow) return fail('login_expired');
  if (!code || !state || state !== flow.state) return fail('state_mismatch');

  let session;
  try {
    session = await exchangeCode(config, { code, verifier: flow.verifier, nonce: flow.nonce });
  } catch (err) {
    console.error(`[auth] code exchange failed: ${(err as Error).message}`);
    return fail(err instanceof OidcError && err.code === 'idp_unreachable' ? 'idp_unreachable' : 'login_failed');
  }

  const response = seeOther(flow.returnTo);
  const writes = [
    ...sessionCookieWrites(session, request.cookies.getAll(), {
      secret: config.sessionSecret,
      secure: config.secureCookies,
    }),
    expire(AUTH_FLOW_COOKIE, config.secureCookies, '/auth'),
    ...(await mergeGuestCartAtLogin(request, session)),
  ];
  for (const w of writes) response.cookies.set(w.name, w.value, w.options);
  return response;
}

/**
 * The cart filled before login joins the member's server cart right away. When the gateway cannot take
 * it now the cookie stays, and the cart page offers to merge it.
 */
async function mergeGuestCartAtLogin(request: NextRequest, session: Session): Promise<CookieWrite[]> {
  const config = getConfig();
  const lines = readGuestCart(request.cookies.get(GUEST_CART_COOKIE)?.value, config.sessionSecret);
  if (lines.length === 0) return [];
  try {
    const payload = await mergeGuestCart(lines, session.accessToken);
    if (payload.userErrors.length) console.warn(`[cart] guest lines refused at login: ${payload.userErrors.map((e) => e.code).join(', ')}`);
    return [expire(GUEST_CART_COOKIE, config.secureCookies)];
  } catch (err) {
    console.warn(`[cart] guest cart not merged at login, kept for later: ${(err as Error).message}`);
    return [];
  }
}
