/**
 * WeChat Pay v3 profit sharing in service-provider mode, as request bodies and answer readers; the
 * adapter (wechatpay.ts) signs and sends them. Exported so tests and reviewers see exactly what goes out.
 * https://pay.weixin.qq.com/wiki/doc/apiv3_partner/apis/chapter8_1_1.shtml (请求分账),
 * chapter8_1_3 (请求分账回退), chapter8_1_8 (添加分账接收方).
 */
import {
  PaymentProviderError,
  type ProfitSharingReceiverRegistration,
  type ProfitSharingRequest,
  type ProfitSharingResult,
  type ProfitSharingReturnRequest,
  type ProfitSharingReturnResult,
} from './payment-provider.js';

export const PROFIT_SHARING_PATHS = {
  orders: '/v3/profitsharing/orders',
  returnOrders: '/v3/profitsharing/return-orders',
  addReceiver: '/v3/profitsharing/receivers/add',
} as const;

interface ServiceProvider {
  spAppId: string;
}

export function profitSharingOrderBody(req: ProfitSharingRequest, sp: ServiceProvider) {
  return {
    sub_mchid: req.subMerchantId,
    appid: sp.spAppId,
    transaction_id: req.transactionId,
    out_order_no: req.outOrderNo,
    receivers: req.receivers.map((r) => ({ type: r.type, account: r.account, amount: r.amountFen, description: r.description })),
    // One sharing per order: what is not shared goes to the shop now rather than staying frozen for 30 days.
    unfreeze_unsplit: true,
  };
}

export function profitSharingReturnBody(req: ProfitSharingReturnRequest) {
  return {
    sub_mchid: req.subMerchantId,
    out_order_no: req.outOrderNo,
    out_return_no: req.outReturnNo,
    return_mchid: req.returnMerchantId,
    amount: req.amountFen,
    description: req.description,
  };
}

/** `encryptedName` is the receiver's name already encrypted under the platform key (encryptSensitive). */
export function addReceiverBody(reg: ProfitSharingReceiverRegistration, sp: ServiceProvider, encryptedName: string | null) {
  return {
    sub_mchid: reg.subMerchantId,
    appid: sp.spAppId,
    type: reg.type,
    account: reg.account,
    ...(encryptedName ? { name: encryptedName } : {}),
    relation_type: reg.relationType,
  };
}

export interface ProfitSharingOrderAnswer {
  out_order_no?: string;
  order_id?: string;
  state?: string;
  receivers?: { type?: string; account?: string; amount?: number; result?: string; fail_reason?: string }[];
}

const ORDER_STATES = new Set(['PROCESSING', 'FINISHED']);
const RECEIVER_RESULTS = new Set(['PENDING', 'SUCCESS', 'CLOSED']);

/** Reads WeChat's answer to 请求分账; anything unexpected is RESPONSE_UNVERIFIED (retryable: the same out_order_no is safe to send again). */
export function readProfitSharingAnswer(answer: ProfitSharingOrderAnswer, req: ProfitSharingRequest): ProfitSharingResult {
  if (!answer.order_id || !ORDER_STATES.has(answer.state ?? '') || (answer.out_order_no && answer.out_order_no !== req.outOrderNo)) {
    throw new PaymentProviderError('RESPONSE_UNVERIFIED', `unexpected profit-sharing answer (state ${answer.state}, out_order_no ${answer.out_order_no})`, { retryable: true });
  }
  return {
    outOrderNo: req.outOrderNo,
    providerOrderId: answer.order_id,
    state: answer.state as ProfitSharingResult['state'],
    receivers: (answer.receivers ?? []).map((r) => ({
      type: r.type === 'PERSONAL_OPENID' ? 'PERSONAL_OPENID' : 'MERCHANT_ID',
      account: r.account ?? '',
      amountFen: r.amount ?? 0,
      result: RECEIVER_RESULTS.has(r.result ?? '') ? (r.result as 'PENDING' | 'SUCCESS' | 'CLOSED') : 'PENDING',
      ...(r.fail_reason ? { failReason: r.fail_reason } : {}),
    })),
  };
}

export interface ProfitSharingReturnAnswer {
  out_return_no?: string;
  return_id?: string;
  result?: string;
  fail_reason?: string;
}

export function readProfitSharingReturnAnswer(answer: ProfitSharingReturnAnswer, req: ProfitSharingReturnRequest): ProfitSharingReturnResult {
  const result = answer.result;
  if (!answer.return_id || (result !== 'PROCESSING' && result !== 'SUCCESS' && result !== 'FAILED')) {
    throw new PaymentProviderError('RESPONSE_UNVERIFIED', `unexpected profit-sharing return answer (result ${result})`, { retryable: true });
  }
  return { outReturnNo: req.outReturnNo, providerReturnId: answer.return_id, result, ...(answer.fail_reason ? { failReason: answer.fail_reason } : {}) };
}
