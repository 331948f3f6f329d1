/**
 * The profit-sharing consumer on a real FerretDB and NATS JetStream, as `npm test` starts them: a
 * `profit_sharing.requested` published (twice, and once more under another event id) reaches the
 * sandbox once, its record is readable by `_id`, a return follows it, and an order paid at pickup is
 * recorded as skipped. Its own alliance id and service name keep it apart from the rest of the stack.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { withDatabase } from '@alliance/store';
import { eventually, testEnv } from '@alliance/testing';
import { connectEventBus, type EventBus, type ProfitSharingRequestedV1 } from '@alliance/events';
import { OrderRepository } from '../orders/order.repository.js';
import type { PlacedOrder } from '../orders/order.rules.js';
import { subMerchantOf } from '../orders/order-effects.js';
import { SandboxPaymentProvider } from '../payment/sandbox.js';
import { PaymentProviderError, type ProfitSharingRequest } from '../payment/payment-provider.js';
import { ProfitSharingRepository, type SharingOutcomeDoc } from './profit-sharing.repository.js';
import { consumeProfitSharing, ProfitSharingService } from './profit-sharing.service.js';

const env = testEnv();
const run = randomBytes(4).toString('hex');
const alliance = `psit-${run}`;
const logger = pino({ level: 'silent' });
let conn: mongoose.Connection;
let consumerBus: EventBus;
let publisherBus: EventBus;
const sandbox = new SandboxPaymentProvider({ spMchId: '1230000109' });
/** WeChat answering NOT_ENOUGH (funds not settled yet) to the first try of each `flaky` order. */
const refusedOnce = new Set<string>();
const provider = Object.assign(Object.create(sandbox) as SandboxPaymentProvider, {
  requestProfitSharing: async (req: ProfitSharingRequest) => {
    if (req.outOrderNo.includes('flaky') && !refusedOnce.has(req.outOrderNo)) {
      refusedOnce.add(req.outOrderNo);
      throw new PaymentProviderError('PROVIDER_REJECTED', '分账金额不足', { status: 403, providerCode: 'NOT_ENOUGH', retryable: true });
    }
    return sandbox.requestProfitSharing(req);
  },
});
let records: ProfitSharingRepository;
let orders: OrderRepository;

async function placeOrder(orderId: string, paymentMethod: 'ONLINE' | 'ON_HANDOVER'): Promise<void> {
  const at = new Date().toISOString();
  const order: PlacedOrder = {
    orderId, checkoutId: `co-${orderId}`, allianceId: alliance, merchantId: 'm-fruit', buyer: { subject: 'sub-alice', name: 'Alice', phone: '13800138000' },
    lines: [{ id: '1', productId: 'p-fruit-01', specId: 'p-fruit-01-1', productName: '黄桃', specName: '1 斤', category: 'fruit', unitPriceFen: 2560, quantity: 1 }],
    subtotalFen: 2560, deliveryFeeFen: 0, totalFen: 2560, paymentMethod, fulfilment: { kind: 'PICKUP', pickupPointId: 'pp-cuiyuan' }, pickupCode: '123456', note: null, placedAt: at,
  };
  await orders.place(order);
  if (paymentMethod === 'ONLINE') await orders.change(alliance, orderId, () => ({ fact: { type: 'paid', at, transactionId: `42000${run}${orderId.length}` } }));
}

const requested = (orderId: string): ProfitSharingRequestedV1 => ({
  allianceId: alliance, orderId, checkoutId: `co-${orderId}`, merchantId: 'm-fruit', outOrderNo: `PS_${orderId}_${run}`, totalFen: 384,
  receivers: [
    { kind: 'ALLIANCE', id: alliance, amountFen: 333, description: '联盟服务费及推广佣金' },
    { kind: 'SHOP', id: 'm-bakery', amountFen: 51, description: '跨店引流费' },
  ],
  at: new Date().toISOString(),
});

before(async () => {
  conn = await mongoose.createConnection(withDatabase(env.mongodbUri, `profit_sharing_it_${run}`)).asPromise();
  orders = new OrderRepository(conn);
  records = new ProfitSharingRepository(conn);
  consumerBus = await connectEventBus({ url: env.natsUrl, service: `psit${run}`, connection: conn, logger });
  publisherBus = await connectEventBus({ url: env.natsUrl, service: `pspub${run}`, connection: conn, logger });
  const service = new ProfitSharingService({
    provider,
    events: consumerBus,
    repo: records,
    order: (a, id) => orders.get(a, id),
    receiverName: async (_a, r) => (r.kind === 'ALLIANCE' ? '邻里联盟科技有限公司' : r.id),
    accounts: { serviceProviderMchId: sandbox.serviceProviderMchId, subMerchantOf },
    logger,
    now: () => new Date(),
    maxAttempts: 3,
  });
  await consumeProfitSharing(consumerBus, service, { maxAttempts: 3, retryBaseMs: 50 });
});

