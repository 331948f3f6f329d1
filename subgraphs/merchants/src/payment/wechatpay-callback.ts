/**
 * The payment notification of a combined payment (合单支付), both ways: reading one as the alliance
 * receives it, and writing one as WeChat sends it (for the development sandbox). Keeping both beside
 * the same shapes means the sandbox cannot drift from what production parses.
 * https://pay.weixin.qq.com/doc/v3/partner/4012237271 (合单支付通知)
 */
import { z } from 'zod';
import { decryptResource, encryptResource, randomNonce, verifyWechatSignature, wechatSignatureHeadersFor, type EncryptedResource, type PlatformKeys } from './wechatpay-crypto.js';
import { PaymentCallbackError, type PaymentNotification } from './payment-provider.js';

export const PAID_EVENT = 'TRANSACTION.SUCCESS';

const notificationSchema = z.object({
  id: z.string().min(1),
  create_time: z.string(),
  event_type: z.string(),
  resource_type: z.literal('encrypt-resource'),
  summary: z.string().optional(),
  resource: z.object({
    algorithm: z.literal('AEAD_AES_256_GCM'),
    ciphertext: z.string().min(1),
    associated_data: z.string().default(''),
    nonce: z.string().min(1),
    original_type: z.string().optional(),
  }),
});

const fen = z.number().int().nonnegative();
const combineTransactionSchema = z.object({
  combine_appid: z.string(),
  combine_mchid: z.string(),
  combine_out_trade_no: z.string().min(1),
  sub_orders: z.array(z.object({
    mchid: z.string(),
    sub_mchid: z.string().min(1),
    out_trade_no: z.string().min(1),
    transaction_id: z.string().default(''),
    trade_state: z.string(),
    trade_type: z.string().optional(),
    success_time: z.string().optional(),
    amount: z.object({ total_amount: fen, payer_amount: fen.optional(), currency: z.string().default('CNY') }),
  })).min(1),
  combine_payer_info: z.object({ openid: z.string() }).partial().optional(),
});

export type CombineTransaction = z.input<typeof combineTransactionSchema>;
export type WechatNotificationBody = { id: string; create_time: string; event_type: string; resource_type: 'encrypt-resource'; summary?: string; resource: EncryptedResource };

export interface CallbackVerifier {
  platformKeys: PlatformKeys;
  apiV3Key: string | Buffer;
  /** The service provider's merchant number: every notification must be addressed to it. */
  spMchId: string;
  /** When given, `combine_appid` must match too. */
  spAppId?: string;
  now: Date;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Verifies, decrypts and reads a combined payment notification. Order matters: nothing in the body is
 * looked at before its signature verifies, and nothing in the plaintext before GCM authenticated it.
 */
export async function parseCombinePaymentCallback(headers: Record<string, string | undefined>, rawBody: string, v: CallbackVerifier): Promise<PaymentNotification> {
  const check = await verifyWechatSignature(headers, rawBody, v.platformKeys, v.now);
  if (!check.ok) throw new PaymentCallbackError(check.code, check.message);

  const envelope = notificationSchema.safeParse(parseJson(rawBody));
  if (!envelope.success) throw new PaymentCallbackError('MALFORMED_CALLBACK', 'not a WeChat Pay encrypted notification');
  if (envelope.data.event_type !== PAID_EVENT) {
    throw new PaymentCallbackError('UNSUPPORTED_EVENT', `event ${envelope.data.event_type} is not handled here`);
  }

  const plaintext = decryptResource(envelope.data.resource, v.apiV3Key);
  if (plaintext === null) throw new PaymentCallbackError('DECRYPT_FAILED', 'the resource does not decrypt with our APIv3 key');
  const parsed = combineTransactionSchema.safeParse(parseJson(plaintext));
  if (!parsed.success) throw new PaymentCallbackError('MALFORMED_CALLBACK', 'the resource is not a combined transaction');
  const tx = parsed.data;

  if (tx.combine_mchid !== v.spMchId || tx.sub_orders.some((s) => s.mchid !== v.spMchId) || (v.spAppId !== undefined && tx.combine_appid !== v.spAppId)) {
    throw new PaymentCallbackError('WRONG_MERCHANT', 'the transaction belongs to another service provider');
  }

  const successTimes = tx.sub_orders
    .filter((s) => s.trade_state === 'SUCCESS' && s.success_time)
    .map((s) => Date.parse(s.success_time!))
    .filter((t) => Number.isFinite(t));
  const created = Date.parse(envelope.data.create_time);
  const paidAt = new Date(successTimes.length > 0 ? Math.max(...successTimes) : Number.isFinite(created) ? created : v.now.getTime());

  return {
    eventId: envelope.data.id,
    checkoutId: tx.combine_out_trade_no,
    paidAt,
    subOrders: tx.sub_orders.map((s) => ({
      orderId: s.out_trade_no,
      subMerchantId: s.sub_mchid,
      amountFen: s.amount.total_amount,
      payerAmountFen: s.amount.payer_amount ?? s.amount.total_amount,
      transactionId: s.transaction_id,
      success: s.trade_state === 'SUCCESS',
    })),
  };
}

/** RFC 3339 in China Standard Time, as WeChat writes times (`2025-01-02T15:04:05+08:00`). */
export function chinaTime(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Writes a notification as WeChat would send it: encrypted resource, signed body, the four headers. */
export function buildCombinePaymentCallback(
  tx: CombineTransaction,
  wechat: { platformSerial: string; platformPrivateKeyPem: string; apiV3Key: string | Buffer },
  now: Date,
  eventId: string = randomNonce(36),
): { headers: Record<string, string>; body: string } {
  const notification: WechatNotificationBody = {
    id: eventId,
    create_time: chinaTime(now),
    event_type: PAID_EVENT,
    resource_type: 'encrypt-resource',
    summary: '支付成功',
    resource: encryptResource(JSON.stringify(tx), wechat.apiV3Key, 'transaction'),
  };
  const body = JSON.stringify(notification);
  const headers = {
    'Content-Type': 'application/json',
    ...wechatSignatureHeadersFor(body, { serial: wechat.platformSerial, privateKeyPem: wechat.platformPrivateKeyPem }, now),
  };
  return { headers, body };
}
