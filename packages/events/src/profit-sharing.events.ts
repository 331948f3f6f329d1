/**
 * Profit-sharing (分账) facts the commissions subgraph publishes. An online order is paid into its
 * shop's own WeChat Pay sub-merchant account; once it is confirmed, the alliance collects its fee and
 * the commissions (and a referring shop its referral fee) from that account by one profit-sharing
 * request per order, and gives shares back in proportion on refunds (分账回退). Consumer: the merchants
 * subgraph's WeChat Pay adapter, idempotent by `outOrderNo` / `outReturnNo` (WeChat's own idempotency
 * keys). JSON Schemas: schemas/events/profit_sharing.*.v1.json. Amounts are integer fen (≥ 1).
 */
export type ProfitSharingReceiverKindV1 = 'ALLIANCE' | 'SHOP';

export interface ProfitSharingReceiverV1 {
  /** ALLIANCE: the alliance's receiving account; SHOP: that shop's own sub-merchant account. */
  kind: ProfitSharingReceiverKindV1;
  /** The alliance id (ALLIANCE) or the receiving merchant id (SHOP). */
  id: string;
}

/** Ask WeChat to share a confirmed online order: one request per order, ≤ 50 receivers, each ≥ 1 fen. */
export interface ProfitSharingRequestedV1 {
  allianceId: string;
  orderId: string;
  checkoutId: string;
  /** The selling shop: the sub-merchant whose order is shared. */
  merchantId: string;
  /** WeChat's out_order_no: ≤ 64 of [A-Za-z0-9_-|*@], one per order. */
  outOrderNo: string;
  /** Σ receivers' amounts; never more than the sub-merchant's maximum share of the order. */
  totalFen: number;
  receivers: Array<ProfitSharingReceiverV1 & { amountFen: number; /** ≤ 80 characters. */ description: string }>;
  at: string;
}

/** Ask WeChat to give back part of one receiver's share (a refund after sharing): one per (order, refund, receiver). */
export interface ProfitSharingReturnRequestedV1 {
  allianceId: string;
  orderId: string;
  merchantId: string;
  /** The request whose share goes back. */
  outOrderNo: string;
  /** WeChat's out_return_no: ≤ 64 of [A-Za-z0-9_-|*@]. */
  outReturnNo: string;
  receiver: ProfitSharingReceiverV1;
  amountFen: number;
  /** ≤ 80 characters. */
  description: string;
  at: string;
}

/**
 * How the merchants subgraph's WeChat Pay adapter ended a profit-sharing request: WeChat's answer
 * (FINISHED, or PROCESSING while WeChat still works on it), a skip (nothing to share: not paid online,
 * refunded in full, no such order) or a final failure (an invalid request, or the last retry failed:
 * not enough balance, a receiver WeChat refuses). Published once per outOrderNo when the outcome is
 * recorded; consumer: the commissions ledger, which undoes the sharing's postings on FAILED / SKIPPED.
 */
export type ProfitSharingOutcomeV1 = 'FINISHED' | 'PROCESSING' | 'FAILED' | 'SKIPPED';

/** Why a request was skipped or failed: a stable code (NOT_PAID_ONLINE, NOT_ENOUGH, …) and a message. */
export interface ProfitSharingReasonV1 {
  code: string;
  /** WeChat's own error code, when it answered with one. */
  providerCode?: string;
  message: string;
}

export interface ProfitSharingConcludedV1 {
  allianceId: string;
  orderId: string;
  merchantId: string;
  outOrderNo: string;
  status: ProfitSharingOutcomeV1;
  reason?: ProfitSharingReasonV1;
  at: string;
}

/** How a 分账回退 ended (SUCCESS, PROCESSING, FAILED or SKIPPED), once per outReturnNo. */
export type ProfitSharingReturnOutcomeV1 = 'SUCCESS' | 'PROCESSING' | 'FAILED' | 'SKIPPED';

export interface ProfitSharingReturnConcludedV1 {
  allianceId: string;
  orderId: string;
  merchantId: string;
  outOrderNo: string;
  outReturnNo: string;
  status: ProfitSharingReturnOutcomeV1;
  reason?: ProfitSharingReasonV1;
  at: string;
}
