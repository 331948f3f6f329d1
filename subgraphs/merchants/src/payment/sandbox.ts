/**
 * DEVELOPMENT ONLY — never configure this in production: it "pays" without any money moving.
 *
 * Plays WeChat Pay's side locally so the demo can pay online through the same path as production:
 * at construction it makes its own RSA-2048 platform key pair and a random APIv3 key; `notify` builds
 * a real WeChat-shaped notification (AES-256-GCM encrypted resource, signed with the platform key,
 * the four Wechatpay-* headers) and POSTs it to the checkout's notify URL, where the ordinary callback
 * handler verifies and decrypts it with the very code the WeChat adapter uses.
 *
 * Keys live in this process: a callback built by one instance verifies only at that instance (or one
 * given the same keys through the config), which is what a single development process needs.
 */
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { now as clockNow } from '@alliance/runtime/clock';
import { buildCombinePaymentCallback, chinaTime, parseCombinePaymentCallback, type CombineTransaction } from './wechatpay-callback.js';
import { assertValid, combinedPaymentProblems, refundProblems } from './payment-request.rules.js';
import { profitSharingProblems, profitSharingReturnProblems, receiverRegistrationProblems } from './profit-sharing-request.rules.js';
import {
  PaymentProviderError,
  type CombinedPaymentRequest,
  type CombinedSubOrder,
  type PaymentIntent,
  type PaymentNotification,
  type PaymentProvider,
  type ProfitSharingReceiverRegistration,
  type ProfitSharingRequest,
  type ProfitSharingResult,
  type ProfitSharingReturnRequest,
  type ProfitSharingReturnResult,
  type RefundRequest,
  type RefundResult,
} from './payment-provider.js';

export interface SandboxConfig {
  fetch?: typeof fetch;
  now?: () => Date;
  spMchId?: string;
  spAppId?: string;
  /** To share one "WeChat" between processes; generated when absent. */
  platformPrivateKeyPem?: string;
  apiV3Key?: Buffer;
}

/** What a notification needs of a sub-order; after a restart the caller passes these from its own records. */
export type SandboxSubOrder = Pick<CombinedSubOrder, 'orderId' | 'subMerchantId' | 'amountFen'>;

export interface SandboxRefund extends RefundRequest {
  providerRefundId: string;
  at: Date;
}

/** A profit sharing as the sandbox recorded it: the request, WeChat's answer, and how often it was asked. */
export interface SandboxProfitSharing {
  request: ProfitSharingRequest;
  result: ProfitSharingResult;
  calls: number;
  at: Date;
}

export interface SandboxProfitSharingReturn {
  request: ProfitSharingReturnRequest;
  result: ProfitSharingReturnResult;
  calls: number;
  at: Date;
}

/** The same number again answers the first result, as at WeChat; with other parameters it is refused. */
function replay<R>(known: { request: unknown; result: R; calls: number } | undefined, req: unknown, what: string): R | undefined {
  if (!known) return undefined;
  if (JSON.stringify(known.request) !== JSON.stringify(req)) {
    throw new PaymentProviderError('PROVIDER_REJECTED', `${what} was used with other parameters`, { status: 400, providerCode: 'INVALID_REQUEST' });
  }
  known.calls += 1;
  return known.result;
}

/** Stable ids from a seed: notifying the same checkout twice looks like WeChat retrying one notification. */
function derivedDigits(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return BigInt(`0x${hex}`).toString().slice(0, length).padStart(length, '0');
}

