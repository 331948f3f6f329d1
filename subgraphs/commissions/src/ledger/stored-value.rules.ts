import type { PostingGroup } from './ledger.types.js';

/**
 * Stored value (储值) in the ledger: the shop holds the money of a top-up and owes it to the member
 * until she spends it there or is paid back. A top-up or a refund moves the liability up (the member
 * is owed more, the shop owes more); a payment or a payback moves it down. The order a balance pays is
 * booked like one paid at handover: the shop holds its money already.
 */
export function storedValueGroup(sourceEventId: string, m: { memberSubject: string; merchantId: string; kind: 'TOP_UP' | 'PAYMENT' | 'REFUND' | 'PAYBACK'; amountFen: number; orderId?: string; checkoutId?: string }): PostingGroup {
  const owedMore = m.kind === 'TOP_UP' || m.kind === 'REFUND';
  const amount = owedMore ? m.amountFen : -m.amountFen;
  return {
    sourceEventId,
    orderId: m.orderId ?? m.checkoutId ?? `stored-value:${m.merchantId}`,
    kind: 'STORED_VALUE',
    postings: [
      { party: { kind: 'SHOP', id: m.merchantId }, account: 'STORED_VALUE', stage: 'CONFIRMED', amountFen: -amount },
      { party: { kind: 'MEMBER', id: m.memberSubject }, account: 'STORED_VALUE', stage: 'CONFIRMED', amountFen: amount },
    ],
  };
}
