import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { bearerToken, type Principal, type TokenVerifier } from './auth.js';
import { ALLIANCE_HEADER } from './gateway-signature.js';
import type { Logger } from 'pino';
import { resolveTenant } from './tenant.js';

export interface IdentifiedRequest {
  allianceId: string;
  principal: Principal | null;
  /** The validated bearer token, for forwarding. */
  token: string | null;
}

function httpError(status: number, code: string, message: string) {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Who is calling and for which alliance, decided the same way at the gateway and again in every
 * subgraph: a token is validated (signature, expiry, issuer, audience) and names the tenant; without
 * one, the requested alliance (or `defaultAllianceId`) applies to public data only.
 */
export async function identifyRequest(
  headers: IncomingHttpHeaders,
  verifier: TokenVerifier,
  logger: Logger,
  defaultAllianceId: string | null,
  opts: { acceptServices?: boolean } = {},
): Promise<IdentifiedRequest> {
  const token = bearerToken(headers);
  if (headers.authorization && !token) throw httpError(401, 'UNAUTHENTICATED', 'Authorization must be a Bearer token');
  let principal: Principal | null = null;
  if (token) {
    try {
      principal = await verifier.verify(token);
    } catch (err) {
      logger.info({ reason: (err as Error).message }, 'token refused');
      throw httpError(401, 'UNAUTHENTICATED', 'Invalid or expired token');
    }
  }
  const header = headers[ALLIANCE_HEADER];
  const tenant = resolveTenant(principal, typeof header === 'string' && header !== '' ? header : null, defaultAllianceId, opts);
  if (!tenant.ok) throw httpError(tenant.status, tenant.code, tenant.message);
  return { allianceId: tenant.allianceId, principal, token };
}