export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;
  readonly spMchId: string;
  get serviceProviderMchId(): string {
    return this.spMchId;
  }
  readonly spAppId: string;
  readonly platformSerial: string;
  readonly platformPublicKeyPem: string;
  private readonly platformPrivateKeyPem: string;
  private readonly apiV3Key: Buffer;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;
  private readonly requests = new Map<string, CombinedPaymentRequest>();
  private readonly refunds = new Map<string, SandboxRefund>();
  private readonly receivers = new Map<string, ProfitSharingReceiverRegistration>();
  private readonly sharings = new Map<string, SandboxProfitSharing>();
  private readonly sharingReturns = new Map<string, SandboxProfitSharingReturn>();

  constructor(config: SandboxConfig = {}) {
    this.fetch = config.fetch ?? globalThis.fetch;
    this.now = config.now ?? clockNow;
    this.spMchId = config.spMchId ?? '1900000000';
    this.spAppId = config.spAppId ?? 'wxsandbox000000000';
    if (config.platformPrivateKeyPem) {
      this.platformPrivateKeyPem = config.platformPrivateKeyPem;
      this.platformPublicKeyPem = createPublicKey(config.platformPrivateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    } else {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
      this.platformPrivateKeyPem = pair.privateKey;
      this.platformPublicKeyPem = pair.publicKey;
    }
    this.platformSerial = `SANDBOX${createHash('sha256').update(this.platformPublicKeyPem).digest('hex').slice(0, 33).toUpperCase()}`;
    this.apiV3Key = config.apiV3Key ?? randomBytes(32);
    if (this.apiV3Key.length !== 32) throw new RangeError(`the APIv3 key must be 32 bytes, got ${this.apiV3Key.length}`);
  }

  async createCombinedPayment(req: CombinedPaymentRequest): Promise<PaymentIntent> {
    assertValid(combinedPaymentProblems(req, this.now()));
    this.requests.set(req.checkoutId, { ...req, subOrders: req.subOrders.map((s) => ({ ...s })) });
    return {
      provider: this.name,
      prepayId: `sandbox_${derivedDigits(`prepay:${req.checkoutId}`, 24)}`,
      clientParams: { payUrl: `/pay/sandbox/${encodeURIComponent(req.checkoutId)}` },
    };
  }

  /** The remembered request of a checkout, for a sandbox pay page to show what is being paid. */
  pending(checkoutId: string): CombinedPaymentRequest | undefined {
    return this.requests.get(checkoutId);
  }

  /**
   * The notification WeChat would send once the payer paid, without sending it. `subOrders` rebuilds
   * it when this process no longer remembers the checkout (it restarted since createCombinedPayment).
   */
  buildCallback(checkoutId: string, subOrders?: SandboxSubOrder[]): { headers: Record<string, string>; body: string } {
    const orders = subOrders ?? this.requests.get(checkoutId)?.subOrders;
    if (!orders || orders.length === 0) throw new PaymentProviderError('UNKNOWN_CHECKOUT', `the sandbox has no payment for checkout ${checkoutId}; pass its sub-orders`);
    const now = this.now();
    const tx: CombineTransaction = {
      combine_appid: this.spAppId,
      combine_mchid: this.spMchId,
      combine_out_trade_no: checkoutId,
      sub_orders: orders.map((s) => ({
        mchid: this.spMchId,
        sub_mchid: s.subMerchantId,
        out_trade_no: s.orderId,
        transaction_id: `42000${derivedDigits(`tx:${checkoutId}:${s.orderId}`, 23)}`,
        trade_type: 'JSAPI',
        trade_state: 'SUCCESS',
        success_time: chinaTime(now),
        amount: { total_amount: s.amountFen, payer_amount: s.amountFen, currency: 'CNY' },
      })),
      combine_payer_info: { openid: this.requests.get(checkoutId)?.payerOpenId ?? 'sandbox-payer' },
    };
    const eventId = `sandbox-${derivedDigits(`event:${checkoutId}`, 30)}`;
    return buildCombinePaymentCallback(tx, { platformSerial: this.platformSerial, platformPrivateKeyPem: this.platformPrivateKeyPem, apiV3Key: this.apiV3Key }, now, eventId);
  }

  /**
   * "The payer paid": POSTs the notification to the checkout's notify URL, as WeChat would, and
   * returns the status the callback handler answered. After a restart pass the sub-orders and the URL.
   */
  async notify(checkoutId: string, subOrders?: SandboxSubOrder[], notifyUrl?: string): Promise<{ status: number }> {
    const url = notifyUrl ?? this.requests.get(checkoutId)?.notifyUrl;
    if (!url) throw new PaymentProviderError('UNKNOWN_CHECKOUT', `the sandbox has no notify URL for checkout ${checkoutId}; pass it`);
    const { headers, body } = this.buildCallback(checkoutId, subOrders);
    const res = await this.fetch(url, { method: 'POST', headers, body });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  }

  parseCallback(headers: Record<string, string | undefined>, rawBody: string): Promise<PaymentNotification> {
    return parseCombinePaymentCallback(headers, rawBody, {
      platformKeys: new Map([[this.platformSerial, this.platformPublicKeyPem]]),
      apiV3Key: this.apiV3Key,
      spMchId: this.spMchId,
      spAppId: this.spAppId,
      now: this.now(),
    });
  }

  /**
   * Succeeds at once; the same refund id again returns the first result, as WeChat does, and refunds of
   * one order never add up to more than its total.
   */
  async refund(req: RefundRequest): Promise<RefundResult> {
    assertValid(refundProblems(req));
    const known = this.refunds.get(req.refundId);
    if (known && (known.orderId !== req.orderId || known.refundFen !== req.refundFen)) {
      throw new PaymentProviderError('PROVIDER_REJECTED', `refund ${req.refundId} was already made with other parameters`, { status: 400, providerCode: 'INVALID_REQUEST' });
    }
    if (!known) {
      const refunded = [...this.refunds.values()].filter((r) => r.orderId === req.orderId).reduce((sum, r) => sum + r.refundFen, 0);
      if (refunded + req.refundFen > req.totalFen) {
        throw new PaymentProviderError('PROVIDER_REJECTED', `order ${req.orderId} has ${req.totalFen - refunded} fen left to refund, asked ${req.refundFen}`, { status: 400, providerCode: 'PARAM_ERROR' });
      }
    }
    const record = known ?? { ...req, providerRefundId: `50300${derivedDigits(`refund:${req.refundId}`, 25)}`, at: this.now() };
    this.refunds.set(req.refundId, record);
    return { refundId: req.refundId, status: 'SUCCESS', providerRefundId: record.providerRefundId };
  }

  /** Refunds made so far, oldest first. */
  refundsMade(): SandboxRefund[] {
    return [...this.refunds.values()];
  }

  async addProfitSharingReceiver(reg: ProfitSharingReceiverRegistration): Promise<void> {
    assertValid(receiverRegistrationProblems(reg));
    this.receivers.set(`${reg.subMerchantId}|${reg.type}|${reg.account}`, { ...reg });
  }

  /**
   * Finishes at once. As at WeChat: the same out_order_no again answers the first result (with other
   * parameters it is refused), and every receiver must have been added for the paying sub-merchant.
   */
  async requestProfitSharing(req: ProfitSharingRequest): Promise<ProfitSharingResult> {
    assertValid(profitSharingProblems(req));
    const again = replay(this.sharings.get(req.outOrderNo), req, `out_order_no ${req.outOrderNo}`);
    if (again) return again;
    const unknown = req.receivers.find((r) => !this.receivers.has(`${req.subMerchantId}|${r.type}|${r.account}`));
    if (unknown) throw new PaymentProviderError('PROVIDER_REJECTED', `分账接收方关系不存在: ${unknown.account} for ${req.subMerchantId}`, { status: 400, providerCode: 'INVALID_REQUEST' });
    const result: ProfitSharingResult = {
      outOrderNo: req.outOrderNo,
      providerOrderId: `30000${derivedDigits(`sharing:${req.outOrderNo}`, 23)}`,
      state: 'FINISHED',
      receivers: req.receivers.map((r) => ({ type: r.type, account: r.account, amountFen: r.amountFen, result: 'SUCCESS' })),
    };
    this.sharings.set(req.outOrderNo, { request: structuredClone(req), result, calls: 1, at: this.now() });
    return result;
  }

  /**
   * Succeeds at once; idempotent by out_return_no. Where this process knows the sharing, the returns to
   * one receiver never add up to more than it was given (after a restart it cannot tell, and accepts).
   */
  async returnProfitSharing(req: ProfitSharingReturnRequest): Promise<ProfitSharingReturnResult> {
    assertValid(profitSharingReturnProblems(req));
    const again = replay(this.sharingReturns.get(req.outReturnNo), req, `out_return_no ${req.outReturnNo}`);
    if (again) return again;
    const sharing = this.sharings.get(req.outOrderNo);
    if (sharing) {
      const given = sharing.request.receivers.filter((r) => r.type === 'MERCHANT_ID' && r.account === req.returnMerchantId).reduce((sum, r) => sum + r.amountFen, 0);
      const returned = [...this.sharingReturns.values()].filter((r) => r.request.outOrderNo === req.outOrderNo && r.request.returnMerchantId === req.returnMerchantId).reduce((sum, r) => sum + r.request.amountFen, 0);
      if (returned + req.amountFen > given) throw new PaymentProviderError('PROVIDER_REJECTED', `${req.returnMerchantId} has ${given - returned} fen of ${req.outOrderNo} left to return, asked ${req.amountFen}`, { status: 403, providerCode: 'NOT_ENOUGH', retryable: false });
    }
    const result: ProfitSharingReturnResult = { outReturnNo: req.outReturnNo, providerReturnId: `30001${derivedDigits(`return:${req.outReturnNo}`, 23)}`, result: 'SUCCESS' };
    this.sharingReturns.set(req.outReturnNo, { request: { ...req }, result, calls: 1, at: this.now() });
    return result;
  }

  /** Receivers added so far, by paying sub-merchant. */
  receiversAdded(): ProfitSharingReceiverRegistration[] {
    return [...this.receivers.values()];
  }

  /** Profit sharings requested so far, oldest first (one record per out_order_no, however often asked). */
  profitSharingsMade(): SandboxProfitSharing[] {
    return [...this.sharings.values()];
  }

  profitSharingReturnsMade(): SandboxProfitSharingReturn[] {
    return [...this.sharingReturns.values()];
  }
}
