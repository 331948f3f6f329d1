/**
 * What the order service needs from an online payment provider. The alliance never holds shops'
 * money (collecting for other merchants without a licence is 二清): a checkout is one combined payment
 * whose sub-orders each land in their shop's own sub-merchant account, and the alliance's fee is taken
 * later by profit sharing (分账). Money is integer fen.
 */

export interface CombinedSubOrder {
  /** Becomes WeChat's `out_trade_no`: 6–32 characters of `[0-9A-Za-z_-|*@]`, unique per service provider. */
  orderId: string;
  /** The shop's sub-merchant number (特约商户 `sub_mchid`). */
  subMerchantId: string;
  amountFen: number;
  description: string;
}

export interface CombinedPaymentRequest {
  /** Becomes `combine_out_trade_no`; the same character rules as an order id. */
  checkoutId: string;
  description: string;
  payBefore: Date;
  notifyUrl: string;
  /** The payer's openid under the service provider's app id; WeChat JSAPI payment cannot go without it. */
  payerOpenId?: string;
  subOrders: CombinedSubOrder[];
}

export interface PaymentIntent {
  provider: string;
  prepayId: string;
  /** What the client needs to open the pay sheet: JSAPI pay-sign params, or for the sandbox `{ payUrl }`, a relative pay page path. */
  clientParams: Record<string, string>;
}

export interface PaidSubOrder {
  orderId: string;
  subMerchantId: string;
  /** What the order was charged (`total_amount`), to be checked against the order's total. */
  amountFen: number;
  /** What the payer actually paid after WeChat-side discounts (`payer_amount`). */
  payerAmountFen: number;
  transactionId: string;
  success: boolean;
}

export interface PaymentNotification {
  /** The provider's notification id: the idempotency key of handling it. */
  eventId: string;
  checkoutId: string;
  subOrders: PaidSubOrder[];
  paidAt: Date;
}

export interface RefundRequest {
  /** Becomes `out_refund_no`: up to 64 characters of `[0-9A-Za-z_-|*@]`; retrying with the same id is idempotent at WeChat. */
  refundId: string;
  orderId: string;
  subMerchantId: string;
  refundFen: number;
  /** The original order's total, as paid. */
  totalFen: number;
  reason: string;
  notifyUrl?: string;
}

export interface RefundResult {
  refundId: string;
  status: 'SUCCESS' | 'PROCESSING' | 'FAILED';
  providerRefundId: string;
}

export interface PaymentProvider {
  readonly name: 'wechatpay' | 'sandbox';
  createCombinedPayment(req: CombinedPaymentRequest): Promise<PaymentIntent>;
  /**
   * Verifies the callback's signature (and timestamp freshness), decrypts its resource, returns what
   * was paid. Throws PaymentCallbackError (with a code) when anything is wrong; the caller answers
   * WeChat with a non-2xx status so it retries, and must not act on the body.
   */
  parseCallback(headers: Record<string, string | undefined>, rawBody: string): Promise<PaymentNotification>;
  refund(req: RefundRequest): Promise<RefundResult>;
}

export type PaymentCallbackErrorCode =
  /** Not JSON, or not shaped like a WeChat notification / combine transaction. */
  | 'MALFORMED_CALLBACK'
  /** One of Wechatpay-Timestamp / -Nonce / -Signature / -Serial is absent or unreadable. */
  | 'MISSING_SIGNATURE_HEADERS'
  /** Signed under a platform certificate serial we do not know. */
  | 'UNKNOWN_SERIAL'
  /** The signed timestamp is more than 5 minutes from our clock: a replay or a badly skewed clock. */
  | 'STALE_TIMESTAMP'
  /** The signature is not a base64 RSA-2048 signature at all. */
  | 'SIGNATURE_MALFORMED'
  /** A well-formed signature that does not verify: the body, timestamp or nonce was changed, or another key signed it. */
  | 'SIGNATURE_INVALID'
  /** AES-256-GCM refused the resource: another APIv3 key, or a changed ciphertext / associated data / nonce. */
  | 'DECRYPT_FAILED'
  /** A genuine notification of a kind this callback does not handle (not TRANSACTION.SUCCESS). */
  | 'UNSUPPORTED_EVENT'
  /** Genuine and decrypted, but addressed to another service provider merchant or app. */
  | 'WRONG_MERCHANT';

export class PaymentCallbackError extends Error {
  override readonly name = 'PaymentCallbackError';
  constructor(readonly code: PaymentCallbackErrorCode, message: string) {
    super(message);
  }
}

export type PaymentProviderErrorCode =
  /** We refused to send it: the request breaks the provider's rules (ids, amounts, missing payer). */
  | 'INVALID_REQUEST'
  /** The provider answered 4xx; `providerCode` holds its code (PARAM_ERROR, NOT_ENOUGH, …). */
  | 'PROVIDER_REJECTED'
  /** Network failure or 5xx: safe to retry with the same ids. */
  | 'PROVIDER_UNAVAILABLE'
  /** A 2xx answer we cannot trust or read: its signature did not verify, or it lacks what it must carry. */
  | 'RESPONSE_UNVERIFIED'
  /** The sandbox has no request remembered for that checkout. */
  | 'UNKNOWN_CHECKOUT';

export class PaymentProviderError extends Error {
  override readonly name = 'PaymentProviderError';
  constructor(
    readonly code: PaymentProviderErrorCode,
    message: string,
    readonly details: { status?: number; providerCode?: string; retryable?: boolean } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.details.retryable ?? this.code === 'PROVIDER_UNAVAILABLE';
  }
}
