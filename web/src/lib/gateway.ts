/**
 * The portal's only way to the gateway: POST GraphQL from server code, with `x-alliance-id` always and the
 * member's bearer token when there is one. Failures become a GatewayError with a stable code; the details
 * are logged on the server and never shown to the browser.
 */
import { getConfig } from '../config';

export class GatewayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message?: string; extensions?: { code?: unknown } }[];
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string } = {},
): Promise<T> {
  const config = getConfig();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    'x-alliance-id': config.allianceId,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;

  let res: Response;
  try {
    res = await fetch(config.gatewayUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      cache: 'no-store',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    console.error(`[gateway] unreachable at ${config.gatewayUrl}: ${(err as Error).message}`);
    throw new GatewayError('UNAVAILABLE', 'gateway unreachable');
  }

  let body: GraphQLResponse<T> | undefined;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    body = undefined;
  }
  const first = body?.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    if (code !== 'UNAUTHENTICATED') console.error(`[gateway] ${code}: ${first.message ?? ''}`);
    throw new GatewayError(code, first.message ?? code);
  }
  if (!res.ok || !body || body.data == null) {
    console.error(`[gateway] HTTP ${res.status} without usable data`);
    throw new GatewayError(res.status >= 500 || res.status === 404 ? 'UNAVAILABLE' : 'BAD_RESPONSE', `HTTP ${res.status}`);
  }
  return body.data;
}

export function errorCode(err: unknown): string {
  return err instanceof GatewayError ? err.code : 'INTERNAL_SERVER_ERROR';
}
