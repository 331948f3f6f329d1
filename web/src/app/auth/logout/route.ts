import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/config';
import { endSessionUrl } from '@/lib/oidc';
import { clearSessionWrites, readSession } from '@/lib/session';

export const dynamic = 'force-dynamic';

/** Clears the portal session and ends the Keycloak session (then Keycloak sends the browser home). */
function logout(request: NextRequest): NextResponse {
  const config = getConfig();
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

export const GET = logout;
export const POST = logout;
