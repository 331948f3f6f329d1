/**
 * A shopper arriving by a share link (`?share=CODE` on any page). The middleware remembers the code in
 * an httpOnly cookie for a few days, takes it out of the address (so a reload or a link she passes on
 * does not carry someone else's code), and once she is signed in — already, or after logging in — asks
 * the commissions subgraph to bind her once, then forgets the code. Anonymous shoppers are never bound
 * (bindShare needs a member). Pure decisions here; the middleware does the I/O.
 */

export const SHARE_COOKIE = 'alliance_share';
/** Long enough to survive "browse now, sign up tonight"; the binding window itself is the alliance's. */
export const SHARE_COOKIE_MAX_AGE = 3 * 24 * 3600;
/** Set by the middleware on the request when this very request bound her: the layout shows a notice. */
export const SHARE_BOUND_HEADER = 'x-portal-share-bound';

/** The commissions subgraph's alphabet (no 0/O, 1/I/L), 8 to 12 characters. */
const CODE = /^[2-9A-HJKMNP-Z]{8,12}$/;

export function normalizeShareCode(raw: string | null | undefined): string | null {
  const v = (raw ?? '').trim().toUpperCase();
  return CODE.test(v) ? v : null;
}

export interface ArrivalFacts {
  method: string;
  pathname: string;
  /** The request's query string (with or without the leading `?`). */
  search: string;
  /** The remembered code, if any (the cookie's raw value). */
  cookieCode: string | undefined;
  signedIn: boolean;
  /** A full page load (not a client-router fetch or a prefetch): only those are redirected. */
  document: boolean;
  /** A router prefetch: never bind there (nobody would see the notice). */
  prefetch: boolean;
}

export interface ArrivalPlan {
  /** Redirect (GET) to this same-site path without `share`; the cookie goes with the redirect. */
  redirectTo: string | null;
  /** Write this code to the cookie. */
  remember: string | null;
  /** Drop the cookie (an unusable value). */
  forget: boolean;
  /** Call bindShare with this code now. */
  bind: string | null;
}

/** `pathname?search` without the `share` parameter (and without Next's `_rsc`). */
export function withoutShareParam(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('share');
  params.delete('_rsc');
  const q = params.toString();
  return `${pathname}${q ? `?${q}` : ''}`;
}

export function planShareArrival(f: ArrivalFacts): ArrivalPlan {
  const params = new URLSearchParams(f.search);
  const hasParam = params.has('share');
  const fromParam = normalizeShareCode(params.get('share'));
  const remembered = normalizeShareCode(f.cookieCode);
  const plan: ArrivalPlan = { redirectTo: null, remember: null, forget: false, bind: null };
  // A code in the address is the newer arrival; the subgraph decides whether an earlier binding holds.
  const code = fromParam ?? remembered;
  if (f.cookieCode !== undefined && !remembered && !fromParam) plan.forget = true;
  if (fromParam && fromParam !== remembered) plan.remember = fromParam;

  const safe = f.method === 'GET' || f.method === 'HEAD';
  if (hasParam && safe && f.document && !f.prefetch) {
    plan.redirectTo = withoutShareParam(f.pathname, f.search);
    // The next request (the redirect's) binds, with the cookie this one writes.
    if (fromParam) plan.remember = fromParam;
    return plan;
  }
  if (code && f.signedIn && !f.prefetch) plan.bind = code;
  return plan;
}

/** What bindShare answered, or the gateway error code when the call failed as a whole. */
export type BindAnswer = { bound: boolean; errorCodes: string[] } | { failed: string };

/** Codes worth another try on a later page: the service was down, or the session needs renewing. */
const TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'BAD_RESPONSE', 'UNAUTHENTICATED']);

/**
 * After the call: forget the code on any answer (bound, an earlier binding holds, her own code, an
 * unknown code) so bindShare runs once per arrival; keep it only when the call could not be made.
 */
export function afterBind(answer: BindAnswer): { forget: boolean; notice: boolean } {
  if ('failed' in answer) return { forget: !TRANSIENT.has(answer.failed), notice: false };
  return { forget: true, notice: answer.bound };
}
