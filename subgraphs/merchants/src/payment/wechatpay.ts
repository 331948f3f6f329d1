/**
 * WeChat Pay API v3 in service-provider mode (服务商): the alliance is the service provider, each
 * shop a sub-merchant (特约商户), and a checkout one combined JSAPI payment (合单支付) with one
 * sub-order per shop, so each shop's money lands in its own account. Every sub-order asks for profit
 * sharing (分账): the alliance's fee is taken afterwards, never by holding the money.
 * https://pay.weixin.qq.com/doc/v3/partner/4012758250 (合单 JSAPI下单), 4012759181 (退款)
 */
import { now as clockNow } from '@alliance/runtime/clock';
import { authorizationHeader, encryptSensitive, randomNonce, rsaSign, verifyWechatSignature, type PlatformKeys } from './wechatpay-crypto.js';
import { chinaTime, parseCombinePaymentCallback } from './wechatpay-callback.js';
import { assertValid, combinedPaymentProblems, refundProblems } from './payment-request.rules.js';
import { profitSharingProblems, profitSharingReturnProblems, receiverRegistrationProblems } from './profit-sharing-request.rules.js';
import {
  addReceiverBody,
  PROFIT_SHARING_PATHS,
  profitSharingOrderBody,
  profitSharingReturnBody,
  readProfitSharingAnswer,
  readProfitSharingReturnAnswer,
  type ProfitSharingOrderAnswer,
  type ProfitSharingReturnAnswer,
} from './wechatpay-profit-sharing.js';
import {
  PaymentProviderError,
  type CombinedPaymentRequest,
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

export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com';

/**
 * WeChat codes that mean "not now" rather than "never": a system error, rate limits, and NOT_ENOUGH
 * (the funds to share or give back are not there yet: unsettled, or a receiver's balance is short).
 */
const RETRY_LATER_CODES = new Set(['SYSTEM_ERROR', 'FREQUENCY_LIMITED', 'RATELIMIT_EXCEED', 'NOT_ENOUGH']);

export interface WeChatPayConfig {
  /** The service provider's merchant number (服务商 mchid): `combine_mchid` and every sub-order's `mchid`. */
  spMchId: string;
  /** The service provider's app id (`combine_appid`), under which payers' openids are issued. */
  spAppId: string;
  /** Serial number of the merchant API certificate whose key signs our requests. */
  merchantSerialNo: string;
  merchantPrivateKeyPem: string;
  /** The 32-byte APIv3 key that decrypts notifications. */
  apiV3Key: string | Buffer;
  /** WeChat's platform certificates' (or 微信支付公钥's) public keys by serial. */
  platformCertificates: PlatformKeys;
  /** The platform key that encrypts sensitive fields (a receiver's name); defaults to the only entry of a fixed map. */
  encryptionKey?: { serial: string; publicKeyPem: string };
  baseUrl?: string;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Per request; a timed-out request may still have reached WeChat, so it is reported as retryable with the same ids. */
  timeoutMs?: number;
}

interface CombineJsapiBody {
  combine_appid: string;
  combine_mchid: string;
  combine_out_trade_no: string;
  sub_orders: {
    mchid: string;
    sub_mchid: string;
    out_trade_no: string;
    description: string;
    attach?: string;
    amount: { total_amount: number; currency: 'CNY' };
    settle_info: { profit_sharing: boolean };
  }[];
  combine_payer_info: { openid: string };
  time_expire: string;
  notify_url: string;
}

/** The combine JSAPI order as WeChat expects it; exported so tests and reviewers see exactly what is sent. */
export function combineJsapiBody(req: CombinedPaymentRequest, sp: { spMchId: string; spAppId: string }, openid: string): CombineJsapiBody {
  return {
    combine_appid: sp.spAppId,
    combine_mchid: sp.spMchId,
    combine_out_trade_no: req.checkoutId,
    sub_orders: req.subOrders.map((s) => ({
      mchid: sp.spMchId,
      sub_mchid: s.subMerchantId,
      out_trade_no: s.orderId,
      description: s.description,
      amount: { total_amount: s.amountFen, currency: 'CNY' },
      settle_info: { profit_sharing: true },
    })),
    combine_payer_info: { openid },
    time_expire: chinaTime(req.payBefore),
    notify_url: req.notifyUrl,
  };
}

const REFUND_STATUS: Record<string, RefundResult['status']> = {
  SUCCESS: 'SUCCESS',
  PROCESSING: 'PROCESSING',
  // CLOSED: closed without paying out; ABNORMAL: the payer's card refused it and it needs a hand.
  CLOSED: 'FAILED',
  ABNORMAL: 'FAILED',
};

export class WeChatPayProvider implements PaymentProvider {
  readonly name = 'wechatpay' as const;
  readonly serviceProviderMchId: string;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly config: WeChatPayConfig) {
    const keyBytes = typeof config.apiV3Key === 'string' ? Buffer.byteLength(config.apiV3Key, 'utf8') : config.apiV3Key.length;
    if (keyBytes !== 32) throw new RangeError(`the APIv3 key must be 32 bytes, got ${keyBytes}`);
    this.baseUrl = (config.baseUrl ?? WECHATPAY_BASE_URL).replace(/\/+$/, '');
    this.fetch = config.fetch ?? globalThis.fetch;
    this.now = config.now ?? clockNow;
    this.serviceProviderMchId = config.spMchId;
  }

  async createCombinedPayment(req: CombinedPaymentRequest): Promise<PaymentIntent> {
    const problems = combinedPaymentProblems(req, this.now());
    if (!req.payerOpenId) problems.push('payerOpenId is required for a JSAPI payment');
    if (!/^https:\/\/[^?#]+$/.test(req.notifyUrl)) problems.push('notifyUrl must be an https URL without a query');
    assertValid(problems);

    const body = combineJsapiBody(req, this.config, req.payerOpenId!);
    const answer = await this.request<{ prepay_id?: string }>('POST', '/v3/combine-transactions/jsapi', body);
    if (!answer.prepay_id) throw new PaymentProviderError('RESPONSE_UNVERIFIED', 'WeChat answered without a prepay_id');
    return { provider: this.name, prepayId: answer.prepay_id, clientParams: this.jsapiPayParams(answer.prepay_id) };
  }

  /** What wx.requestPayment / WeixinJSBridge needs, signed with the merchant key. */
  jsapiPayParams(prepayId: string): Record<string, string> {
    const appId = this.config.spAppId;
    const timeStamp = String(Math.floor(this.now().getTime() / 1000));
    const nonceStr = randomNonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = rsaSign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, this.config.merchantPrivateKeyPem);
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  parseCallback(headers: Record<string, string | undefined>, rawBody: string): Promise<PaymentNotification> {
    return parseCombinePaymentCallback(headers, rawBody, {
      platformKeys: this.config.platformCertificates,
      apiV3Key: this.config.apiV3Key,
      spMchId: this.config.spMchId,
      spAppId: this.config.spAppId,
      now: this.now(),
    });
  }

  async refund(req: RefundRequest): Promise<RefundResult> {
    assertValid(refundProblems(req));
    const answer = await this.request<{ refund_id?: string; out_refund_no?: string; status?: string }>('POST', '/v3/refund/domestic/refunds', {
      sub_mchid: req.subMerchantId,
      out_trade_no: req.orderId,
      out_refund_no: req.refundId,
      reason: req.reason,
      ...(req.notifyUrl ? { notify_url: req.notifyUrl } : {}),
      amount: { refund: req.refundFen, total: req.totalFen, currency: 'CNY' },
    });
    const status = REFUND_STATUS[answer.status ?? ''];
    if (!status || !answer.refund_id) throw new PaymentProviderError('RESPONSE_UNVERIFIED', `unexpected refund answer (status ${answer.status})`);
    return { refundId: req.refundId, status, providerRefundId: answer.refund_id };
  }

  async addProfitSharingReceiver(reg: ProfitSharingReceiverRegistration): Promise<void> {
    assertValid(receiverRegistrationProblems(reg));
    const key = this.encryptionKey();
    const name = reg.name.trim() ? encryptSensitive(reg.name.trim(), key.publicKeyPem) : null;
    await this.request('POST', PROFIT_SHARING_PATHS.addReceiver, addReceiverBody(reg, this.config, name), { 'Wechatpay-Serial': key.serial });
  }

  async requestProfitSharing(req: ProfitSharingRequest): Promise<ProfitSharingResult> {
    assertValid(profitSharingProblems(req));
    const answer = await this.request<ProfitSharingOrderAnswer>('POST', PROFIT_SHARING_PATHS.orders, profitSharingOrderBody(req, this.config));
    return readProfitSharingAnswer(answer, req);
  }

  async returnProfitSharing(req: ProfitSharingReturnRequest): Promise<ProfitSharingReturnResult> {
    assertValid(profitSharingReturnProblems(req));
    const answer = await this.request<ProfitSharingReturnAnswer>('POST', PROFIT_SHARING_PATHS.returnOrders, profitSharingReturnBody(req));
    return readProfitSharingReturnAnswer(answer, req);
  }

  private encryptionKey(): { serial: string; publicKeyPem: string } {
    if (this.config.encryptionKey) return this.config.encryptionKey;
    const keys = this.config.platformCertificates;
    if (typeof keys !== 'function' && keys.size === 1) {
      const [serial, publicKeyPem] = [...keys.entries()][0]!;
      return { serial, publicKeyPem };
    }
    throw new PaymentProviderError('INVALID_REQUEST', 'no platform key to encrypt with: configure encryptionKey');
  }

  /**
   * One signed call. A 2xx answer is trusted only once its signature verifies; an error answer is only
   * reported (its code and message), never acted on, so it is not required to verify.
   */
  async request<T>(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    const url = new URL(pathWithQuery, `${this.baseUrl}/`);
    const payload = body === undefined ? '' : JSON.stringify(body);
    const authorization = authorizationHeader(
      { mchId: this.config.spMchId, serialNo: this.config.merchantSerialNo, privateKeyPem: this.config.merchantPrivateKeyPem },
      method,
      url.pathname + url.search,
      payload,
      String(Math.floor(this.now().getTime() / 1000)),
    );
    let res: Response;
    try {
      res = await this.fetch(url, {
        method,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'User-Agent': 'alliance-merchants/wechatpay-v3',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...extraHeaders,
        },
        ...(body === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new PaymentProviderError('PROVIDER_UNAVAILABLE', `WeChat Pay unreachable: ${(e as Error).message}`, { retryable: true });
    }
    const text = await res.text();
    if (!res.ok) {
      let providerCode: string | undefined;
      let message = text.slice(0, 200);
      try {
        const err = JSON.parse(text) as { code?: string; message?: string };
        providerCode = err.code;
        message = err.message ?? message;
      } catch { /* not JSON: keep the text */ }
      const unavailable = res.status >= 500 || res.status === 429;
      const retryable = unavailable || RETRY_LATER_CODES.has(providerCode ?? '');
      throw new PaymentProviderError(unavailable ? 'PROVIDER_UNAVAILABLE' : 'PROVIDER_REJECTED', `WeChat Pay ${res.status} ${providerCode ?? ''}: ${message}`, {
        status: res.status,
        ...(providerCode ? { providerCode } : {}),
        retryable,
      });
    }
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => { headers[key] = value; });
    const check = await verifyWechatSignature(headers, text, this.config.platformCertificates, this.now());
    if (!check.ok) throw new PaymentProviderError('RESPONSE_UNVERIFIED', `WeChat Pay answer refused: ${check.code}: ${check.message}`, { status: res.status, providerCode: check.code });
    if (text === '') return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PaymentProviderError('RESPONSE_UNVERIFIED', 'WeChat Pay answer is not JSON', { status: res.status });
    }
  }
}
