/**
 * Portal configuration: the only module that reads process.env.
 * Validated once (on first use, and at server start from instrumentation.ts);
 * server-only: never import this from a client component.
 */

export interface PortalConfig {
  /** GraphQL endpoint of the gateway. */
  gatewayUrl: string;
  /** Browser-facing Keycloak base URL (authorize / end-session redirects, expected issuer). */
  keycloakUrl: string;
  /** Server-to-Keycloak base URL for the token endpoint (back channel). */
  keycloakInternalUrl: string;
  keycloakRealm: string;
  clientId: string;
  clientSecret: string;
  /** Public base URL of this portal, without trailing slash. */
  portalUrl: string;
  /** Secret the session cookie is sealed with (>= 32 chars). */
  sessionSecret: string;
  /** Sent to the gateway as `x-alliance-id` on every request. */
  allianceId: string;
  /** True when the portal is served over https (secure cookies). */
  secureCookies: boolean;
  production: boolean;
  /** A CJK font for statement PDFs: a .ttf/.otf, or a .ttc collection with the face's PostScript name. */
  statementFont: { path: string; family: string };
  /**
   * Object storage as browsers reach it (S3_PUBLIC_ENDPOINT, the merchants subgraph's setting of the same
   * name): the presigned PUTs of photos and sheets go there straight from the browser (CSP connect-src).
   */
  uploadOrigin: string;
  /** Where browsers load product photos from (MEDIA_PUBLIC_URL: a CDN; left out, the upload origin): CSP img-src. */
  mediaOrigin: string;
}

/** Debian's fonts-noto-cjk (the package the e2e tests need anyway). */
export const DEFAULT_STATEMENT_FONT = { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' };

export const DEV_SESSION_SECRET = 'alliance-portal-dev-only-session-secret-change-me';
/** The `alliance-portal` secret of the development realm (deploy/keycloak/alliance-realm.json). */
export const DEV_CLIENT_SECRET = 'alliance-portal-dev-secret';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const isLoopback = (url: string) => {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
};

type Env = Record<string, string | undefined>;

/** The scheme, host and port of a URL (what a CSP source names); the URL as given when it does not parse (readUrl reports it). */
const originOf = (url: string): string => {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
};

function readUrl(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = (env[name] ?? '').trim() || fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`${name} must be an http(s) URL`);
    }
  } catch {
    problems.push(`${name} is not a valid URL`);
  }
  return raw.replace(/\/+$/, '');
}

function readString(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = (env[name] ?? '').trim() || fallback;
  if (!value) problems.push(`${name} must not be empty`);
  return value;
}

/** Pure parser, exported for tests. Throws one error listing every problem. */
export function parseConfig(env: Env): PortalConfig {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';

  const gatewayUrl = readUrl(env, 'GATEWAY_URL', 'http://localhost:4000/graphql', problems);
  const keycloakUrl = readUrl(env, 'KEYCLOAK_URL', 'http://localhost:8080', problems);
  const keycloakInternalUrl = readUrl(env, 'KEYCLOAK_INTERNAL_URL', keycloakUrl, problems);
  const keycloakRealm = readString(env, 'KEYCLOAK_REALM', 'alliance', problems);
  const clientId = readString(env, 'PORTAL_CLIENT_ID', 'alliance-portal', problems);
  const clientSecret = readString(env, 'PORTAL_CLIENT_SECRET', 'alliance-portal-dev-secret', problems);
  const portalUrl = readUrl(env, 'PORTAL_URL', 'http://localhost:3000', problems);
  const allianceId = readString(env, 'ALLIANCE_ID', 'demo', problems);
  // The merchants subgraph's defaults: SeaweedFS of `npm start` on this machine.
  const uploadOrigin = originOf(readUrl(env, 'S3_PUBLIC_ENDPOINT', (env.S3_ENDPOINT ?? '').trim() || 'http://127.0.0.1:8333', problems));
  const mediaOrigin = originOf(readUrl(env, 'MEDIA_PUBLIC_URL', uploadOrigin, problems));

  const sessionSecret = (env.SESSION_SECRET ?? '').trim() || DEV_SESSION_SECRET;
  if (sessionSecret.length < 32) problems.push('SESSION_SECRET must be at least 32 characters');
  if (production && sessionSecret === DEV_SESSION_SECRET) {
    problems.push('SESSION_SECRET must be set (the dev default is refused when NODE_ENV=production)');
  }

  // The local launcher serves a production build against the development realm, and says so with
  // PORTAL_DEV_REALM=true. That is honoured only while the portal and Keycloak are on this machine,
  // so the flag cannot carry the published secret into a real deployment.
  const devRealm = (env.PORTAL_DEV_REALM ?? '').trim() === 'true';
  if (devRealm && !(isLoopback(portalUrl) && isLoopback(keycloakUrl))) {
    problems.push('PORTAL_DEV_REALM is for a portal and Keycloak on localhost only');
  }
  if (production && !devRealm && clientSecret === DEV_CLIENT_SECRET) {
    problems.push('PORTAL_CLIENT_SECRET must be set (the development realm secret is refused when NODE_ENV=production)');
  }

  if (problems.length > 0) {
    throw new Error(`Invalid portal configuration: ${problems.join('; ')}`);
  }

  return {
    gatewayUrl,
    keycloakUrl,
    keycloakInternalUrl,
    keycloakRealm,
    clientId,
    clientSecret,
    portalUrl,
    sessionSecret,
    allianceId,
    secureCookies: portalUrl.startsWith('https:'),
    production,
    // Checked when a PDF is made (a missing font is a clear 500 there), not here: the portal runs without it.
    uploadOrigin,
    mediaOrigin,
    statementFont: { path: (env.STATEMENT_FONT_PATH ?? '').trim() || DEFAULT_STATEMENT_FONT.path, family: (env.STATEMENT_FONT_FAMILY ?? '').trim() || DEFAULT_STATEMENT_FONT.family },
  };
}

let cached: PortalConfig | undefined;

export function getConfig(): PortalConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
