import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import type { EventBus, PublishInput, EventType, ProfitSharingRequestedV1, ProfitSharingReturnRequestedV1 } from '@alliance/events';
import { SandboxPaymentProvider } from '../payment/sandbox.js';
import { PaymentProviderError, type PaymentProvider } from '../payment/payment-provider.js';
import { ProfitSharingService } from './profit-sharing.service.js';
import { callId, outcomeId, receiverId, type SharingCallDoc, type SharingOutcomeDoc, type SharingRecords } from './profit-sharing.repository.js';
import type { SharedOrder } from './profit-sharing.rules.js';

const NOW = new Date('2025-06-01T08:00:00.000Z');

/** The records as the repository keeps them (insert-once by `_id`), in memory. */
function memoryRecords(): SharingRecords & { docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  const once = <T>(id: string, doc: T): T => {
    if (!docs.has(id)) docs.set(id, { ...doc, _id: id });
    return docs.get(id) as T;
  };
  return {
    docs,
    outcome: async (a, k, no) => (docs.get(outcomeId(callId(a, k, no))) as SharingOutcomeDoc | undefined) ?? null,
    decide: async (doc, no) => once(callId(doc.allianceId, doc.kind, no), doc as SharingCallDoc),
    conclude: async (doc, no) => once(outcomeId(callId(doc.allianceId, doc.kind, no)), doc as SharingOutcomeDoc),
    receiverAdded: async (a, s, acc) => docs.has(receiverId(a, s, acc)),
    markReceiverAdded: async (a, s, acc, at) => void once(receiverId(a, s, acc), { at }),
  };
}

/** The outbox as the bus keeps it: the first fact stored under an id is the event. */
function memoryBus(): Pick<EventBus, 'publish'> & { stored: Map<string, PublishInput<EventType>>; publishes: () => number } {
  const stored = new Map<string, PublishInput<EventType>>();
  let publishes = 0;
  return {
    stored,
    publishes: () => publishes,
    publish: async (input) => {
      publishes += 1;
      const first = !stored.has(input.id);
      if (first) stored.set(input.id, input as PublishInput<EventType>);
      return { id: input.id, stored: first, published: true, streamSequence: publishes };
    },
  };
}

const paidOrder: SharedOrder = { merchantId: 'm-fruit', paymentMethod: 'ONLINE', paid: true, transactionId: '4200000001', totalFen: 2560, refundedFen: 0 };
const requested: ProfitSharingRequestedV1 = {
  allianceId: 'demo', orderId: 'co-1-1', checkoutId: 'co-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', totalFen: 384,
  receivers: [
    { kind: 'ALLIANCE', id: 'demo', amountFen: 333, description: '联盟服务费及推广佣金' },
    { kind: 'SHOP', id: 'm-bakery', amountFen: 51, description: '跨店引流费' },
  ],
  at: NOW.toISOString(),
};
const returned: ProfitSharingReturnRequestedV1 = {
  allianceId: 'demo', orderId: 'co-1-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', outReturnNo: 'PR_co-1-1_90ab',
  receiver: { kind: 'SHOP', id: 'm-bakery' }, amountFen: 25, description: '订单退款,分账回退', at: NOW.toISOString(),
};

function setup(o: { provider?: PaymentProvider; order?: SharedOrder | null; maxAttempts?: number } = {}) {
  const sandbox = new SandboxPaymentProvider({ now: () => NOW, spMchId: '1230000109' });
  const provider = o.provider ?? sandbox;
  const repo = memoryRecords();
  const events = memoryBus();
  const service = new ProfitSharingService({
    provider,
    events,
    repo,
    order: async () => (o.order === undefined ? paidOrder : o.order),
    receiverName: async (_a, r) => (r.kind === 'ALLIANCE' ? '邻里联盟科技有限公司' : `${r.id} 有限公司`),
    accounts: { serviceProviderMchId: provider.serviceProviderMchId, subMerchantOf: (id) => `sub-${id}` },
    logger: pino({ level: 'silent' }),
    now: () => NOW,
    maxAttempts: o.maxAttempts ?? 3,
  });
  return { sandbox, repo, service, events };
}

/** A provider that fails the first `failures` sharing calls with `err`, then behaves as the sandbox. */
function flaky(err: () => Error, failures: number) {
  const sandbox = new SandboxPaymentProvider({ now: () => NOW, spMchId: '1230000109' });
  let calls = 0;
  const provider: PaymentProvider = Object.assign(Object.create(sandbox) as SandboxPaymentProvider, {
    requestProfitSharing: async (req: Parameters<PaymentProvider['requestProfitSharing']>[0]) => {
      calls += 1;
      if (calls <= failures) throw err();
      return sandbox.requestProfitSharing(req);
    },
  });
  return { provider, sandbox, calls: () => calls };
}

