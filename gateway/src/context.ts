import type { IncomingHttpHeaders } from 'node:http';
import { identifyRequest, type Principal, type TokenVerifier } from '@alliance/auth';
import { requestIdFrom, REQUEST_ID_HEADER, type Logger } from '@alliance/runtime';

export interface GatewayContext {
  allianceId: string;
  /** The caller's Authorization header, forwarded as is after the gateway validated it. */
  authorization: string | null;
  principal: Principal | null;
  metrics: { subgraphFetches: number };
  /** Sent to every subgraph, so one operation's log lines can be followed across services. */
  requestId: string;
}

/**
 * The tenant comes from the token when there is one; anonymous shoppers pick an alliance with the
 * x-alliance-id header (public catalogue data only), falling back to the deployment's default.
 */
export function contextBuilder(verifier: TokenVerifier, defaultAllianceId: string, logger: Logger) {
  return async (headers: IncomingHttpHeaders): Promise<GatewayContext> => {
    const { allianceId, principal, token } = await identifyRequest(headers, verifier, logger, defaultAllianceId);
    return {
      allianceId,
      authorization: token ? `Bearer ${token}` : null,
      principal,
      metrics: { subgraphFetches: 0 },
      requestId: requestIdFrom(headers[REQUEST_ID_HEADER]),
    };
  };
}
