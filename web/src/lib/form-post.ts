/**
 * Route handlers behind the portal's forms: a plain POST, the gateway call made from server code with the
 * member's token, then a 303 back to a page (post/redirect/get). Full page loads only, like the storefront
 * (web/README.md): no client-side router is needed to buy. The outcome travels in a flash cookie.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '../config';
import { errorCode } from './gateway';
import { FLASH_COOKIE, FLASH_TTL_SECONDS, newFlashId, sealFlash, withFlashParam, type Flash } from './flash';
import { safeReturnTo } from './session';

export interface FormOutcome {
  /** A same-site path to go to. */
  to: string;
  flash?: Omit<Flash, 'id'>;
  /** Extra cookies to write (the guest cart). */
  cookies?: { name: string; value: string; maxAge: number; httpOnly?: boolean }[];
}

export function seeOther(path: string): NextResponse {
  // Relative Location: the browser stays on the host it used.
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });
}

export function respond(outcome: FormOutcome): NextResponse {
  const config = getConfig();
  let to = outcome.to;
  const response = (() => {
    if (!outcome.flash) return seeOther(to);
    const id = newFlashId();
    to = withFlashParam(to, id);
    const r = seeOther(to);
    r.cookies.set(FLASH_COOKIE, sealFlash({ id, ...outcome.flash }, config.sessionSecret), {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'lax',
      path: '/',
      maxAge: FLASH_TTL_SECONDS,
    });
    return r;
  })();
  for (const c of outcome.cookies ?? []) {
    response.cookies.set(c.name, c.value, { httpOnly: c.httpOnly ?? true, secure: config.secureCookies, sameSite: 'lax', path: '/', maxAge: c.maxAge });
  }
  return response;
}

export function text(form: FormData, name: string, max = 200): string {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
}

/** A whole number from a form field, or undefined. */
export function int(form: FormData, name: string): number | undefined {
  const v = text(form, name, 12);
  return /^-?\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/** The page to return to: the form's `back` field when it is a same-site path, else `fallback`. */
export function backOf(form: FormData, fallback: string): string {
  const raw = text(form, 'back', 1000);
  return raw ? safeReturnTo(raw) : fallback;
}

/**
 * Runs a form's handler. A missing or expired session goes to login and back; any other failure goes back
 * with the error's stable code (never its details).
 */
export async function handleForm(
  request: NextRequest,
  fallback: string,
  run: (form: FormData, back: string) => Promise<FormOutcome>,
): Promise<NextResponse> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return seeOther(fallback);
  }
  const back = backOf(form, fallback);
  try {
    return respond(await run(form, back));
  } catch (err) {
    const code = errorCode(err);
    if (code === 'UNAUTHENTICATED') return seeOther(`/auth/login?returnTo=${encodeURIComponent(back)}`);
    console.error(`[form] ${request.nextUrl.pathname} failed: ${code}`);
    return respond({ to: back, flash: { code } });
  }
}
