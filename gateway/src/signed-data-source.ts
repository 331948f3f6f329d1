import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { signedHeaders } from '@alliance/auth';
import { REQUEST_ID_HEADER } from '@alliance/runtime';
import type { GatewayContext } from './context.js';

/**
 * Forwards the caller's token and the tenant to a subgraph and signs the request for that subgraph
 * (with a fresh nonce), so subgraphs can refuse anything that did not come through this gateway, a
 * request meant for another subgraph, and a replay.
 */
export class SignedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    const ctx = context as Partial<GatewayContext>;
    const authorization = ctx.authorization ?? '';
    if (authorization) headers.set('authorization', authorization);
    const signed = signedHeaders(this.secret, {
      target: this.subgraph,
      allianceId: ctx.allianceId ?? '',
      authorization,
      query: request.query ?? '',
      operationName: request.operationName ?? null,
      variables: request.variables ?? null,
    });
    for (const [name, value] of Object.entries(signed)) headers.set(name, value);
    if (ctx.requestId) headers.set(REQUEST_ID_HEADER, ctx.requestId);
    if (ctx.metrics) ctx.metrics.subgraphFetches += 1;
  }
}
