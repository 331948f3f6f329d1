/**
 * Sealing of small JSON payloads into cookie-safe strings: AES-256-GCM with a key derived (HKDF-SHA256)
 * from the session secret and a purpose label, so a sealed value for one purpose never opens as another.
 * Payloads carry their own expiry (`exp`, epoch seconds) which is checked on unseal.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keyCache = new Map<string, Buffer>();

function deriveKey(secret: string, purpose: string): Buffer {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'alliance-portal', `seal:${purpose}`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function seal(payload: object, opts: { secret: string; purpose: string; ttlSeconds: number }): string {
  const exp = Math.floor(Date.now() / 1000) + opts.ttlSeconds;
  const plain = Buffer.from(JSON.stringify({ ...payload, exp }), 'utf8');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(opts.secret, opts.purpose), iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${VERSION}.${Buffer.concat([iv, tag, body]).toString('base64url')}`;
}

/** Returns the payload, or undefined when the value is malformed, tampered with or expired. */
export function unseal<T extends object>(sealed: string, opts: { secret: string; purpose: string }): T | undefined {
  if (!sealed.startsWith(`${VERSION}.`)) return undefined;
  try {
    const raw = Buffer.from(sealed.slice(VERSION.length + 1), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    const iv = raw.subarray(0, IV_BYTES);
    const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = raw.subarray(IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(opts.secret, opts.purpose), iv);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    const payload = JSON.parse(plain) as T & { exp?: unknown };
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
