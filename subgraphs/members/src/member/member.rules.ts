import type { Principal } from '@alliance/auth';

/** What the member record should say about a person, taken from their validated token. */
export function profileFromPrincipal(p: Principal): { username: string; displayName: string } {
  const displayName = p.displayName.trim().slice(0, 64) || p.username;
  return { username: p.username, displayName };
}

/** A profile is refreshed only when the identity provider's copy changed: no write on every call. */
export function profileChanged(current: { username: string; displayName: string }, next: { username: string; displayName: string }): boolean {
  return current.username !== next.username || current.displayName !== next.displayName;
}

export { memberIdFor } from '@alliance/auth/member-id';

/** A neighbourhood name as the member typed or picked it: trimmed, 1–40 characters; empty clears it. */
export function normalizeNeighborhood(input: string | null | undefined): { ok: true; value: string | null } | { ok: false; message: string } {
  const value = input?.trim() ?? '';
  if (value === '') return { ok: true, value: null };
  if (value.length > 40) return { ok: false, message: 'a neighbourhood name is at most 40 characters' };
  return { ok: true, value };
}

const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isMerchantId(id: string): boolean {
  return MERCHANT_ID.test(id);
}
