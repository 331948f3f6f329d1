import { createHash } from 'node:crypto';

/**
 * Share codes and the links that carry them. A member's code is derived from the alliance and her
 * subject (stable, so every link she ever shared keeps working) in an alphabet without look-alikes
 * (no 0/O, 1/I/L), readable aloud and typeable from a printed QR caption.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE = /^[2-9A-HJKMNP-Z]{8,12}$/;

export function shareCode(allianceId: string, subject: string, length = 8): string {
  const digest = createHash('sha256').update(`${allianceId}\u0000${subject}`).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += ALPHABET[digest[i % digest.length]! % ALPHABET.length];
  return out;
}

export type ShareTargetKind = 'STOREFRONT' | 'MERCHANT' | 'PRODUCT';

/** The portal page a link opens, with the code as `share`; the portal binds the shopper when she arrives. */
export function shareUrl(portalUrl: string, code: string, target: ShareTargetKind, id: string | null): string {
  const base = portalUrl.replace(/\/+$/, '');
  const path = target === 'PRODUCT' ? `/products/${encodeURIComponent(id!)}` : target === 'MERCHANT' ? `/?merchant=${encodeURIComponent(id!)}` : '/';
  return `${base}${path}${path.includes('?') ? '&' : '?'}share=${code}`;
}
