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

/** `MERCHANT_ID`: a merchant number (the service provider's, or another sub-merchant's); `PERSONAL_OPENID`: a person under the service provider's app id. */
export type ProfitSharingReceiverType = 'MERCHANT_ID' | 'PERSONAL_OPENID';

/**
 * One relation of a paying sub-merchant to a receiver (添加分账接收方): WeChat refuses to share to a
 * receiver not added for that sub-merchant first. Adding it again is harmless.
 */
export interface ProfitSharingReceiverRegistration {
  subMerchantId: string;
  type: ProfitSharingReceiverType;
  account: string;
  /** MERCHANT_ID: the receiver's registered full name (商户全称), checked by WeChat; sent encrypted. */
  name: string;
  /** SERVICE_PROVIDER for the alliance's own account; PARTNER for an allied shop. */
  relationType: 'SERVICE_PROVIDER' | 'PARTNER' | 'DISTRIBUTOR' | 'STORE' | 'SUPPLIER';
}

export interface ProfitSharingReceiver {
  type: ProfitSharingReceiverType;
  account: string;
  amountFen: number;
  /** At most 80 characters; shown on both parties' bills. */
  description: string;
}

export interface ProfitSharingRequest {
  /** Becomes `out_order_no`: 1–64 of `[0-9A-Za-z_-|*@]`; the same number again is the same request at WeChat. */
  outOrderNo: string;
  /** The paying shop's sub-merchant number: the money is taken from its frozen share of the payment. */
  subMerchantId: string;
  /** WeChat's id of the paid sub-order (`transaction_id`). */
  transactionId: string;
  receivers: ProfitSharingReceiver[];
}

export interface ProfitSharingResult {
  outOrderNo: string;
  /** WeChat's `order_id`; a return may name the sharing by it. */
  providerOrderId: string;
  /** PROCESSING: accepted, each receiver's result comes later (query or notification); FINISHED: done. */
  state: 'PROCESSING' | 'FINISHED';
  receivers: { type: ProfitSharingReceiverType; account: string; amountFen: number; result: 'PENDING' | 'SUCCESS' | 'CLOSED'; failReason?: string }[];
}

export interface ProfitSharingReturnRequest {
  /** Becomes `out_return_no`: 1–64 of `[0-9A-Za-z_-|*@]`; the same number again is the same return. */
  outReturnNo: string;
  subMerchantId: string;
  /** The sharing being reversed (its `out_order_no`). */
  outOrderNo: string;
  /** The receiver giving the money back; only MERCHANT_ID receivers can (`return_mchid`). */
  returnMerchantId: string;
  amountFen: number;
  description: string;
}

export interface ProfitSharingReturnResult {
  outReturnNo: string;
  providerReturnId: string;
  result: 'PROCESSING' | 'SUCCESS' | 'FAILED';
  /** With FAILED: ACCOUNT_ABNORMAL, BALANCE_NOT_ENOUGH, TIME_OUT_CLOSED, … */
  failReason?: string;
}

export interface PaymentProvider {
  readonly name: 'wechatpay' | 'sandbox';
  /** The service provider's own merchant number: where the alliance's profit shares land. */
  readonly serviceProviderMchId: string;
  createCombinedPayment(req: CombinedPaymentRequest): Promise<PaymentIntent>;
  /**
   * Verifies the callback's signature (and timestamp freshness), decrypts its resource, returns what
   * was paid. Throws PaymentCallbackError (with a code) when anything is wrong; the caller answers
   * WeChat with a non-2xx status so it retries, and must not act on the body.
   */
  parseCallback(headers: Record<string, string | undefined>, rawBody: string): Promise<PaymentNotification>;
  refund(req: RefundRequest): Promise<RefundResult>;
  addProfitSharingReceiver(reg: ProfitSharingReceiverRegistration): Promise<void>;
  /** 请求分账 with `unfreeze_unsplit`: what is not shared is released to the paying shop at once. */
  requestProfitSharing(req: ProfitSharingRequest): Promise<ProfitSharingResult>;
  /** 分账回退: takes a shared amount back from a merchant receiver, before the order's refund. */
  returnProfitSharing(req: ProfitSharingReturnRequest): Promise<ProfitSharingReturnResult>;
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
