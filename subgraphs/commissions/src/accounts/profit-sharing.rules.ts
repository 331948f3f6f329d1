import { createHash } from 'node:crypto';
import { allocate } from '@alliance/money';
import { BP_WHOLE } from '../ledger/rules.js';
import { CLEARING, type Party, type Posting, type PostingGroup } from '../ledger/ledger.types.js';

/**
 * Where the money of a confirmed order is, and how the alliance collects its part of it.
 *
 * The shopper pays the selling shop (online into its own WeChat sub-merchant account, or in cash at the
 * handover), so at confirmation the shop holds what is left of the order: COLLECTED moves it from the
 * clearing account onto the shop, which then owes every other party its part. For an online order the
 * alliance collects those parts by one profit-sharing request (分账) on the order: the alliance receives
 * the fee and every commission (it pays members out later), the referring shop its referral fee straight
 * to its own sub-merchant account. WeChat caps what one order may share (30% by default), so what passes
 * the cap stays a receivable on the shop's statement. Refunds give the shares back in proportion (分账回退).
 */

export type ReceiverKind = 'ALLIANCE' | 'SHOP';

export interface Receiver {
  kind: ReceiverKind;
  /** The alliance's id, or the receiving shop's merchant id. */
  id: string;
}

export interface SharedTo extends Receiver {
  amountFen: number;
  description: string;
}

/** The profit-sharing request decided for an order, and what refunds have taken back of it. */
export interface ProfitSharing {
  outOrderNo: string;
  /** The order's net still paid when it was shared: what later refunds are measured against. */
  baseFen: number;
  /** Refunded before it was shared (already out of `baseFen`). */
  refundedBeforeFen: number;
  /** WeChat's cap on this order: its limit share of `baseFen`. */
  limitFen: number;
  /** What the shop owed the receivers at confirmation; `owedFen − Σ shared` stays a receivable. */
  owedFen: number;
  receivers: SharedTo[];
  /** receiverKey → fen returned so far (cumulative). */
  returnedFen: Record<string, number>;
}

/** One 分账回退 of a receiver for one refund event. */
export interface SharingReturn {
  outOrderNo: string;
  receiver: Receiver;
  amountFen: number;
  outReturnNo: string;
  description: string;
}

/** WeChat's limits on one request (分账接收方 ≤ 50, 描述 ≤ 80 characters, 金额 ≥ 1 分). */
export const MAX_RECEIVERS = 50;
export const MAX_DESCRIPTION = 80;

const DESCRIPTION: Record<ReceiverKind, string> = { ALLIANCE: '联盟服务费及推广佣金', SHOP: '跨店引流费' };
const RETURN_DESCRIPTION = '订单退款,分账回退';

export const receiverKey = (r: Receiver) => `${r.kind}:${r.id}`;
const receiverParty = (r: Receiver): Party => ({ kind: r.kind, id: r.id });

/** WeChat's charset for out_order_no / out_return_no is [A-Za-z0-9_-|*@], at most 64. */
const OUT_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;
const readable = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 36);
const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);

/**
 * One request per order: the order id (readable, for support) and a hash of alliance and order (unique,
 * whatever the id holds or however long it is), so a redelivery asks for the same request.
 */
export function outOrderNo(allianceId: string, orderId: string): string {
  const no = `PS_${readable(orderId)}_${digest(allianceId, orderId)}`;
  if (!OUT_NO.test(no)) throw new RangeError(`out_order_no ${no} is not one WeChat accepts`);
  return no;
}

/** One return per (order, refund event, receiver). */
export function outReturnNo(orderNo: string, refundEventId: string, receiver: Receiver): string {
  const no = `PR_${orderNo.slice(3, 39)}_${digest(orderNo, refundEventId, receiver.kind, receiver.id)}`;
  if (!OUT_NO.test(no)) throw new RangeError(`out_return_no ${no} is not one WeChat accepts`);
  return no;
}

/** The most an order of `baseFen` may share: rounded down, so a request never passes WeChat's cap. */
export function sharingLimit(baseFen: number, maxShareBp: number): number {
  if (!Number.isInteger(maxShareBp) || maxShareBp < 0 || maxShareBp > BP_WHOLE) throw new RangeError(`a maximum share is 0..${BP_WHOLE} bp, got ${maxShareBp}`);
  return Math.floor((baseFen * maxShareBp) / BP_WHOLE);
}

/**
 * Who receives what from the seller, read off the confirmed postings of its confirmation: every party
 * but the seller and the clearing account is owed its confirmed amount by the shop that holds the
 * money. Shops receive their own (referral fees); the alliance receives its fee and the members'
 * commissions, which it pays out on withdrawal. Receivers in a fixed order: the alliance, then shops.
 */
