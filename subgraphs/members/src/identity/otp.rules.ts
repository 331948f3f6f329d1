import { createHash, randomInt } from 'node:crypto';

/**
 * One-time codes by SMS, pure: a code is valid 5 minutes, one may be sent a minute, and 5 wrong tries
 * void it. Each phone check (her own phone, her guardian's) is a stream of these facts, so tries are
 * counted by appends with an expected version: two parallel guesses cannot both be the fifth.
 */
export const CODE_TTL_MS = 5 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const MAX_FAILURES = 5;

export type OtpFact =
  | { kind: 'SENT'; phone: string; codeHash: string; at: string }
  | { kind: 'TRIED'; ok: boolean; at: string }
  /** The guardian stream only: the guardian confirmed, with the name they gave. */
  | { kind: 'CONFIRMED'; phone: string; guardianName: string; at: string };

export interface OtpState {
  pending: { phone: string; codeHash: string; sentAt: string; failures: number } | null;
  lastSentAt: string | null;
  confirmed: { phone: string; guardianName: string; at: string } | null;
}

export const otpProjection = {
  initial: { pending: null, lastSentAt: null, confirmed: null } as OtpState,
  evolve(s: OtpState, f: OtpFact): OtpState {
    switch (f.kind) {
      case 'SENT':
        return { ...s, pending: { phone: f.phone, codeHash: f.codeHash, sentAt: f.at, failures: 0 }, lastSentAt: f.at };
      case 'TRIED':
        if (!s.pending) return s;
        return { ...s, pending: f.ok ? null : { ...s.pending, failures: s.pending.failures + 1 } };
      case 'CONFIRMED':
        return { ...s, pending: null, confirmed: { phone: f.phone, guardianName: f.guardianName, at: f.at } };
    }
  },
};

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Codes are kept hashed with what they were sent for: a leaked store does not hand out valid codes. */
export function codeHash(streamId: string, phone: string, code: string): string {
  return createHash('sha256').update(`${streamId}\n${phone}\n${code}`).digest('hex');
}

export type OtpProblem = { code: 'TOO_SOON' | 'NO_CODE' | 'CODE_EXPIRED' | 'TOO_MANY_ATTEMPTS' | 'WRONG_CODE'; message: string };

export function decideSend(s: OtpState, phone: string, hash: string, nowMs: number): OtpFact | OtpProblem {
  if (s.lastSentAt && nowMs - Date.parse(s.lastSentAt) < RESEND_AFTER_MS) {
    return { code: 'TOO_SOON', message: `a code was sent less than a minute ago; try again in ${Math.ceil((RESEND_AFTER_MS - (nowMs - Date.parse(s.lastSentAt))) / 1000)} s` };
  }
  return { kind: 'SENT', phone, codeHash: hash, at: new Date(nowMs).toISOString() };
}

/** The TRIED fact of one attempt (right or wrong), or why there is nothing to try. */
export function decideTry(s: OtpState, phone: string, hash: string, nowMs: number): { fact: OtpFact; ok: boolean } | OtpProblem {
  const p = s.pending;
  if (!p || p.phone !== phone) return { code: 'NO_CODE', message: 'no code was sent to this number; ask for one first' };
  if (nowMs - Date.parse(p.sentAt) > CODE_TTL_MS) return { code: 'CODE_EXPIRED', message: 'the code has expired; ask for a new one' };
  if (p.failures >= MAX_FAILURES) return { code: 'TOO_MANY_ATTEMPTS', message: 'too many wrong codes; ask for a new one' };
  const ok = p.codeHash === hash;
  return { fact: { kind: 'TRIED', ok, at: new Date(nowMs).toISOString() }, ok };
}

export function isProblem(x: unknown): x is OtpProblem {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}