test('a sharing adds its receivers, is made once, and is recorded with its result; a redelivery changes nothing', async () => {
  const { sandbox, repo, service } = setup();
  const first = await service.requested('demo:profit-sharing:PS_co-1-1_3f2a', requested, 1);
  assert.equal(first.status, 'FINISHED');
  assert.deepEqual(sandbox.receiversAdded().map((r) => [r.subMerchantId, r.account, r.relationType, r.name]), [
    ['sub-m-fruit', '1230000109', 'SERVICE_PROVIDER', '邻里联盟科技有限公司'],
    ['sub-m-fruit', 'sub-m-bakery', 'PARTNER', 'm-bakery 有限公司'],
  ]);
  const again = await service.requested('demo:profit-sharing:PS_co-1-1_3f2a', requested, 1);
  assert.deepEqual(again, first);
  assert.deepEqual(sandbox.profitSharingsMade().map((s) => [s.request.outOrderNo, s.calls]), [['PS_co-1-1_3f2a', 1]]);
  const call = repo.docs.get('demo:profit-sharing:PS_co-1-1_3f2a') as SharingCallDoc;
  assert.deepEqual(call.request, sandbox.profitSharingsMade()[0]!.request);
  assert.equal((repo.docs.get('demo:profit-sharing:PS_co-1-1_3f2a:outcome') as SharingOutcomeDoc).status, 'FINISHED');
});

test('an order without an online payment is recorded as skipped and nothing is sent', async () => {
  const { sandbox, service } = setup({ order: { ...paidOrder, paymentMethod: 'ON_HANDOVER', transactionId: null } });
  const outcome = await service.requested('e1', requested, 1);
  assert.deepEqual([outcome.status, outcome.reason?.code], ['SKIPPED', 'NOT_PAID_ONLINE']);
  assert.equal(sandbox.profitSharingsMade().length + sandbox.receiversAdded().length, 0);
});

test('NOT_ENOUGH is retried (the handler throws for the bus to back off) and the same request then goes through', async () => {
  const f = flaky(() => new PaymentProviderError('PROVIDER_REJECTED', '分账金额不足', { status: 403, providerCode: 'NOT_ENOUGH', retryable: true }), 2);
  const { repo, service } = setup({ provider: f.provider });
  await assert.rejects(service.requested('e1', requested, 1), (e) => e instanceof PaymentProviderError && e.details.providerCode === 'NOT_ENOUGH');
  await assert.rejects(service.requested('e1', requested, 2));
  assert.equal(await repo.outcome('demo', 'SHARING', 'PS_co-1-1_3f2a'), null, 'nothing concluded while retrying');
  assert.equal((await service.requested('e1', requested, 3)).status, 'FINISHED');
  assert.equal(f.calls(), 3);
  assert.equal(f.sandbox.profitSharingsMade().length, 1);
});

test('a refusal is recorded as a final failure at once; a failure that persists is recorded on the last attempt, never thrown', async () => {
  const refused = flaky(() => new PaymentProviderError('PROVIDER_REJECTED', '参数错误', { status: 400, providerCode: 'PARAM_ERROR' }), 99);
  const a = setup({ provider: refused.provider });
  const outcome = await a.service.requested('e1', requested, 1);
  assert.deepEqual([outcome.status, outcome.reason?.code, outcome.reason?.providerCode, outcome.attempts], ['FAILED', 'PROVIDER_REJECTED', 'PARAM_ERROR', 1]);
  assert.equal(refused.calls(), 1);

  const down = flaky(() => new PaymentProviderError('PROVIDER_UNAVAILABLE', 'WeChat Pay unreachable', { retryable: true }), 99);
  const b = setup({ provider: down.provider, maxAttempts: 3 });
  await assert.rejects(b.service.requested('e1', requested, 1));
  await assert.rejects(b.service.requested('e1', requested, 2));
  const last = await b.service.requested('e1', requested, 3);
  assert.deepEqual([last.status, last.reason?.code, last.attempts], ['FAILED', 'PROVIDER_UNAVAILABLE', 3]);
  // Once recorded, later deliveries read the record and call nobody.
  await b.service.requested('e1', requested, 4);
  assert.equal(down.calls(), 3);
});

test('an event that contradicts its order is recorded as INVALID_EVENT and never sent', async () => {
  const { sandbox, service } = setup();
  const outcome = await service.requested('e1', { ...requested, totalFen: 999 }, 1);
  assert.deepEqual([outcome.status, outcome.reason?.code], ['FAILED', 'INVALID_EVENT']);
  assert.equal(sandbox.profitSharingsMade().length, 0);
});

