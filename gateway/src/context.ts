import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { ALLIANCE_HEADER, bearerToken, resolveTenant, type Principal, type TokenVerifier } from '@alliance/kit';
import type { Logger } from '@alliance/kit';

export interface GatewayContext {
  allianceId: string;
  /** The caller's Authorization header, forwarded as is after the gateway validated it. */
  authorization: string | null;
  principal: Principal | null;
  metrics: { subgraphFetches: number };
}

function httpError(status: number, code: string, message: string) {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * The tenant comes from the token when there is one; anonymous shoppers pick an alliance with the
 * x-alliance-id header (public catalogue data only), falling back to the deployment's default.
 */
export function contextBuilder(verifier: TokenVerifier, defaultAllianceId: string, logger: Logger) {
  return async (headers: IncomingHttpHeaders): Promise<GatewayContext> => {
    const requested = headers[ALLIANCE_HEADER];
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
    const tenant = resolveTenant(principal, typeof requested === 'string' && requested !== '' ? requested : null, defaultAllianceId);
    if (!tenant.ok) throw httpError(tenant.status, tenant.code, tenant.message);
    return {
      allianceId: tenant.allianceId,
      authorization: token ? `Bearer ${token}` : null,
      principal,
      metrics: { subgraphFetches: 0 },
    };
  };
}
