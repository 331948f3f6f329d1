/**
 * What merchants does with a profit-sharing (分账) or return (分账回退) request from commissions,
 * decided without I/O: which WeChat call it becomes, or why none is made. Commissions decides the
 * amounts; here they become accounts (the alliance's share lands in the service provider's own
 * merchant number, a shop's in its sub-merchant number) and are checked against the order they name.
 */
import type { ProfitSharingReceiverV1, ProfitSharingRequestedV1, ProfitSharingReturnRequestedV1 } from '@alliance/events';
import { PaymentProviderError, type ProfitSharingReceiverRegistration, type ProfitSharingRequest, type ProfitSharingReturnRequest } from '../payment/payment-provider.js';
import type { OrderState } from '../orders/order.rules.js';

/** What the plan needs of an order. */
export type SharedOrder = Pick<OrderState, 'merchantId' | 'paymentMethod' | 'paid' | 'transactionId' | 'totalFen' | 'refundedFen'>;

export interface SharingAccounts {
  /** The service provider's merchant number: the alliance's receiving account. */
  serviceProviderMchId: string;
  subMerchantOf(merchantId: string): string;
}

/** A receiver to add for the paying sub-merchant before sharing to it; `name` is looked up by the caller. */
export type ReceiverToAdd = Omit<ProfitSharingReceiverRegistration, 'name'> & { receiver: ProfitSharingReceiverV1 };

export type SkipReason = 'ORDER_NOT_FOUND' | 'NOT_PAID_ONLINE' | 'FULLY_REFUNDED' | 'SHARING_NOT_MADE';

export type SharingPlan =
  /** Nothing to do, and that is fine (recorded, not an error). */
  | { action: 'skip'; reason: SkipReason; message: string }
  /** The event contradicts the order or the rules: recorded as a final failure, never sent. */
  | { action: 'reject'; message: string }
  | { action: 'send'; request: ProfitSharingRequest; receiversToAdd: ReceiverToAdd[] };

export type ReturnPlan =
  | { action: 'skip'; reason: SkipReason; message: string }
  | { action: 'reject'; message: string }
  /** The sharing it reverses has not been made yet: try again later. */
  | { action: 'wait'; message: string }
  | { action: 'send'; request: ProfitSharingReturnRequest };

function receiverAccount(r: ProfitSharingReceiverV1, allianceId: string, accounts: SharingAccounts): { account: string } | { problem: string } {
  if (r.kind === 'ALLIANCE') return r.id === allianceId ? { account: accounts.serviceProviderMchId } : { problem: `an ALLIANCE receiver of another alliance (${r.id})` };
  return { account: accounts.subMerchantOf(r.id) };
}

/** Only an order paid online has a WeChat transaction to share from. */
function onlinePayment(order: SharedOrder | null, merchantId: string): { skip: SkipReason; message: string } | { reject: string } | { transactionId: string } {
  if (!order) return { skip: 'ORDER_NOT_FOUND', message: 'no such order' };
  if (order.merchantId !== merchantId) return { reject: `the order belongs to ${order.merchantId}, the event names ${merchantId}` };
  if (order.paymentMethod !== 'ONLINE' || !order.paid || !order.transactionId) return { skip: 'NOT_PAID_ONLINE', message: 'the order has no online payment to share from' };
  return { transactionId: order.transactionId };
}

export function planSharing(event: ProfitSharingRequestedV1, order: SharedOrder | null, accounts: SharingAccounts): SharingPlan {
  const paid = onlinePayment(order, event.merchantId);
  if ('skip' in paid) return { action: 'skip', reason: paid.skip, message: paid.message };
  if ('reject' in paid) return { action: 'reject', message: paid.reject };
  if (order!.refundedFen >= order!.totalFen) return { action: 'skip', reason: 'FULLY_REFUNDED', message: 'the order was refunded in full: nothing is left to share' };
  const sum = event.receivers.reduce((s, r) => s + r.amountFen, 0);
  if (sum !== event.totalFen) return { action: 'reject', message: `the receivers add up to ${sum} fen, the event says ${event.totalFen}` };
  if (event.totalFen > order!.totalFen) return { action: 'reject', message: `sharing ${event.totalFen} fen of an order of ${order!.totalFen}` };
  const subMerchantId = accounts.subMerchantOf(event.merchantId);
  const receivers: ProfitSharingRequest['receivers'] = [];
  const receiversToAdd: ReceiverToAdd[] = [];
  for (const r of event.receivers) {
    const a = receiverAccount(r, event.allianceId, accounts);
    if ('problem' in a) return { action: 'reject', message: a.problem };
    receivers.push({ type: 'MERCHANT_ID', account: a.account, amountFen: r.amountFen, description: r.description });
    receiversToAdd.push({ subMerchantId, type: 'MERCHANT_ID', account: a.account, relationType: r.kind === 'ALLIANCE' ? 'SERVICE_PROVIDER' : 'PARTNER', receiver: { kind: r.kind, id: r.id } });
  }
  return { action: 'send', request: { outOrderNo: event.outOrderNo, subMerchantId, transactionId: paid.transactionId, receivers }, receiversToAdd };
}

/** What became of the sharing a return reverses, as merchants recorded it (null: not handled yet). */
export type SharingState = 'MADE' | 'NOT_MADE' | null;

export function planSharingReturn(event: ProfitSharingReturnRequestedV1, order: SharedOrder | null, sharing: SharingState, accounts: SharingAccounts): ReturnPlan {
  const paid = onlinePayment(order, event.merchantId);
  if ('skip' in paid) return { action: 'skip', reason: paid.skip, message: paid.message };
  if ('reject' in paid) return { action: 'reject', message: paid.reject };
  if (sharing === null) return { action: 'wait', message: `sharing ${event.outOrderNo} is not made yet` };
  if (sharing === 'NOT_MADE') return { action: 'skip', reason: 'SHARING_NOT_MADE', message: `sharing ${event.outOrderNo} was never made: nothing to give back` };
  const a = receiverAccount(event.receiver, event.allianceId, accounts);
  if ('problem' in a) return { action: 'reject', message: a.problem };
  return {
    action: 'send',
    request: { outReturnNo: event.outReturnNo, subMerchantId: accounts.subMerchantOf(event.merchantId), outOrderNo: event.outOrderNo, returnMerchantId: a.account, amountFen: event.amountFen, description: event.description },
  };
}

/**
 * After a failed call: try again (with the same out_order_no / out_return_no, which WeChat treats as
 * the same request) while the failure may pass and attempts are left, else give up and record it.
 * A refused request (PARAM_ERROR, INVALID_REQUEST, …) fails the same way every time.
 */
export function afterFailure(err: unknown, attempt: number, maxAttempts: number): 'retry' | 'give-up' {
  if (attempt >= maxAttempts) return 'give-up';
  if (!(err instanceof PaymentProviderError)) return 'retry';
  // An answer we could not trust may still have been acted on: asking again with the same number is safe.
  return err.retryable || err.code === 'RESPONSE_UNVERIFIED' ? 'retry' : 'give-up';
}

/** Backoff between attempts: 5 s, 15 s, 45 s, … capped at 30 minutes (NOT_ENOUGH waits for settlement). */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(30 * 60_000, baseMs * 3 ** Math.max(0, attempt - 1));
}
