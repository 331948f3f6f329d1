import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProfitSharingRequestedV1, ProfitSharingReturnRequestedV1 } from '@alliance/events';
import { PaymentProviderError } from '../payment/payment-provider.js';
import { afterFailure, planSharing, planSharingReturn, retryDelayMs, type SharedOrder } from './profit-sharing.rules.js';

const accounts = { serviceProviderMchId: '1230000109', subMerchantOf: (id: string) => `sub-${id}` };
const order = (over: Partial<SharedOrder> = {}): SharedOrder => ({ merchantId: 'm-fruit', paymentMethod: 'ONLINE', paid: true, transactionId: '4200000001', totalFen: 2560, refundedFen: 0, ...over });
const requested = (over: Partial<ProfitSharingRequestedV1> = {}): ProfitSharingRequestedV1 => ({
  allianceId: 'demo', orderId: 'co-1-1', checkoutId: 'co-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', totalFen: 384,
  receivers: [
    { kind: 'ALLIANCE', id: 'demo', amountFen: 333, description: '联盟服务费及推广佣金' },
    { kind: 'SHOP', id: 'm-bakery', amountFen: 51, description: '跨店引流费' },
  ],
  at: '2025-06-01T08:00:00.000Z',
  ...over,
});
const returnRequested = (over: Partial<ProfitSharingReturnRequestedV1> = {}): ProfitSharingReturnRequestedV1 => ({
  allianceId: 'demo', orderId: 'co-1-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', outReturnNo: 'PR_co-1-1_90ab',
  receiver: { kind: 'SHOP', id: 'm-bakery' }, amountFen: 25, description: '订单退款,分账回退', at: '2025-06-02T08:00:00.000Z',
  ...over,
});

test('a sharing pays the alliance into the service provider account and a shop into its sub-merchant account', () => {
  assert.deepEqual(planSharing(requested(), order(), accounts), {
    action: 'send',
    request: {
      outOrderNo: 'PS_co-1-1_3f2a',
      subMerchantId: 'sub-m-fruit',
      transactionId: '4200000001',
      receivers: [
        { type: 'MERCHANT_ID', account: '1230000109', amountFen: 333, description: '联盟服务费及推广佣金' },
        { type: 'MERCHANT_ID', account: 'sub-m-bakery', amountFen: 51, description: '跨店引流费' },
      ],
    },
    receiversToAdd: [
      { subMerchantId: 'sub-m-fruit', type: 'MERCHANT_ID', account: '1230000109', relationType: 'SERVICE_PROVIDER', receiver: { kind: 'ALLIANCE', id: 'demo' } },
      { subMerchantId: 'sub-m-fruit', type: 'MERCHANT_ID', account: 'sub-m-bakery', relationType: 'PARTNER', receiver: { kind: 'SHOP', id: 'm-bakery' } },
    ],
  });
});

test('orders without an online payment are skipped, not failed', () => {
  const reason = (o: SharedOrder | null) => {
    const p = planSharing(requested(), o, accounts);
    return p.action === 'skip' ? p.reason : p.action;
  };
  assert.equal(reason(null), 'ORDER_NOT_FOUND');
  assert.equal(reason(order({ paymentMethod: 'ON_HANDOVER', transactionId: null })), 'NOT_PAID_ONLINE');
  assert.equal(reason(order({ paid: false, transactionId: null })), 'NOT_PAID_ONLINE');
  assert.equal(reason(order({ refundedFen: 2560 })), 'FULLY_REFUNDED');
  assert.equal(reason(order({ refundedFen: 2559 })), 'send');
});

test('an event that contradicts its order is rejected, never sent', () => {
  const action = (e: ProfitSharingRequestedV1, o = order()) => planSharing(e, o, accounts).action;
  assert.equal(action(requested({ merchantId: 'm-bakery' })), 'reject');
  assert.equal(action(requested({ totalFen: 385 })), 'reject');
  assert.equal(action(requested({ totalFen: 3000, receivers: [{ kind: 'ALLIANCE', id: 'demo', amountFen: 3000, description: 'x' }] })), 'reject');
  assert.equal(action(requested({ totalFen: 10, receivers: [{ kind: 'ALLIANCE', id: 'other-alliance', amountFen: 10, description: 'x' }] })), 'reject');
});

test('a return waits for its sharing, is skipped when the sharing was never made, and goes back from the receiver', () => {
  assert.equal(planSharingReturn(returnRequested(), order(), null, accounts).action, 'wait');
  const notMade = planSharingReturn(returnRequested(), order(), 'NOT_MADE', accounts);
  assert.deepEqual(notMade.action === 'skip' && notMade.reason, 'SHARING_NOT_MADE');
  assert.equal(planSharingReturn(returnRequested(), order({ paymentMethod: 'ON_HANDOVER', transactionId: null }), 'MADE', accounts).action, 'skip');
  assert.equal(planSharingReturn(returnRequested({ merchantId: 'm-tea' }), order(), 'MADE', accounts).action, 'reject');
  assert.deepEqual(planSharingReturn(returnRequested(), order(), 'MADE', accounts), {
    action: 'send',
    request: { outReturnNo: 'PR_co-1-1_90ab', subMerchantId: 'sub-m-fruit', outOrderNo: 'PS_co-1-1_3f2a', returnMerchantId: 'sub-m-bakery', amountFen: 25, description: '订单退款,分账回退' },
  });
  const toAlliance = planSharingReturn(returnRequested({ receiver: { kind: 'ALLIANCE', id: 'demo' } }), order(), 'MADE', accounts);
  assert.equal(toAlliance.action === 'send' && toAlliance.request.returnMerchantId, '1230000109');
});

test('what may pass is retried until the attempts run out; refusals give up at once', () => {
  const rejected = (providerCode: string, retryable: boolean) => new PaymentProviderError('PROVIDER_REJECTED', providerCode, { status: 400, providerCode, retryable });
  assert.equal(afterFailure(rejected('NOT_ENOUGH', true), 1, 5), 'retry');
  assert.equal(afterFailure(new PaymentProviderError('PROVIDER_UNAVAILABLE', 'down'), 4, 5), 'retry');
  assert.equal(afterFailure(new PaymentProviderError('RESPONSE_UNVERIFIED', 'bad signature'), 1, 5), 'retry');
  assert.equal(afterFailure(new Error('database hiccup'), 1, 5), 'retry');
  assert.equal(afterFailure(rejected('NOT_ENOUGH', true), 5, 5), 'give-up');
  assert.equal(afterFailure(rejected('PARAM_ERROR', false), 1, 5), 'give-up');
  assert.equal(afterFailure(new PaymentProviderError('INVALID_REQUEST', '51 receivers'), 1, 5), 'give-up');
});

test('retries back off threefold up to half an hour', () => {
  assert.deepEqual([1, 2, 3, 4].map((a) => retryDelayMs(a, 5_000)), [5_000, 15_000, 45_000, 135_000]);
  assert.equal(retryDelayMs(20, 5_000), 30 * 60_000);
});
