import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { endSessionUrl } from '@/lib/oidc';
import { isSameOriginRequest } from '@/lib/security';
import { clearSessionWrites, readSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Clears the portal session and ends the Keycloak session (then Keycloak sends the browser home). */
function logout(request: NextRequest): NextResponse {
  const config = getConfig();
  // A cross-site form post is not the member asking to leave (the middleware refuses it too).
  const sameOrigin = isSameOriginRequest({
    method: request.method,
    secFetchSite: request.headers.get('sec-fetch-site'),
    origin: request.headers.get('origin'),
    ownOrigins: [new URL(config.portalUrl).origin, request.nextUrl.origin],
  });
  if (!sameOrigin) return new NextResponse(null, { status: 403 });
  const existing = request.cookies.getAll();
  const session = readSession(existing, config.sessionSecret);
  // Without a session there is nothing to end at Keycloak: just go home (relative, same host).
  const response = new NextResponse(null, {
    status: 303,
    headers: { location: session ? endSessionUrl(config, session.idToken) : '/' },
  });
  for (const w of clearSessionWrites(existing, config.secureCookies)) response.cookies.set(w.name, w.value, w.options);
  response.headers.set('cache-control', 'no-store');
  return response;
}

// POST only (the header's form): a GET would let any site log members out with a cross-site link,
// since SameSite=Lax cookies ride along on top-level navigations.
export const POST = logout;
