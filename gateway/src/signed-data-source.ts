import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ALLIANCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign } from '@alliance/auth';
import type { GatewayContext } from './context.js';

/**
 * Forwards the caller's token and the tenant to a subgraph and signs the request, so subgraphs can
 * refuse anything that did not come through this gateway.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    const ctx = context as Partial<GatewayContext>;
    const authorization = ctx.authorization ?? '';
    const allianceId = ctx.allianceId ?? '';
    const timestamp = String(Date.now());
    if (authorization) headers.set('authorization', authorization);
    headers.set(ALLIANCE_HEADER, allianceId);
    headers.set(TIMESTAMP_HEADER, timestamp);
    headers.set(
      SIGNATURE_HEADER,
      sign(this.secret, { timestamp, allianceId, authorization, query: request.query ?? '', variables: request.variables ?? null }),
    );
    if (ctx.metrics) ctx.metrics.subgraphFetches += 1;
  }
}
