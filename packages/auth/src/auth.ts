import { createRequire } from 'node:module';
import type { IncomingHttpHeaders } from 'node:http';
import { serviceClientOf } from './service-identity.js';

/**
 * Token validation behind one small module so the adapter can be swapped: keycloak-connect is
 * deprecated upstream. Nothing outside this file knows which library checks the signature.
 */
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Keycloak = require('keycloak-connect');
const Token = require('keycloak-connect/middleware/auth-utils/token');

export type Role = 'shopper' | 'merchant-owner' | 'merchant-staff' | 'alliance-admin' | 'group-leader';

/** Who is calling, as proven by a validated access token. */
export interface Principal {
  subject: string;
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  allianceId: string | null;
  merchantIds: string[];
  /** Set when the token is a calling service's (client credentials), not a person's: its client id. */
  service?: string;
}

export interface TokenVerifierOptions {
  /** Issuer base as clients see it, e.g. http://localhost:8080. */
  keycloakUrl: string;
  /** Back-channel base for fetching keys when it differs from the issuer (containers). */
  keycloakInternalUrl?: string;
  realm: string;
  audience: string;
}

export class InvalidTokenError extends Error {
  readonly code = 'UNAUTHENTICATED';
}

export interface TokenVerifier {
  verify(rawToken: string): Promise<Principal>;
}

interface TokenContent {
  sub?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  realm_access?: { roles?: string[] };
  alliance_id?: string;
  merchant_ids?: string[] | string;
  azp?: string;
}

const KNOWN_ROLES = new Set<Role>(['shopper', 'merchant-owner', 'merchant-staff', 'alliance-admin', 'group-leader']);

export function principalFromClaims(c: TokenContent): Principal {
  if (!c.sub) throw new InvalidTokenError('invalid token (no subject)');
  const merchantIds = c.merchant_ids == null ? [] : Array.isArray(c.merchant_ids) ? c.merchant_ids : [c.merchant_ids];
  const fullName = [c.given_name, c.family_name].filter(Boolean).join(' ');
  const service = serviceClientOf(c);
  return {
    subject: c.sub,
    username: c.preferred_username ?? c.sub,
    displayName: c.name || fullName || c.preferred_username || c.sub,
    email: c.email,
    roles: (c.realm_access?.roles ?? []).filter((r): r is Role => KNOWN_ROLES.has(r as Role)),
    allianceId: c.alliance_id ?? null,
    merchantIds,
    ...(service ? { service } : {}),
  };
}

export function createTokenVerifier(opts: TokenVerifierOptions): TokenVerifier {
  const keycloak = new Keycloak(
    {},
    {
      realm: opts.realm,
      'auth-server-url': opts.keycloakUrl.replace(/\/$/, ''),
      resource: opts.audience,
      'bearer-only': true,
      'verify-token-audience': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      'min-time-between-jwks-requests': 10,
    },
  );
  const grantManager = keycloak.grantManager;
  if (opts.keycloakInternalUrl) {
    // The issuer stays the public URL (checked against `iss`); only key fetching uses the back channel.
    grantManager.rotation.realmUrl = `${opts.keycloakInternalUrl.replace(/\/$/, '')}/realms/${opts.realm}`;
  }
  return {
    async verify(rawToken: string): Promise<Principal> {
      const token = new Token(rawToken, opts.audience);
      try {
        await grantManager.validateToken(token, 'Bearer');
      } catch (err) {
        throw new InvalidTokenError(err instanceof Error ? err.message : 'invalid token');
      }
      return principalFromClaims(token.content as TokenContent);
    },
  };
}

/** The bearer token of a request, or null when there is none. */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

export function hasRole(p: Principal | null, role: Role): boolean {
  return !!p && p.roles.includes(role);
}

/** The shop's owner or staff: a role of a shop, held for a shop the token names. */
export function isShopStaff(p: Principal | null, merchantId: string): boolean {
  return !!p && (hasRole(p, 'merchant-owner') || hasRole(p, 'merchant-staff')) && p.merchantIds.includes(merchantId);
}