test('a return waits for its sharing, then gives back once; a return of a sharing never made is skipped', async () => {
  const { sandbox, service } = setup({ maxAttempts: 2 });
  await assert.rejects(service.returnRequested('r1', returned, 1), /not made yet/);
  await service.requested('e1', requested, 1);
  const done = await service.returnRequested('r1', returned, 2);
  assert.equal(done.status, 'SUCCESS');
  await service.returnRequested('r1', returned, 3);
  assert.deepEqual(sandbox.profitSharingReturnsMade().map((r) => [r.request.returnMerchantId, r.request.amountFen, r.calls]), [['sub-m-bakery', 25, 1]]);
  // Never more than the receiver was given: the sandbox refuses, finally.
  const over = await service.returnRequested('r2', { ...returned, outReturnNo: 'PR_co-1-1_ffff', amountFen: 27 }, 1);
  assert.deepEqual([over.status, over.reason?.providerCode], ['FAILED', 'NOT_ENOUGH']);

  const skipped = setup();
  await skipped.service.requested('e1', { ...requested, totalFen: 1 }, 1); // rejected: not made
  const s = await skipped.service.returnRequested('r1', returned, 1);
  assert.deepEqual([s.status, s.reason?.code], ['SKIPPED', 'SHARING_NOT_MADE']);

  const waited = setup({ maxAttempts: 2 });
  await assert.rejects(waited.service.returnRequested('r1', returned, 1));
  const gaveUp = await waited.service.returnRequested('r1', returned, 2);
  assert.deepEqual([gaveUp.status, gaveUp.reason?.code], ['FAILED', 'SHARING_PENDING']);
});

test('every recorded outcome is announced once per out_order_no / out_return_no, and again on a redelivery (the outbox keeps one)', async () => {
  const { service, events } = setup();
  await service.requested('e1', requested, 1);
  await service.requested('e1', requested, 2);
  await service.returnRequested('r1', returned, 1);
  assert.deepEqual(
    [...events.stored.values()].map((e) => [e.id, e.type, (e.data as { status: string }).status]),
    [
      ['demo:profit-sharing-concluded:PS_co-1-1_3f2a', 'profit_sharing.concluded', 'FINISHED'],
      ['demo:profit-sharing-return-concluded:PR_co-1-1_90ab', 'profit_sharing.return_concluded', 'SUCCESS'],
    ],
  );
  // The redelivery published again (a crash may have come between the record and the announcement).
  assert.equal(events.publishes(), 3);
  assert.deepEqual(events.stored.get('demo:profit-sharing-concluded:PS_co-1-1_3f2a')!.data, { allianceId: 'demo', orderId: 'co-1-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', status: 'FINISHED', at: NOW.toISOString() });
});

test('skips and final failures are announced with their reason; a retry announces nothing until the outcome is recorded', async () => {
  const skipped = setup({ order: { ...paidOrder, paymentMethod: 'ON_HANDOVER', transactionId: null } });
  await skipped.service.requested('e1', requested, 1);
  assert.deepEqual(skipped.events.stored.get('demo:profit-sharing-concluded:PS_co-1-1_3f2a')!.data, {
    allianceId: 'demo', orderId: 'co-1-1', merchantId: 'm-fruit', outOrderNo: 'PS_co-1-1_3f2a', status: 'SKIPPED', reason: { code: 'NOT_PAID_ONLINE', message: 'the order has no online payment to share from' }, at: NOW.toISOString(),
  });

  const f = flaky(() => new PaymentProviderError('PROVIDER_REJECTED', '分账金额不足', { status: 403, providerCode: 'NOT_ENOUGH', retryable: true }), 99);
  const failing = setup({ provider: f.provider, maxAttempts: 2 });
  await assert.rejects(failing.service.requested('e1', requested, 1));
  assert.equal(failing.events.publishes(), 0, 'nothing announced while it may still pass');
  await failing.service.requested('e1', requested, 2);
  const data = failing.events.stored.get('demo:profit-sharing-concluded:PS_co-1-1_3f2a')!.data as { status: string; reason?: { code: string; providerCode?: string } };
  assert.deepEqual([data.status, data.reason?.code, data.reason?.providerCode], ['FAILED', 'PROVIDER_REJECTED', 'NOT_ENOUGH']);

  const notMade = setup();
  await notMade.service.requested('e1', { ...requested, totalFen: 1 }, 1);
  await notMade.service.returnRequested('r1', returned, 1);
  const back = notMade.events.stored.get('demo:profit-sharing-return-concluded:PR_co-1-1_90ab')!.data as { status: string; outReturnNo: string; reason?: { code: string } };
  assert.deepEqual([back.status, back.outReturnNo, back.reason?.code], ['SKIPPED', 'PR_co-1-1_90ab', 'SHARING_NOT_MADE']);
});
