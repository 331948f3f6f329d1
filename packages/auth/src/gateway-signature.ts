import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Subgraphs accept only requests signed with the internal signing secret (the gateway's, which the
 * service client shares), so nobody can call around the gateway or forge the tenant header.
 *
 * The signature binds: the subgraph the request is meant for (a request signed for merchants is
 * worthless at members), the operation (document, operation name, variables), the caller's
 * Authorization header, the tenant, a timestamp and a random nonce. The receiver remembers nonces
 * for as long as the timestamp would pass (see replay-guard.ts), so a captured request cannot be
 * sent again to the same replica.
 */
export const SIGNATURE_HEADER = 'x-gateway-signature';
export const TIMESTAMP_HEADER = 'x-gateway-ts';
export const NONCE_HEADER = 'x-gateway-nonce';
export const ALLIANCE_HEADER = 'x-alliance-id';
/** A signature is good for this long either side of the receiver's clock. */
export const MAX_SKEW_MS = 60_000;
const VERSION = 'v2';

export interface SignedParts {
  /** Name of the subgraph the request is for (`merchants`, `members`, …). */
  target: string;
  timestamp: string;
  nonce: string;
  allianceId: string;
  authorization: string;
  query: string;
  operationName?: string | null;
  variables: unknown;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function payload(p: SignedParts): string {
  return [
    VERSION,
    p.target,
    p.timestamp,
    p.nonce,
    p.allianceId,
    p.authorization,
    sha256(p.query),
    p.operationName ?? '',
    sha256(JSON.stringify(p.variables ?? null)),
  ].join('\n');
}

export function sign(secret: string, p: SignedParts): string {
  return createHmac('sha256', secret).update(payload(p)).digest('hex');
}

/** 128 random bits, URL-safe. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'bad-signature' };

/** Checks the HMAC and the clock; the caller records the nonce (replay-guard.ts) once this passes. */
export function checkSignature(secret: string, p: SignedParts, signature: string | undefined, now = Date.now()): SignatureCheck {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature) || !NONCE.test(p.nonce) || !p.target) return { ok: false, reason: 'malformed' };
  const ts = Number(p.timestamp);
  if (!/^\d{1,16}$/.test(p.timestamp) || Math.abs(now - ts) > MAX_SKEW_MS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(sign(secret, p), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

export function verifySignature(secret: string, p: SignedParts, signature: string | undefined, now = Date.now()): boolean {
  return checkSignature(secret, p, signature, now).ok;
}

/** The headers a signed request carries (besides Authorization, which is sent as is). */
export function signedHeaders(secret: string, p: Omit<SignedParts, 'timestamp' | 'nonce'>, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const nonce = newNonce();
  return {
    [ALLIANCE_HEADER]: p.allianceId,
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: sign(secret, { ...p, timestamp, nonce }),
  };
}
