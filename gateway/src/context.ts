import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { ALLIANCE_HEADER, bearerToken, type Principal, type TokenVerifier } from '@alliance/kit';
import type { Logger } from '@alliance/kit';

export interface GatewayContext {
  allianceId: string;
  /** The caller's Authorization header, forwarded as is after the gateway validated it. */
  authorization: string | null;
  principal: Principal | null;
  metrics: { subgraphFetches: number };
}

const ALLIANCE_ID = /^[a-z0-9-]{1,40}$/;

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
    const requestedId = typeof requested === 'string' && requested !== '' ? requested : null;
    if (requestedId && !ALLIANCE_ID.test(requestedId)) throw httpError(400, 'BAD_USER_INPUT', 'x-alliance-id is not a valid alliance id');
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
    const tokenAlliance = principal?.allianceId ?? null;
    if (tokenAlliance && requestedId && tokenAlliance !== requestedId) {
      throw httpError(403, 'FORBIDDEN', 'Your account belongs to another alliance');
    }
    return {
      allianceId: tokenAlliance ?? requestedId ?? defaultAllianceId,
      authorization: token ? `Bearer ${token}` : null,
      principal,
      metrics: { subgraphFetches: 0 },
    };
  };
}
