/**
 * Response hardening shared by the middleware: the Content-Security-Policy and friends, and the
 * same-origin rule for requests that change state. Pure functions, unit-tested in security.test.ts.
 */

export interface CspOptions {
  /** Per-response nonce: Next.js puts it on its own scripts when it finds it in the request's CSP. */
  nonce: string;
  /** Browser-facing Keycloak base: the logout form's redirect ends there, and CSP form-action covers redirects. */
  keycloakUrl: string;
  /** `next dev` evaluates code and talks over a websocket; a production build needs neither. */
  development: boolean;
  /** Served over https: ask the browser to upgrade any stray http sub-resource. */
  https: boolean;
  /** Where product photos load from (img-src): object storage or its CDN. */
  mediaOrigin?: string;
  /** Where the browser PUTs photos and sheets to, with a presigned URL (connect-src). */
  uploadOrigin?: string;
}

const origin = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Scripts run only with this response's nonce (or when loaded by such a script: 'strict-dynamic'),
 * so injected markup cannot run code; nothing may frame the portal; forms post only to us and Keycloak.
 * Styles keep 'unsafe-inline' for React style attributes (no script runs from a style).
 */
export function contentSecurityPolicy(o: CspOptions): string {
  const keycloak = origin(o.keycloakUrl);
  const media = o.mediaOrigin ? origin(o.mediaOrigin) : null;
  const upload = o.uploadOrigin ? origin(o.uploadOrigin) : null;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${media ? ` ${media}` : ''}`,
    "font-src 'self'",
    `connect-src 'self'${upload ? ` ${upload}` : ''}${o.development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${keycloak ? ` ${keycloak}` : ''}`,
    "frame-ancestors 'none'",
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Headers every response carries besides the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // For browsers without CSP frame-ancestors.
  'x-frame-options': 'DENY',
};

export interface OriginFacts {
  method: string;
  /** `Sec-Fetch-Site`, sent by every current browser. */
  secFetchSite: string | null;
  /** `Origin`, the fallback for browsers without Fetch Metadata. */
  origin: string | null;
  /** Origins this portal answers on: its configured public URL and the one the request was addressed to. */
  ownOrigins: readonly string[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that changes state may proceed: only when the browser says it came from one of
 * our own pages (or from the member typing the URL). A cross-site form post or a cross-site link gets
 * 403. A request that carries neither header is not from a browser page a CSRF could abuse, but a
 * state-changing POST is still refused then: real browsers always send one of them on POST.
 */
export function isSameOriginRequest(f: OriginFacts): boolean {
  if (f.secFetchSite) return f.secFetchSite === 'same-origin' || f.secFetchSite === 'none';
  if (f.origin) return f.origin !== 'null' && f.ownOrigins.includes(f.origin);
  return SAFE_METHODS.has(f.method.toUpperCase());
}

/** Requests that change state: every non-safe method, and the GET routes that set cookies. */
export function changesState(method: string, pathname: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase()) || pathname === '/lang';
}
