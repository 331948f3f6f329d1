import { createHash } from 'node:crypto';
import { allocate } from '@alliance/money';
import type { UserError } from '@alliance/runtime/domain-error';
import type { Party, PostingGroup } from '../ledger/ledger.types.js';

/** Where withheld income tax waits until it is paid to the tax bureau. */
export const CLEARING_TAX: Party = { kind: 'CLEARING', id: 'tax' };

/**
 * A member's withdrawals: one stream per member whose facts decide her balance. A request holds its
 * gross amount until an admin approves (paid) or rejects it (released); what she may still withdraw is
 * her confirmed commission minus what is held or paid. The stream's expected version makes concurrent
 * requests see each other, so together they never exceed her balance.
 */

export type WithdrawalStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED';

export type WithdrawalFact =
  | { type: 'REQUESTED'; id: string; idempotencyKey: string; grossFen: number; taxFen: number; netFen: number; taxBp: number; at: string }
  | { type: 'APPROVED' | 'REJECTED'; id: string; at: string; by: string; note: string | null };

export interface Withdrawal {
  id: string;
  status: WithdrawalStatus;
  grossFen: number;
  taxFen: number;
  netFen: number;
  taxBp: number;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string | null;
}

export interface WithdrawalAccount {
  /** Requested, not decided yet. */
  heldFen: number;
  /** Approved (gross). */
  paidFen: number;
  /** By id, in request order. */
  items: Record<string, Withdrawal>;
}

export const withdrawalProjection = {
  initial: { heldFen: 0, paidFen: 0, items: {} } as WithdrawalAccount,
  evolve(s: WithdrawalAccount, f: WithdrawalFact): WithdrawalAccount {
    if (f.type === 'REQUESTED') {
      const w: Withdrawal = { id: f.id, status: 'REQUESTED', grossFen: f.grossFen, taxFen: f.taxFen, netFen: f.netFen, taxBp: f.taxBp, requestedAt: f.at, decidedAt: null, decidedBy: null, note: null };
      return { heldFen: s.heldFen + f.grossFen, paidFen: s.paidFen, items: { ...s.items, [f.id]: w } };
    }
    const w = s.items[f.id];
    if (!w || w.status !== 'REQUESTED') return s;
    const decided: Withdrawal = { ...w, status: f.type, decidedAt: f.at, decidedBy: f.by, note: f.note };
    return { heldFen: s.heldFen - w.grossFen, paidFen: s.paidFen + (f.type === 'APPROVED' ? w.grossFen : 0), items: { ...s.items, [f.id]: decided } };
  },
};

/** What she may withdraw now, and what she owes when refunds clawed back more than was left. */
export function balanceOf(confirmedFen: number, s: WithdrawalAccount): { withdrawableFen: number; receivableFen: number } {
  const left = confirmedFen - s.paidFen - s.heldFen;
  return { withdrawableFen: Math.max(0, left), receivableFen: Math.max(0, s.paidFen - confirmedFen) };
}

/**
 * Income tax withheld: `allocate(gross, [taxBp, 10000 − taxBp])`, so tax + net is exactly the gross;
 * with two parts the largest remainder rounds the tax to the nearest fen, a half fen up.
 */
export function taxSplit(grossFen: number, taxBp: number): { taxFen: number; netFen: number } {
  if (taxBp <= 0) return { taxFen: 0, netFen: grossFen };
  const [taxFen, netFen] = allocate(grossFen, [taxBp, 10_000 - taxBp]) as [number, number];
  return { taxFen, netFen };
}

/** The idempotency key decides the id: a replay of a request finds the withdrawal it made. */
export function withdrawalId(allianceId: string, subject: string, idempotencyKey: string): string {
  return `WD${createHash('sha256').update(JSON.stringify([allianceId, subject, idempotencyKey])).digest('hex').slice(0, 20).toUpperCase()}`;
}

export const WITHDRAWAL_ID = /^WD[0-9A-F]{20}$/;

export interface RequestInput {
  id: string;
  idempotencyKey: string;
  amountFen: number;
  confirmedFen: number;
  minFen: number;
  taxBp: number;
  hasIdentity: boolean;
  at: string;
}

export type RequestDecision = { fact: WithdrawalFact } | { replay: Withdrawal } | { error: UserError };

