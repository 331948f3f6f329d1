/** Server-side access to the current member's session (server components, route handlers). */
import { cookies, headers } from 'next/headers';
import { getConfig } from '../config';
import { principalFromAccessToken, type PortalPrincipal } from './principal';
import { readSession, type Session } from './session';

export async function getSession(): Promise<Session | undefined> {
  const store = await cookies();
  return readSession(store.getAll(), getConfig().sessionSecret);
}

/** The access token, if the member is logged in and it has not expired (middleware refreshes it). */
export async function getAccessToken(): Promise<string | undefined> {
  const session = await getSession();
  if (!session || session.expiresAt <= Date.now()) return undefined;
  return session.accessToken;
}

/** Path + query of the page being rendered (set by middleware), for login / language returnTo. */
export async function currentPath(): Promise<string> {
  const h = await headers();
  return h.get('x-portal-path') ?? '/';
}

/** Roles and shop ids of the signed-in member, for navigation only (the gateway authorizes every call). */
export async function getPrincipal(): Promise<PortalPrincipal | undefined> {
  const token = await getAccessToken();
  return token ? principalFromAccessToken(token) : undefined;
}
