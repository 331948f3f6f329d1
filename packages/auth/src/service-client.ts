import { signedHeaders } from './gateway-signature.js';

/**
 * How one subgraph calls a service command of another: with its own Keycloak service account
 * (client credentials), for the tenant of the request it is serving, signed for the target subgraph.
 * The token is fetched once and reused until shortly before it expires; concurrent callers share
 * one fetch. Expected failures of the command come back as data (`errors`), transport failures throw.
 */
export interface ServiceClientOptions {
  /** Keycloak base the service reaches (the back channel in containers). */
  keycloakUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** The internal signing secret (GATEWAY_SECRET) shared by the gateway and every subgraph. */
  signingSecret: string;
  /** Subgraph name → its GraphQL URL. */
  targets: Record<string, string>;
  fetch?: typeof fetch;
  now?: () => number;
  /** Requests slower than this are abandoned. */
  timeoutMs?: number;
}

export interface ServiceCallResult<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export class ServiceCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface ServiceClient {
  call<T = Record<string, unknown>>(
    target: string,
    allianceId: string,
    query: string,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): Promise<ServiceCallResult<T>>;
  /** A valid access token of this service (cached). */
  token(): Promise<string>;
}

/** Refresh this long before expiry, so a token never dies between signing and the target checking it. */
const REFRESH_MARGIN_MS = 30_000;

export function createServiceClient(o: ServiceClientOptions): ServiceClient {
  const http = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const timeoutMs = o.timeoutMs ?? 5_000;
  const tokenUrl = `${o.keycloakUrl.replace(/\/$/, '')}/realms/${o.realm}/protocol/openid-connect/token`;
  let cached: { token: string; refreshAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const res = await http(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string };
    if (!res.ok || !body.access_token) {
      throw new ServiceCallError(`service token for ${o.clientId} refused: ${body.error ?? res.status}`, res.status);
    }
    const lifetimeMs = (body.expires_in ?? 60) * 1000;
    // Short-lived tokens: refresh at half their life rather than never reuse them.
    const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
    cached = { token: body.access_token, refreshAt: now() + lifetimeMs - margin };
    return body.access_token;
  }

  async function token(): Promise<string> {
    if (cached && now() < cached.refreshAt) return cached.token;
    inFlight ??= fetchToken().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function send<T>(url: string, target: string, allianceId: string, query: string, variables: Record<string, unknown> | undefined, operationName: string | undefined, bearer: string) {
    const authorization = `Bearer ${bearer}`;
    const headers = {
      'content-type': 'application/json',
      authorization,
      ...signedHeaders(o.signingSecret, { target, allianceId, authorization, query, operationName: operationName ?? null, variables: variables ?? null }, now()),
    };
    const res = await http(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: variables ?? null, ...(operationName ? { operationName } : {}) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => null)) as ServiceCallResult<T> | null;
    return { status: res.status, body };
  }

  return {
    token,
    async call<T>(target: string, allianceId: string, query: string, variables?: Record<string, unknown>, operationName?: string) {
      const url = o.targets[target];
      if (!url) throw new ServiceCallError(`no URL configured for service ${target}`);
      let r = await send<T>(url, target, allianceId, query, variables, operationName, await token());
      if (r.status === 401) {
        // Revoked or rotated keys: one fresh token, then give up.
        cached = null;
        r = await send<T>(url, target, allianceId, query, variables, operationName, await token());
      }
      if (!r.body || (!r.body.data && !r.body.errors)) throw new ServiceCallError(`${target} answered ${r.status} without a GraphQL body`, r.status);
      return r.body;
    },
  };
}
