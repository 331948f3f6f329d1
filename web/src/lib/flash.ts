/**
 * The outcome of a form post, carried across its 303 redirect (post/redirect/get): a sealed, short-lived
 * httpOnly cookie that the page shows only when the URL names the same flash id. Form values (an
 * address, a phone number) never go into a URL.
 */
import { randomBytes } from 'node:crypto';
import { seal, unseal } from './seal';
import type { UserErrorLike } from './user-errors';

export const FLASH_COOKIE = 'alliance_flash';
export const FLASH_TTL_SECONDS = 300;

export interface Flash {
  id: string;
  /** A dictionary key of what succeeded (e.g. "ready", "handedOver"). */
  ok?: string;
  /** A gateway error code when the call failed as a whole. */
  code?: string;
  errors?: UserErrorLike[];
  /** Form values to fill in again. */
  values?: Record<string, string>;
}

export const newFlashId = (): string => randomBytes(6).toString('base64url');

export function sealFlash(flash: Flash, secret: string): string {
  // Bounded so the cookie stays small whatever the server said.
  const errors = flash.errors?.slice(0, 20).map((e) => ({ code: e.code.slice(0, 60), message: e.message.slice(0, 300), field: e.field ? [...e.field].slice(0, 6) : null }));
  return seal({ ...flash, errors }, { secret, purpose: 'flash', ttlSeconds: FLASH_TTL_SECONDS });
}

export function readFlash(value: string | undefined, id: string | string[] | undefined, secret: string): Flash | undefined {
  const wanted = Array.isArray(id) ? id[0] : id;
  if (!value || !wanted) return undefined;
  const flash = unseal<Flash>(value, { secret, purpose: 'flash' });
  return flash && flash.id === wanted ? flash : undefined;
}

/** `path` with `flash=<id>` added to (or replacing the one in) its query. */
export function withFlashParam(path: string, id: string): string {
  const [base, query = ''] = path.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('flash', id);
  return `${base}?${params.toString()}`;
}
