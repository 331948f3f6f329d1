/**
 * OpenID Connect authorization-code flow with PKCE against Keycloak, run from server code only.
 * The browser sees the authorize and end-session redirects; tokens travel over the back channel.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PortalConfig } from '../config';
import type { Session } from './session';

export class OidcError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function realmBase(baseUrl: string, realm: string): string {
  return `${baseUrl}/realms/${encodeURIComponent(realm)}`;
}

export function redirectUri(config: PortalConfig): string {
  return `${config.portalUrl}/auth/callback`;
}

export function authorizeUrl(config: PortalConfig, p: { state: string; nonce: string; verifier: string; lang?: string }): string {
  const url = new URL(`${realmBase(config.keycloakUrl, config.keycloakRealm)}/protocol/openid-connect/auth`);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid profile');
  url.searchParams.set('redirect_uri', redirectUri(config));
  url.searchParams.set('state', p.state);
  url.searchParams.set('nonce', p.nonce);
  url.searchParams.set('code_challenge', pkceChallenge(p.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (p.lang) url.searchParams.set('ui_locales', p.lang === 'en' ? 'en' : 'zh-CN');
  return url.toString();
}

export function endSessionUrl(config: PortalConfig, idToken: string | undefined): string {
  const url = new URL(`${realmBase(config.keycloakUrl, config.keycloakRealm)}/protocol/openid-connect/logout`);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${config.portalUrl}/`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  return url.toString();
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  id_token?: unknown;
  expires_in?: unknown;
  refresh_expires_in?: unknown;
  token_type?: unknown;
  error?: unknown;
  error_description?: unknown;
}

async function tokenRequest(config: PortalConfig, params: Record<string, string>): Promise<TokenResponse> {
  const body = new URLSearchParams({ ...params, client_id: config.clientId, client_secret: config.clientSecret });
  let res: Response;
  try {
    res = await fetch(`${realmBase(config.keycloakInternalUrl, config.keycloakRealm)}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new OidcError('idp_unreachable', `Keycloak token endpoint unreachable: ${(err as Error).message}`);
  }
  let json: TokenResponse;
  try {
    json = (await res.json()) as TokenResponse;
  } catch {
    throw new OidcError('idp_bad_response', `Keycloak token endpoint answered ${res.status} without JSON`);
  }
  if (!res.ok || typeof json.error === 'string') {
    throw new OidcError(
      typeof json.error === 'string' ? json.error : 'token_error',
      `Keycloak token endpoint refused (${res.status}): ${String(json.error_description ?? json.error ?? '')}`,
    );
  }
  return json;
}

/** Decodes a JWT's payload without verifying it (only for tokens received over the back channel). */
export function decodeJwtPayload(jwt: string): Record<string, unknown> | undefined {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toSession(json: TokenResponse, previous?: Session): Session {
  if (typeof json.access_token !== 'string' || !json.access_token) {
    throw new OidcError('token_error', 'Keycloak token response has no access_token');
  }
  const now = Date.now();
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 300;
  const refreshExpiresIn = typeof json.refresh_expires_in === 'number' ? json.refresh_expires_in : undefined;
  const refreshToken = typeof json.refresh_token === 'string' ? json.refresh_token : previous?.refreshToken;
  return {
    accessToken: json.access_token,
    refreshToken,
    idToken: typeof json.id_token === 'string' ? json.id_token : previous?.idToken,
    expiresAt: now + expiresIn * 1000,
    // Keycloak: refresh_expires_in 0 means "does not expire" (offline tokens).
    refreshExpiresAt:
      refreshExpiresIn === undefined || refreshExpiresIn <= 0
        ? previous?.refreshExpiresAt
        : now + refreshExpiresIn * 1000,
  };
}

/**
 * Checks the ID token received from the token endpoint (OIDC Core 3.1.3.7: received directly over the
 * back channel, so TLS stands in for the signature): issuer, audience, nonce, expiry.
 */
export function checkIdToken(config: PortalConfig, idToken: string | undefined, nonce: string): void {
  if (!idToken) throw new OidcError('id_token_missing', 'Keycloak returned no id_token');
  const claims = decodeJwtPayload(idToken);
  if (!claims) throw new OidcError('id_token_invalid', 'id_token is not a JWT');
  const issuers = new Set([
    realmBase(config.keycloakUrl, config.keycloakRealm),
    realmBase(config.keycloakInternalUrl, config.keycloakRealm),
  ]);
  if (typeof claims.iss !== 'string' || !issuers.has(claims.iss)) {
    throw new OidcError('id_token_invalid', `unexpected id_token issuer ${String(claims.iss)}`);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(config.clientId)) throw new OidcError('id_token_invalid', 'id_token audience mismatch');
  if (claims.nonce !== nonce) throw new OidcError('id_token_invalid', 'id_token nonce mismatch');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now() - 60_000) {
    throw new OidcError('id_token_invalid', 'id_token expired');
  }
}

export async function exchangeCode(
  config: PortalConfig,
  p: { code: string; verifier: string; nonce: string },
): Promise<Session> {
  const json = await tokenRequest(config, {
    grant_type: 'authorization_code',
    code: p.code,
    redirect_uri: redirectUri(config),
    code_verifier: p.verifier,
  });
  const session = toSession(json);
  checkIdToken(config, session.idToken, p.nonce);
  return session;
}

export async function refreshSession(config: PortalConfig, session: Session): Promise<Session> {
  if (!session.refreshToken) throw new OidcError('no_refresh_token', 'session has no refresh token');
  const json = await tokenRequest(config, { grant_type: 'refresh_token', refresh_token: session.refreshToken });
  return toSession(json, session);
}
