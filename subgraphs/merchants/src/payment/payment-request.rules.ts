/**
 * What WeChat Pay would refuse, refused before anything is sent — by the sandbox too, so an order id
 * that production would reject (say one with a `:`) fails in development, not on the first real payment.
 */
import { PaymentProviderError, type CombinedPaymentRequest, type RefundRequest } from './payment-provider.js';

/** `out_trade_no` / `combine_out_trade_no`: 6–32 characters, digits, letters and `_-|*@`. */
export const TRADE_NO = /^[0-9A-Za-z_\-|*@]{6,32}$/;
/** `out_refund_no`: up to 64 characters of the same set. */
export const REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
/** WeChat's limit of sub-orders in one combined payment. */
export const MAX_SUB_ORDERS = 50;
const DESCRIPTION_BYTES = 127;
const REASON_CHARS = 80;

export const isFen = (n: number) => Number.isSafeInteger(n) && n > 0;

export function combinedPaymentProblems(req: CombinedPaymentRequest, now: Date): string[] {
  const problems: string[] = [];
  if (!TRADE_NO.test(req.checkoutId)) problems.push(`checkoutId "${req.checkoutId}" must be 6–32 of [0-9A-Za-z_-|*@]`);
  if (req.subOrders.length === 0 || req.subOrders.length > MAX_SUB_ORDERS) problems.push(`a combined payment has 1–${MAX_SUB_ORDERS} sub-orders, got ${req.subOrders.length}`);
  if (!(req.payBefore.getTime() > now.getTime())) problems.push('payBefore must be in the future');
  if (!req.notifyUrl) problems.push('notifyUrl is required');
  const seen = new Set<string>();
  for (const [i, s] of req.subOrders.entries()) {
    if (!TRADE_NO.test(s.orderId)) problems.push(`subOrders[${i}].orderId "${s.orderId}" must be 6–32 of [0-9A-Za-z_-|*@]`);
    if (seen.has(s.orderId)) problems.push(`subOrders[${i}].orderId "${s.orderId}" appears twice`);
    seen.add(s.orderId);
    if (!s.subMerchantId) problems.push(`subOrders[${i}].subMerchantId is required`);
    if (!isFen(s.amountFen)) problems.push(`subOrders[${i}].amountFen must be a positive whole number of fen, got ${s.amountFen}`);
    const bytes = Buffer.byteLength(s.description, 'utf8');
    if (bytes === 0 || bytes > DESCRIPTION_BYTES) problems.push(`subOrders[${i}].description must be 1–${DESCRIPTION_BYTES} UTF-8 bytes`);
  }
  return problems;
}

export function refundProblems(req: RefundRequest): string[] {
  const problems: string[] = [];
  if (!REFUND_NO.test(req.refundId)) problems.push(`refundId "${req.refundId}" must be 1–64 of [0-9A-Za-z_-|*@]`);
  if (!TRADE_NO.test(req.orderId)) problems.push(`orderId "${req.orderId}" must be 6–32 of [0-9A-Za-z_-|*@]`);
  if (!req.subMerchantId) problems.push('subMerchantId is required');
  if (!isFen(req.totalFen)) problems.push(`totalFen must be a positive whole number of fen, got ${req.totalFen}`);
  if (!isFen(req.refundFen) || req.refundFen > req.totalFen) problems.push(`refundFen must be a whole number of fen from 1 to totalFen (${req.totalFen}), got ${req.refundFen}`);
  if ([...req.reason].length > REASON_CHARS) problems.push(`reason must be at most ${REASON_CHARS} characters`);
  return problems;
}

export function assertValid(problems: string[]): void {
  if (problems.length > 0) throw new PaymentProviderError('INVALID_REQUEST', problems.join('; '));
}
