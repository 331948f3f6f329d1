import type { PostingGroup } from '../ledger/ledger.types.js';
import type { OrderLedgerFact, OrderLedgerState } from './order-ledger.rules.js';
import { receiverKey, sharingGroup, type Receiver, type SharingReturn } from './profit-sharing.rules.js';

/**
 * What WeChat Pay made of an order's profit sharing, as the merchants subgraph reports it
 * (`profit_sharing.concluded` / `profit_sharing.return_concluded`). The ledger posts a sharing and its
 * returns when it asks for them; when one is SKIPPED or FAILED no money moved, so those postings are
 * undone by a reversing group: a sharing that never happened leaves the shop owing its receivers again
 * (its statement shows the receivable), a return that never happened leaves the receiver holding the
 * share and owing it to the shop. Decided on the order's stream, once per outcome.
 */
export type SharingOutcomeStatus = 'FINISHED' | 'PROCESSING' | 'FAILED' | 'SKIPPED';
export type ReturnOutcomeStatus = 'SUCCESS' | 'PROCESSING' | 'FAILED' | 'SKIPPED';

/** The returns an order's refunds asked for, and which of them (and whether the sharing) were undone. */
export interface SharingOutcomes {
  /** The sharing was never made (FAILED / SKIPPED): none of it stands, and refunds give nothing back. */
  undone?: 'FAILED' | 'SKIPPED';
  /** outReturnNo → what that return took back; `undone`: it failed, so the receiver still holds it. */
  returns: Record<string, { receiver: Receiver; amountFen: number; undone?: boolean }>;
}

/** The ids of the reversing groups: one per outcome, so a redelivery finds it decided. */
export const sharingUndoneId = (outOrderNo: string) => `${outOrderNo}:failed`;
export const returnUndoneId = (outReturnNo: string) => `${outReturnNo}:failed`;

export type SharingOutcomeFact =
  | { type: 'SHARING_UNDONE'; status: 'FAILED' | 'SKIPPED'; reason?: string; group: PostingGroup; at: string }
  | { type: 'RETURN_UNDONE'; outReturnNo: string; status: 'FAILED' | 'SKIPPED'; reason?: string; group: PostingGroup; at: string };

const failed = (status: string): status is 'FAILED' | 'SKIPPED' => status === 'FAILED' || status === 'SKIPPED';

/** The projection's part: the returns a refund asked for, then what was undone. */
export function recordReturns(o: SharingOutcomes | undefined, returns: readonly SharingReturn[] | undefined): SharingOutcomes | undefined {
  if (!returns?.length) return o;
  const next = { ...o, returns: { ...o?.returns } };
  for (const r of returns) next.returns[r.outReturnNo] = { receiver: r.receiver, amountFen: r.amountFen };
  return next;
}

export function evolveOutcomes(o: SharingOutcomes | undefined, f: SharingOutcomeFact): SharingOutcomes {
  const base: SharingOutcomes = { ...o, returns: { ...o?.returns } };
  if (f.type === 'SHARING_UNDONE') return { ...base, undone: f.status };
  const r = base.returns[f.outReturnNo];
  if (r) base.returns[f.outReturnNo] = { ...r, undone: true };
  return base;
}

/**
 * What of each receiver's share still stands on the ledger: shared, less what refunds took back, plus
 * what a failed return gave back to it again.
 */
export function standingShares(s: OrderLedgerState): (Receiver & { amountFen: number })[] {
  if (!s.sharing) return [];
  const reinstated = new Map<string, number>();
  for (const r of Object.values(s.sharingOutcomes?.returns ?? {})) if (r.undone) reinstated.set(receiverKey(r.receiver), (reinstated.get(receiverKey(r.receiver)) ?? 0) + r.amountFen);
  return s.sharing.receivers.map((r) => {
    const k = receiverKey(r);
    return { kind: r.kind, id: r.id, amountFen: r.amountFen - (s.sharing!.returnedFen[k] ?? 0) + (reinstated.get(k) ?? 0) };
  });
}

/**
 * `profit_sharing.concluded`: on FAILED or SKIPPED, undo what of the sharing still stands (the seller
 * is owed it back by nobody: it never left its account; each receiver never got it). FINISHED and
 * PROCESSING change nothing (WeChat took it; the postings already say so).
 */
export function decideSharingConcluded(s: OrderLedgerState | null, e: { outOrderNo: string; status: SharingOutcomeStatus; reason?: { code: string }; at: string }): OrderLedgerFact | null {
  const id = sharingUndoneId(e.outOrderNo);
  if (!s?.sharing || s.sharing.outOrderNo !== e.outOrderNo || !failed(e.status) || s.sharingOutcomes?.undone || s.applied.includes(id)) return null;
  const group = sharingGroup(id, s.orderId, s.merchantId, standingShares(s), -1);
  return { type: 'SHARING_UNDONE', status: e.status, ...(e.reason ? { reason: e.reason.code } : {}), group, at: e.at };
}

/**
 * `profit_sharing.return_concluded`: on FAILED or SKIPPED, post again what the return took back (the
 * receiver keeps it and owes it to the shop). Nothing when the sharing itself was undone: undoing it
 * took what still stood, this return included, and nothing was shared to give back.
 */
export function decideReturnConcluded(s: OrderLedgerState | null, e: { outOrderNo: string; outReturnNo: string; status: ReturnOutcomeStatus; reason?: { code: string }; at: string }): OrderLedgerFact | null {
  const id = returnUndoneId(e.outReturnNo);
  if (!s?.sharing || s.sharing.outOrderNo !== e.outOrderNo || !failed(e.status) || s.sharingOutcomes?.undone || s.applied.includes(id)) return null;
  // A return decided before they were kept (older orders) cannot be told apart: left as it is.
  const r = s.sharingOutcomes?.returns[e.outReturnNo];
  if (!r || r.undone) return null;
  const group = sharingGroup(id, s.orderId, s.merchantId, [{ ...r.receiver, amountFen: r.amountFen }], 1);
  return { type: 'RETURN_UNDONE', outReturnNo: e.outReturnNo, status: e.status, ...(e.reason ? { reason: e.reason.code } : {}), group, at: e.at };
}
