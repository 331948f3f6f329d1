import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Subgraphs accept only requests the gateway signed, so nobody can call around the gateway or
 * forge the tenant header. The signature binds the tenant, the caller's token and the operation.
 */
export const SIGNATURE_HEADER = 'x-gateway-signature';
export const TIMESTAMP_HEADER = 'x-gateway-ts';
export const ALLIANCE_HEADER = 'x-alliance-id';
const MAX_SKEW_MS = 60_000;

export interface SignedParts {
  timestamp: string;
  allianceId: string;
  authorization: string;
  query: string;
  variables: unknown;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function payload(p: SignedParts): string {
  return [p.timestamp, p.allianceId, p.authorization, sha256(p.query), sha256(JSON.stringify(p.variables ?? null))].join('\n');
}

export function sign(secret: string, p: SignedParts): string {
  return createHmac('sha256', secret).update(payload(p)).digest('hex');
}

export function verifySignature(secret: string, p: SignedParts, signature: string | undefined, now = Date.now()): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  const ts = Number(p.timestamp);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > MAX_SKEW_MS) return false;
  const expected = Buffer.from(sign(secret, p), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}
