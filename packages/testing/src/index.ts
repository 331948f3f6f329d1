import { sign, ALLIANCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '@alliance/auth';

/**
 * Test harness shared by integration, API and e2e tests: where `npm test` started things, real
 * Keycloak tokens, and GraphQL calls through the gateway or (signed) straight to a subgraph.
 */
/** Where a running stack answers: what the launcher reports and the tests are handed. */
export interface StackEndpoints {
  mongodbUri: string;
  keycloakUrl: string;
  gatewayUrl: string;
  portalUrl: string;
  merchantsUrl: string;
  membersUrl: string;
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
    keycloakUrl: need('TEST_KEYCLOAK_URL'),
    gatewayUrl: need('TEST_GATEWAY_URL'),
    portalUrl: need('TEST_PORTAL_URL'),
    merchantsUrl: need('TEST_MERCHANTS_URL'),
    membersUrl: need('TEST_MEMBERS_URL'),
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

/** Calls a subgraph directly, signed as the gateway would sign it. */
export function signedGql<T = Record<string, unknown>>(
  url: string,
  secret: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  o: { allianceId: string; token?: string },
): Promise<GqlResponse<T>> {
  const timestamp = String(Date.now());
  const authorization = o.token ? `Bearer ${o.token}` : '';
  const signature = sign(secret, { timestamp, allianceId: o.allianceId, authorization, query, variables: variables ?? null });
  return gql<T>(url, query, variables, {
    token: o.token,
    headers: { [ALLIANCE_HEADER]: o.allianceId, [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: signature },
  });
}

export function errorCodes(r: GqlResponse<unknown>): string[] {
  return (r.errors ?? []).map((e) => String(e.extensions?.code));
}