/** Decides a request against the member's account as the stream has it now. */
export function decideRequest(s: WithdrawalAccount, r: RequestInput): RequestDecision {
  const earlier = s.items[r.id];
  if (earlier) {
    if (earlier.grossFen !== r.amountFen) return { error: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'this idempotency key was used for another amount', field: ['idempotencyKey'] } };
    return { replay: earlier };
  }
  if (!r.hasIdentity) return { error: { code: 'IDENTITY_REQUIRED', message: 'give your real name and ID number before your first withdrawal' } };
  if (!Number.isSafeInteger(r.amountFen) || r.amountFen <= 0) return { error: { code: 'INVALID_AMOUNT', message: 'a positive amount of fen', field: ['amountFen'] } };
  if (r.amountFen < r.minFen) return { error: { code: 'BELOW_MINIMUM', message: `at least ${r.minFen} fen per withdrawal`, field: ['amountFen'] } };
  if (r.amountFen > balanceOf(r.confirmedFen, s).withdrawableFen) return { error: { code: 'INSUFFICIENT_BALANCE', message: 'more than you can withdraw now', field: ['amountFen'] } };
  const { taxFen, netFen } = taxSplit(r.amountFen, r.taxBp);
  return { fact: { type: 'REQUESTED', id: r.id, idempotencyKey: r.idempotencyKey, grossFen: r.amountFen, taxFen, netFen, taxBp: r.taxBp, at: r.at } };
}

export type DecideDecision = { fact: WithdrawalFact } | { decided: Withdrawal } | { error: UserError };

export interface DecisionInput {
  id: string;
  approve: boolean;
  by: string;
  note: string | null;
  at: string;
  /** Her confirmed commission now: refunds may have clawed some back since she asked. */
  confirmedFen: number;
}

/** An admin's decision on a request; the same decision again finds it made (so a retry can finish its posting). */
export function decideDecision(s: WithdrawalAccount, d: DecisionInput): DecideDecision {
  const w = s.items[d.id];
  if (!w) return { error: { code: 'NOT_FOUND', message: 'no such withdrawal', field: ['id'] } };
  const wanted: WithdrawalStatus = d.approve ? 'APPROVED' : 'REJECTED';
  if (w.status === wanted) return { decided: w };
  if (w.status !== 'REQUESTED') return { error: { code: 'ALREADY_DECIDED', message: `the withdrawal is ${w.status.toLowerCase()} already`, field: ['id'] } };
  // Her other requests keep their holds; this one must still be covered by what is left besides them.
  if (d.approve && d.confirmedFen - s.paidFen - (s.heldFen - w.grossFen) < w.grossFen) {
    return { error: { code: 'INSUFFICIENT_BALANCE', message: 'her confirmed commission no longer covers this withdrawal (refunds clawed some back)', field: ['id'] } };
  }
  return { fact: { type: wanted, id: d.id, at: d.at, by: d.by, note: d.note } };
}

/**
 * The ledger's view of an approved withdrawal: she is paid the net (WITHDRAWAL) and the tax is withheld
 * from her (TAX_WITHHELD), so her statement shows both; the alliance pays the net out of its account
 * (PAYOUT) and the tax bureau is owed what was withheld. Σ = 0.
 */
export function withdrawalPostingGroup(allianceId: string, subject: string, w: Withdrawal): PostingGroup {
  const member: Party = { kind: 'MEMBER', id: subject };
  const postings: PostingGroup['postings'] = [
    { party: member, account: 'WITHDRAWAL', stage: 'CONFIRMED', amountFen: -w.netFen },
    { party: member, account: 'TAX_WITHHELD', stage: 'CONFIRMED', amountFen: -w.taxFen },
    { party: { kind: 'ALLIANCE', id: allianceId }, account: 'PAYOUT', stage: 'CONFIRMED', amountFen: w.netFen },
    { party: CLEARING_TAX, account: 'TAX_WITHHELD', stage: 'CONFIRMED', amountFen: w.taxFen },
  ];
  return { sourceEventId: `withdrawal:${w.id}`, orderId: w.id, kind: 'WITHDRAWAL', postings: postings.filter((p) => p.amountFen !== 0) };
}
