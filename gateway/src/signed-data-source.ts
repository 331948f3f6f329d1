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
    // Node's own fetch (undici), not the default make-fetch-happen: undici stops reusing a kept-alive
    // socket a second before the subgraph's advertised `Keep-Alive: timeout=5`, where make-fetch-happen
    // keeps it for ever and now and then sends a request down a socket the subgraph is just closing
    // ("socket hang up", an INTERNAL_SERVER_ERROR for the caller: seen in a full CI run).
    // (Apollo types a body as string | Buffer; a Buffer is a Uint8Array, which undici sends as it is.)
    super({ url, fetcher: (input, init) => fetch(input, init as RequestInit) });
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
