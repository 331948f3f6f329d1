import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { exchangeCode, OidcError } from '@/lib/oidc';
import { AUTH_FLOW_COOKIE, expire, sessionCookieWrites, unsealAuthFlow } from '@/lib/session';

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
  ];
  for (const w of writes) response.cookies.set(w.name, w.value, w.options);
  return response;
}
