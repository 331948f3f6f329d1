/**
 * The member's session: Keycloak tokens sealed into httpOnly cookies. Nothing here is readable by
 * browser JavaScript. A sealed session (~5 KB with three JWTs) is split into chunks
 * `alliance_session.0`, `.1`, ... so that every cookie stays well under the 4 KB browser limit.
 */
import { seal, unseal } from './seal';

export interface Session {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Access token expiry, epoch ms. */
  expiresAt: number;
  /** Refresh token expiry, epoch ms (undefined: unknown / no expiry). */
  refreshExpiresAt?: number;
}

export const SESSION_COOKIE = 'alliance_session';
export const AUTH_FLOW_COOKIE = 'alliance_auth';
/** Max characters of one cookie value (names and attributes add < 150 bytes). */
export const CHUNK_SIZE = 3800;
/** Sessions never outlive this, whatever the refresh token says. */
const MAX_SESSION_SECONDS = 30 * 24 * 3600;
/** Refresh this long before the access token actually expires. */
export const REFRESH_LEEWAY_MS = 30_000;

export interface CookieLike {
  name: string;
  value: string;
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax';
  path: string;
  maxAge: number;
}

export interface CookieWrite {
  name: string;
  value: string;
  options: CookieOptions;
}

function chunkIndex(name: string): number | undefined {
  const prefix = `${SESSION_COOKIE}.`;
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^\d{1,2}$/.test(rest) ? Number(rest) : undefined;
}

/** Joins the session chunks found among the request's cookies (undefined when absent or incomplete). */
export function joinSessionChunks(cookies: readonly CookieLike[]): string | undefined {
  const parts = new Map<number, string>();
  for (const c of cookies) {
    const i = chunkIndex(c.name);
    if (i !== undefined) parts.set(i, c.value);
  }
  if (parts.size === 0) return undefined;
  let joined = '';
  for (let i = 0; i < parts.size; i++) {
    const part = parts.get(i);
    if (part === undefined) return undefined;
    joined += part;
  }
  return joined;
}

export function sessionCookieNames(cookies: readonly CookieLike[]): string[] {
  return cookies.filter((c) => chunkIndex(c.name) !== undefined).map((c) => c.name);
}

function sessionTtlSeconds(session: Session): number {
  const until = session.refreshExpiresAt ?? session.expiresAt;
  const seconds = Math.floor((until - Date.now()) / 1000);
  return Math.max(60, Math.min(seconds, MAX_SESSION_SECONDS));
}

/**
 * Cookie writes that store `session`, replacing whatever session chunks `existing` holds
 * (stale chunks are expired).
 */
export function sessionCookieWrites(
  session: Session,
  existing: readonly CookieLike[],
  opts: { secret: string; secure: boolean },
): CookieWrite[] {
  const ttl = sessionTtlSeconds(session);
  const sealed = seal(session, { secret: opts.secret, purpose: 'session', ttlSeconds: ttl });
  const options: CookieOptions = { httpOnly: true, secure: opts.secure, sameSite: 'lax', path: '/', maxAge: ttl };
  const writes: CookieWrite[] = [];
  for (let i = 0, offset = 0; offset < sealed.length; i++, offset += CHUNK_SIZE) {
    writes.push({ name: `${SESSION_COOKIE}.${i}`, value: sealed.slice(offset, offset + CHUNK_SIZE), options });
  }
  const written = new Set(writes.map((w) => w.name));
  for (const name of sessionCookieNames(existing)) {
    if (!written.has(name)) writes.push(expire(name, opts.secure));
  }
  return writes;
}

export function clearSessionWrites(existing: readonly CookieLike[], secure: boolean): CookieWrite[] {
  return sessionCookieNames(existing).map((name) => expire(name, secure));
}

export function expire(name: string, secure: boolean, path = '/'): CookieWrite {
  return { name, value: '', options: { httpOnly: true, secure, sameSite: 'lax', path, maxAge: 0 } };
}

export function readSession(cookies: readonly CookieLike[], secret: string): Session | undefined {
  const sealed = joinSessionChunks(cookies);
  if (!sealed) return undefined;
  const payload = unseal<Session>(sealed, { secret, purpose: 'session' });
  if (!payload || typeof payload.accessToken !== 'string' || typeof payload.expiresAt !== 'number') {
    return undefined;
  }
  return payload;
}

export function needsRefresh(session: Session, now = Date.now()): boolean {
  return session.expiresAt - REFRESH_LEEWAY_MS <= now;
}

export function canRefresh(session: Session, now = Date.now()): boolean {
  return Boolean(session.refreshToken) && (session.refreshExpiresAt === undefined || session.refreshExpiresAt > now);
}

/** Login in progress: kept in a short-lived sealed cookie between /auth/login and /auth/callback. */
export interface AuthFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

export const AUTH_FLOW_TTL_SECONDS = 600;

export function sealAuthFlow(flow: AuthFlow, secret: string): string {
  return seal(flow, { secret, purpose: 'auth-flow', ttlSeconds: AUTH_FLOW_TTL_SECONDS });
}

export function unsealAuthFlow(value: string | undefined, secret: string): AuthFlow | undefined {
  if (!value) return undefined;
  const flow = unseal<AuthFlow>(value, { secret, purpose: 'auth-flow' });
  if (!flow || typeof flow.state !== 'string' || typeof flow.verifier !== 'string') return undefined;
  return flow;
}

/** Only same-site relative paths are accepted as a place to return to after login. */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/auth/')) return '/';
  if (/[\u0000-\u001f]/.test(value)) return '/';
  if (value.length > 1000) return '/';
  // Location headers carry ASCII only: keep existing escapes, percent-encode the rest (e.g. 文新小区).
  try {
    return encodeURI(decodeURI(value));
  } catch {
    return '/';
  }
}
