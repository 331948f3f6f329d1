import { ALLIANCE_HEADER, signedHeaders } from '@alliance/auth';

/**
 * Test harness shared by integration, API and e2e tests: where `npm test` started things, real
 * Keycloak tokens, and GraphQL calls through the gateway or (signed) straight to a subgraph.
 */
/** Where a running stack answers: what the launcher reports and the tests are handed. */
export interface StackEndpoints {
  mongodbUri: string;
  /** NATS with JetStream (events, the dev clock control). */
  natsUrl: string;
  keycloakUrl: string;
  gatewayUrl: string;
  portalUrl: string;
  merchantsUrl: string;
  membersUrl: string;
  promotionsUrl: string;
  commissionsUrl: string;
  /** The development SMS provider's messages, one JSON line each (`{ phone, text, at }`). */
  smsFile: string;
  /** S3-compatible object storage (SeaweedFS), signed with the development key pair. */
  s3Endpoint: string;
}

export interface TestEnv extends StackEndpoints {
  gatewaySecret: string;
}

export function testEnv(): TestEnv {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set: run the suite with \`npm test\`, which starts the stack it needs`);
    return v;
  };
  return {
    mongodbUri: need('TEST_MONGODB_URI'),
    natsUrl: need('TEST_NATS_URL'),
    keycloakUrl: need('TEST_KEYCLOAK_URL'),
    gatewayUrl: need('TEST_GATEWAY_URL'),
    portalUrl: need('TEST_PORTAL_URL'),
    merchantsUrl: need('TEST_MERCHANTS_URL'),
    membersUrl: need('TEST_MEMBERS_URL'),
    promotionsUrl: need('TEST_PROMOTIONS_URL'),
    commissionsUrl: need('TEST_COMMISSIONS_URL'),
    smsFile: need('TEST_SMS_FILE'),
    s3Endpoint: need('TEST_S3_ENDPOINT'),
    gatewaySecret: need('TEST_GATEWAY_SECRET'),
  };
}

export const DEMO_PASSWORD = 'demo1234';

/** A real access token from Keycloak's password grant (dev realm clients only). */
export async function getToken(keycloakUrl: string, username: string, clientId = 'alliance-cli'): Promise<string> {
  const res = await fetch(`${keycloakUrl}/realms/alliance/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: DEMO_PASSWORD, scope: 'openid' }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`token for ${username} via ${clientId} refused: ${body.error_description ?? res.status}`);
  return body.access_token;
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface GqlOptions {
  token?: string;
  allianceId?: string;
  headers?: Record<string, string>;
}

export async function gql<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>, o: GqlOptions = {}): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.allianceId) headers[ALLIANCE_HEADER] = o.allianceId;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  let body: Omit<GqlResponse<T>, 'status'>;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response ${res.status} from ${url}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, ...body };
}

export interface SignedCallOptions {
  /** The subgraph the request is signed for (`merchants`, `members`); a subgraph refuses others'. */
  target: string;
  allianceId: string;
  token?: string;
  operationName?: string;
}

/** The headers of a request signed as the gateway (or a service client) would sign it. */
export function signRequest(secret: string, query: string, variables: Record<string, unknown> | undefined, o: SignedCallOptions): Record<string, string> {
  const authorization = o.token ? `Bearer ${o.token}` : '';
  return {
    'content-type': 'application/json',
    ...(authorization ? { authorization } : {}),
    ...signedHeaders(secret, { target: o.target, allianceId: o.allianceId, authorization, query, operationName: o.operationName ?? null, variables: variables ?? null }),
  };
}

/** Calls a subgraph directly, signed as the gateway would sign it. */
export function signedGql<T = Record<string, unknown>>(
  url: string,
  secret: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  o: SignedCallOptions,
): Promise<GqlResponse<T>> {
  return postJson<T>(url, signRequest(secret, query, variables, o), { query, variables, ...(o.operationName ? { operationName: o.operationName } : {}) });
}

/** POSTs a body with exactly these headers (to replay a signed request, for instance). */
export async function postJson<T = Record<string, unknown>>(url: string, headers: Record<string, string>, body: unknown): Promise<GqlResponse<T>> {
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, ...JSON.parse(text) };
  } catch {
    throw new Error(`non-JSON response ${res.status} from ${url}: ${text.slice(0, 200)}`);
  }
}

/** Development-realm service accounts (deploy/keycloak/realm.gen.ts): `svc-<name>` / `svc-<name>-dev-secret`. */
export const devServiceCredentials = (service: string) => ({ clientId: `svc-${service}`, clientSecret: `svc-${service}-dev-secret` });

/** A real service-account token from Keycloak's client-credentials grant. */
export async function getServiceToken(keycloakUrl: string, service: string): Promise<string> {
  const { clientId, clientSecret } = devServiceCredentials(service);
  const res = await fetch(`${keycloakUrl}/realms/alliance/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  const body = (await res.json()) as { access_token?: string; error_description?: string };
  if (!res.ok || !body.access_token) throw new Error(`service token for ${clientId} refused: ${body.error_description ?? res.status}`);
  return body.access_token;
}

export function errorCodes(r: GqlResponse<unknown>): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}

/**
 * Real Keycloak tokens for a suite's or a benchmark's users. Access tokens live 5 minutes: each call
 * gets a token at most a minute old, fetched once per user at a time (concurrent password grants for
 * one user can trip Keycloak's brute-force guard).
 */
export function tokenCache(keycloakUrl: string): (user: string) => Promise<string> {
  const tokens = new Map<string, { token: Promise<string>; at: number }>();
  return (user) => {
    const held = tokens.get(user);
    if (held && Date.now() - held.at < 60_000) return held.token;
    const token = getToken(keycloakUrl, user);
    tokens.set(user, { token, at: Date.now() });
    return token;
  };
}

/** GraphQL through the gateway as a demo user (null: anonymous), for the demo alliance. */
export function gatewayCaller(env: Pick<TestEnv, 'gatewayUrl' | 'keycloakUrl'>, tokenOf = tokenCache(env.keycloakUrl), allianceId = 'demo') {
  return async <T = any>(user: string | null, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> =>
    gql<T>(env.gatewayUrl, query, variables, { allianceId, ...(user ? { token: await tokenOf(user) } : {}) });
}

/** Retries `check` until it passes or `timeoutMs` runs out (then its last error): for what events bring about. */
export async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