after(async () => {
  await consumerBus?.close();
  await publisherBus?.close();
  await conn?.dropDatabase();
  await conn?.close();
});

const outcome = async (kind: 'SHARING' | 'RETURN', no: string): Promise<SharingOutcomeDoc> => {
  let found: SharingOutcomeDoc | null = null;
  await eventually(async () => {
    found = await records.outcome(alliance, kind, no);
    assert.ok(found, `an outcome for ${no}`);
  });
  return found!;
};

test('a sharing published twice, and again under another event id, is made once and recorded by _id', async () => {
  await placeOrder('or-online-1', 'ONLINE');
  const data = requested('or-online-1');
  const event = { id: `${alliance}:profit-sharing:${data.outOrderNo}`, type: 'profit_sharing.requested' as const, allianceId: alliance, data };
  await publisherBus.publish(event);
  await publisherBus.publish(event);
  await publisherBus.publish({ ...event, id: `${event.id}:again` });

  const done = await outcome('SHARING', data.outOrderNo);
  assert.equal(done.status, 'FINISHED');
  // Give the duplicates time to arrive and be handled (or dropped).
  await new Promise((r) => setTimeout(r, 1_500));
  const made = sandbox.profitSharingsMade().filter((s) => s.request.outOrderNo === data.outOrderNo);
  assert.equal(made.length, 1);
  assert.equal(made[0]!.calls, 1, 'the second event id found the recorded outcome and called nobody');
  assert.deepEqual(made[0]!.request, {
    outOrderNo: data.outOrderNo,
    subMerchantId: 'sub-m-fruit',
    transactionId: `42000${run}${'or-online-1'.length}`,
    receivers: [
      { type: 'MERCHANT_ID', account: '1230000109', amountFen: 333, description: '联盟服务费及推广佣金' },
      { type: 'MERCHANT_ID', account: 'sub-m-bakery', amountFen: 51, description: '跨店引流费' },
    ],
  });
  const call = await records.call(alliance, 'SHARING', data.outOrderNo);
  assert.deepEqual(call?.request, made[0]!.request);
  assert.equal(await records.receiverAdded(alliance, 'sub-m-fruit', 'sub-m-bakery'), true);

  const outReturnNo = `PR_or-online-1_${run}`;
  await publisherBus.publish({
    id: `${alliance}:profit-sharing-return:${outReturnNo}`,
    type: 'profit_sharing.return_requested',
    allianceId: alliance,
    data: { allianceId: alliance, orderId: 'or-online-1', merchantId: 'm-fruit', outOrderNo: data.outOrderNo, outReturnNo, receiver: { kind: 'SHOP', id: 'm-bakery' }, amountFen: 25, description: '订单退款,分账回退', at: new Date().toISOString() },
  });
  assert.equal((await outcome('RETURN', outReturnNo)).status, 'SUCCESS');
  assert.deepEqual(sandbox.profitSharingReturnsMade().filter((r) => r.request.outReturnNo === outReturnNo).map((r) => [r.request.returnMerchantId, r.request.amountFen]), [['sub-m-bakery', 25]]);
});

test('an order paid at pickup is recorded as skipped and nothing reaches WeChat', async () => {
  await placeOrder('or-cash-1', 'ON_HANDOVER');
  const data = requested('or-cash-1');
  await publisherBus.publish({ id: `${alliance}:profit-sharing:${data.outOrderNo}`, type: 'profit_sharing.requested', allianceId: alliance, data });
  const skipped = await outcome('SHARING', data.outOrderNo);
  assert.deepEqual([skipped.status, skipped.reason?.code], ['SKIPPED', 'NOT_PAID_ONLINE']);
  assert.equal(sandbox.profitSharingsMade().filter((s) => s.request.outOrderNo === data.outOrderNo).length, 0);
});

test('NOT_ENOUGH is retried by the durable consumer after a backoff, and the sharing is then made once', async () => {
  await placeOrder('or-flaky-1', 'ONLINE');
  const data = requested('or-flaky-1');
  await publisherBus.publish({ id: `${alliance}:profit-sharing:${data.outOrderNo}`, type: 'profit_sharing.requested', allianceId: alliance, data });
  const done = await outcome('SHARING', data.outOrderNo);
  assert.deepEqual([done.status, done.attempts], ['FINISHED', 2]);
  assert.ok(refusedOnce.has(data.outOrderNo));
  assert.equal(sandbox.profitSharingsMade().filter((s) => s.request.outOrderNo === data.outOrderNo).length, 1);
});
