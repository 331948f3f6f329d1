/**
 * The cart of a shopper who has not signed in: a few {productId, specId, quantity} lines sealed into one
 * small httpOnly cookie, merged into her server cart (`mergeCart`) as soon as she signs in.
 */
import { seal, unseal } from './seal';

export const GUEST_CART_COOKIE = 'alliance_guest_cart';
export const GUEST_CART_TTL_SECONDS = 30 * 24 * 3600;
/** Keeps the cookie far below the 4 KB browser limit (a line seals to ~60 bytes). */
export const MAX_GUEST_LINES = 30;
export const MAX_LINE_QUANTITY = 99;

export interface GuestLine {
  productId: string;
  /** Absent: the product's only spec. */
  specId?: string;
  quantity: number;
}

const ID = /^[A-Za-z0-9_.:-]{1,80}$/;

const sameLine = (a: GuestLine, b: { productId: string; specId?: string }) =>
  a.productId === b.productId && (a.specId ?? '') === (b.specId ?? '');

function clean(lines: unknown): GuestLine[] {
  if (!Array.isArray(lines)) return [];
  const out: GuestLine[] = [];
  for (const l of lines as Record<string, unknown>[]) {
    if (!l || typeof l.productId !== 'string' || !ID.test(l.productId)) continue;
    if (l.specId !== undefined && (typeof l.specId !== 'string' || !ID.test(l.specId))) continue;
    if (typeof l.quantity !== 'number' || !Number.isInteger(l.quantity) || l.quantity < 1) continue;
    const line: GuestLine = { productId: l.productId, quantity: Math.min(l.quantity, MAX_LINE_QUANTITY) };
    if (typeof l.specId === 'string') line.specId = l.specId;
    if (!out.some((o) => sameLine(o, line))) out.push(line);
    if (out.length >= MAX_GUEST_LINES) break;
  }
  return out;
}

export function readGuestCart(value: string | undefined, secret: string): GuestLine[] {
  if (!value) return [];
  const payload = unseal<{ lines?: unknown }>(value, { secret, purpose: 'guest-cart' });
  return clean(payload?.lines);
}

export function sealGuestCart(lines: GuestLine[], secret: string): string {
  return seal({ lines: clean(lines) }, { secret, purpose: 'guest-cart', ttlSeconds: GUEST_CART_TTL_SECONDS });
}

/** Adds to the line's quantity (a new line goes first, like the server cart); refuses past the caps. */
export function addGuestLine(lines: GuestLine[], add: GuestLine): { lines: GuestLine[]; error?: 'INVALID_QUANTITY' | 'CART_FULL' } {
  if (!Number.isInteger(add.quantity) || add.quantity < 1 || add.quantity > MAX_LINE_QUANTITY) return { lines, error: 'INVALID_QUANTITY' };
  const existing = lines.find((l) => sameLine(l, add));
  if (existing) {
    const quantity = existing.quantity + add.quantity;
    if (quantity > MAX_LINE_QUANTITY) return { lines, error: 'INVALID_QUANTITY' };
    return { lines: lines.map((l) => (l === existing ? { ...l, quantity } : l)) };
  }
  if (lines.length >= MAX_GUEST_LINES) return { lines, error: 'CART_FULL' };
  return { lines: [{ ...add }, ...lines] };
}

/** Sets a line to exactly this quantity; 0 removes it. */
export function setGuestLine(lines: GuestLine[], set: GuestLine): { lines: GuestLine[]; error?: 'INVALID_QUANTITY' | 'CART_FULL' } {
  if (!Number.isInteger(set.quantity) || set.quantity < 0 || set.quantity > MAX_LINE_QUANTITY) return { lines, error: 'INVALID_QUANTITY' };
  if (set.quantity === 0) return { lines: lines.filter((l) => !sameLine(l, set)) };
  if (!lines.some((l) => sameLine(l, set))) return addGuestLine(lines, set);
  return { lines: lines.map((l) => (sameLine(l, set) ? { ...l, quantity: set.quantity } : l)) };
}

export const guestCartCount = (lines: GuestLine[]): number => lines.reduce((n, l) => n + l.quantity, 0);

/** The input of `mergeCart`. */
export const toCartLineInputs = (lines: GuestLine[]) =>
  lines.map((l) => ({ productId: l.productId, specId: l.specId ?? null, quantity: l.quantity }));