export function owedBySeller(confirmed: readonly Posting[], sellerId: string, allianceId: string): Map<string, Receiver & { owedFen: number }> {
  const owed = new Map<string, Receiver & { owedFen: number }>();
  for (const p of confirmed) {
    if (p.stage !== 'CONFIRMED' || p.party.kind === 'CLEARING' || (p.party.kind === 'SHOP' && p.party.id === sellerId)) continue;
    const r: Receiver = p.party.kind === 'SHOP' ? { kind: 'SHOP', id: p.party.id } : { kind: 'ALLIANCE', id: allianceId };
    const k = receiverKey(r);
    const had = owed.get(k) ?? { ...r, owedFen: 0 };
    owed.set(k, { ...had, owedFen: had.owedFen + p.amountFen });
  }
  const order = (k: string) => (k.startsWith('ALLIANCE:') ? `0${k}` : `1${k}`);
  return new Map([...owed].filter(([, r]) => r.owedFen > 0).sort(([a], [b]) => order(a).localeCompare(order(b))));
}

/**
 * The profit-sharing request of a confirmed online order, or null when nobody is owed anything. Each
 * receiver gets what it is owed; past the cap, the cap is split in proportion (nobody gets more than it
 * is owed), receivers left with 0 fen are left out.
 */
export function planSharing(input: { allianceId: string; orderId: string; sellerId: string; confirmed: readonly Posting[]; baseFen: number; refundedBeforeFen: number; maxShareBp: number }): ProfitSharing | null {
  const owed = [...owedBySeller(input.confirmed, input.sellerId, input.allianceId).values()];
  const owedFen = owed.reduce((s, r) => s + r.owedFen, 0);
  if (owedFen === 0) return null;
  const limitFen = sharingLimit(input.baseFen, input.maxShareBp);
  const amounts = owedFen <= limitFen ? owed.map((r) => r.owedFen) : allocate(limitFen, owed.map((r) => r.owedFen));
  const receivers = owed.map((r, i) => ({ kind: r.kind, id: r.id, amountFen: amounts[i]!, description: DESCRIPTION[r.kind] })).filter((r) => r.amountFen >= 1);
  if (receivers.length > MAX_RECEIVERS) throw new RangeError(`order ${input.orderId}: ${receivers.length} receivers, WeChat takes ${MAX_RECEIVERS}`);
  if (!receivers.length) return null;
  return { outOrderNo: outOrderNo(input.allianceId, input.orderId), baseFen: input.baseFen, refundedBeforeFen: input.refundedBeforeFen, limitFen, owedFen, receivers, returnedFen: {} };
}

/**
 * What a refund gives back of each receiver's share, cumulatively: of `refundedSoFarFen` of the order,
 * what was refunded after the sharing is measured against its base (a two-way rounding per receiver,
 * so a receiver's returns only grow and end exactly at its share at the full refund).
 */
export function sharingReturns(s: ProfitSharing, refundEventId: string, refundedSoFarFen: number): { returns: SharingReturn[]; returnedFen: Record<string, number> } {
  const since = Math.max(0, Math.min(refundedSoFarFen - s.refundedBeforeFen, s.baseFen));
  const returnedFen = { ...s.returnedFen };
  const returns: SharingReturn[] = [];
  for (const r of s.receivers) {
    const k = receiverKey(r);
    const total = s.baseFen === 0 ? 0 : allocate(r.amountFen, [since, s.baseFen - since])[0]!;
    const now = total - (returnedFen[k] ?? 0);
    if (now <= 0) continue;
    returnedFen[k] = total;
    const receiver = { kind: r.kind, id: r.id };
    returns.push({ outOrderNo: s.outOrderNo, receiver, amountFen: now, outReturnNo: outReturnNo(s.outOrderNo, refundEventId, receiver), description: RETURN_DESCRIPTION });
  }
  return { returns, returnedFen };
}

/**
 * The ledger side of a sharing (`sign` 1) or of its returns (`sign` −1): the seller is credited what
 * left its account, each receiver debited what reached it (it holds it now).
 */
export function sharingGroup(sourceEventId: string, orderId: string, sellerId: string, moves: readonly (Receiver & { amountFen: number })[], sign: 1 | -1): PostingGroup {
  const total = moves.reduce((s, m) => s + m.amountFen, 0);
  const postings: Posting[] = [];
  if (total !== 0) postings.push({ party: { kind: 'SHOP', id: sellerId }, account: 'PROFIT_SHARING', stage: 'CONFIRMED', amountFen: sign * total });
  for (const m of moves) if (m.amountFen !== 0) postings.push({ party: receiverParty(m), account: 'PROFIT_SHARING', stage: 'CONFIRMED', amountFen: -sign * m.amountFen });
  return { sourceEventId, orderId, kind: 'PROFIT_SHARING', postings };
}

/**
 * `fen` of what the shopper paid moves onto the seller, who holds it (negative: the seller hands it back
 * on a refund). Confirmed: it is written when the order completes, and after.
 */
export function collectionPostings(sellerId: string, fen: number): Posting[] {
  if (fen === 0) return [];
  return [
    { party: { kind: 'SHOP', id: sellerId }, account: 'COLLECTED', stage: 'CONFIRMED', amountFen: -fen },
    { party: CLEARING, account: 'COLLECTED', stage: 'CONFIRMED', amountFen: fen },
  ];
}
