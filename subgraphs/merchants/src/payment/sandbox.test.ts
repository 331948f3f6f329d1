import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { SandboxPaymentProvider } from './sandbox.js';
import { WeChatPayProvider } from './wechatpay.js';
import { PaymentCallbackError, PaymentProviderError, type CombinedPaymentRequest, type PaymentProvider } from './payment-provider.js';

const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const NOW = new Date('2025-03-01T02:00:00.000Z');
const now = () => NOW;
const NOTIFY_URL = 'http://127.0.0.1:4001/payments/wechat/notify';

const request = (over: Partial<CombinedPaymentRequest> = {}): CombinedPaymentRequest => ({
  checkoutId: 'CK20250301S',
  description: '邻里联盟 结账',
  payBefore: new Date(NOW.getTime() + 15 * 60_000),
  notifyUrl: NOTIFY_URL,
  subOrders: [
    { orderId: 'OR20250301S1', subMerchantId: 'fruit-shop', amountFen: 2590, description: '鲜果铺 订单' },
    { orderId: 'OR20250301S2', subMerchantId: 'bakery-shop', amountFen: 1200, description: '面包房 订单' },
  ],
  ...over,
});

/** A fetch standing in for the merchants subgraph's callback route: it answers as the lead's handler would. */
function callbackRoute(provider: PaymentProvider) {
  const received: { url: string; headers: Record<string, string>; body: string }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = Object.fromEntries(Object.entries(init?.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    received.push({ url: String(input), headers, body: String(init?.body) });
    try {
      await provider.parseCallback(headers, String(init?.body));
      return new Response(null, { status: 204 });
    } catch (e) {
      return new Response(JSON.stringify({ code: 'FAIL', message: (e as PaymentCallbackError).code }), { status: 401 });
    }
  };
  return { fetch, received };
}

async function callbackCode(p: PaymentProvider, cb: { headers: Record<string, string>; body: string }): Promise<string> {
  try {
    await p.parseCallback(cb.headers, cb.body);
    return 'ACCEPTED';
  } catch (e) {
    assert.ok(e instanceof PaymentCallbackError);
    return e.code;
  }
}

test('the sandbox remembers the checkout and sends the payer to its pay page', async () => {
  const sandbox = new SandboxPaymentProvider({ now });
  const intent = await sandbox.createCombinedPayment(request());
  assert.equal(intent.provider, 'sandbox');
  assert.deepEqual(intent.clientParams, { payUrl: '/pay/sandbox/CK20250301S' });
  assert.match(intent.prepayId, /^sandbox_\d+$/);
  assert.equal(sandbox.pending('CK20250301S')?.subOrders.length, 2);
  // It refuses what WeChat would, so a bad id shows up in development.
  await assert.rejects(sandbox.createCombinedPayment(request({ checkoutId: 'alliance:CK1' })), (e) => e instanceof PaymentProviderError && e.code === 'INVALID_REQUEST');
});

test("the sandbox's callback is WeChat-shaped and round-trips through parseCallback", async () => {
  const sandbox = new SandboxPaymentProvider({ now });
  await sandbox.createCombinedPayment(request());
  const cb = sandbox.buildCallback('CK20250301S');
  assert.deepEqual(Object.keys(cb.headers).sort(), ['Content-Type', 'Wechatpay-Nonce', 'Wechatpay-Serial', 'Wechatpay-Signature', 'Wechatpay-Timestamp']);
  const envelope = JSON.parse(cb.body);
  assert.equal(envelope.event_type, 'TRANSACTION.SUCCESS');
  assert.equal(envelope.resource.algorithm, 'AEAD_AES_256_GCM');
  assert.ok(!cb.body.includes('OR20250301S1'), 'the order ids travel encrypted');

  const n = await sandbox.parseCallback(cb.headers, cb.body);
  assert.equal(n.checkoutId, 'CK20250301S');
  assert.deepEqual(n.subOrders.map((s) => [s.orderId, s.subMerchantId, s.amountFen, s.success]), [
    ['OR20250301S1', 'fruit-shop', 2590, true],
    ['OR20250301S2', 'bakery-shop', 1200, true],
  ]);
  assert.equal(n.paidAt.getTime(), NOW.getTime());
  // Building it again is WeChat retrying the same notification: the same event and transaction ids.
  const again = await sandbox.parseCallback(...pair(sandbox.buildCallback('CK20250301S')));
  assert.equal(again.eventId, n.eventId);
  assert.deepEqual(again.subOrders.map((s) => s.transactionId), n.subOrders.map((s) => s.transactionId));

  const tampered = { headers: cb.headers, body: cb.body.replace('"id":"', '"id":"x') };
  assert.equal(await callbackCode(sandbox, tampered), 'SIGNATURE_INVALID');
});

const pair = (cb: { headers: Record<string, string>; body: string }) => [cb.headers, cb.body] as const;

test('a WeChatPayProvider holding the sandbox keys accepts its callback: it is the production format', async () => {
  const platform = rsaPair();
  const apiV3Key = randomBytes(32);
  const sandbox = new SandboxPaymentProvider({ now, platformPrivateKeyPem: platform.privateKey, apiV3Key, spMchId: '1230000109', spAppId: 'wxd678efh567hg6787' });
  await sandbox.createCombinedPayment(request());
  const wechat = new WeChatPayProvider({
    spMchId: '1230000109', spAppId: 'wxd678efh567hg6787', merchantSerialNo: 'M1', merchantPrivateKeyPem: platform.privateKey,
    apiV3Key, platformCertificates: new Map([[sandbox.platformSerial, platform.publicKey]]), now,
  });
  assert.equal((await wechat.parseCallback(...pair(sandbox.buildCallback('CK20250301S')))).checkoutId, 'CK20250301S');
});

test('a sandbox callback replayed to a WeChatPayProvider with other keys is refused', async () => {
  const sandbox = new SandboxPaymentProvider({ now });
  await sandbox.createCombinedPayment(request());
  const cb = sandbox.buildCallback('CK20250301S');
  const other = rsaPair();
  const wechat = (certs: Map<string, string>, apiV3Key: string | Buffer = randomBytes(32)) => new WeChatPayProvider({
    spMchId: sandbox.spMchId, spAppId: sandbox.spAppId, merchantSerialNo: 'M1', merchantPrivateKeyPem: other.privateKey, apiV3Key, platformCertificates: certs, now,
  });
  // Production's certificates do not know the sandbox's serial…
  assert.equal(await callbackCode(wechat(new Map([['5157F09EFDC096DE15EBE81A47057A7232F1B8E1', other.publicKey]])), cb), 'UNKNOWN_SERIAL');
  // …and even under a borrowed serial the signature is not WeChat's…
  assert.equal(await callbackCode(wechat(new Map([[sandbox.platformSerial, other.publicKey]])), cb), 'SIGNATURE_INVALID');
  // …and with the sandbox's public key but our own APIv3 key, the resource does not open.
  assert.equal(await callbackCode(wechat(new Map([[sandbox.platformSerial, sandbox.platformPublicKeyPem]])), cb), 'DECRYPT_FAILED');
});

test('notify POSTs the callback to the notify URL, through the same verification', async () => {
  const sandbox = new SandboxPaymentProvider({ now });
  const route = callbackRoute(sandbox);
  const paying = new SandboxPaymentProvider({ now, fetch: route.fetch });
  await paying.createCombinedPayment(request());
  // The route verifies with `sandbox`, whose keys differ from `paying`'s: refused.
  assert.equal((await paying.notify('CK20250301S')).status, 401);

  const self = new SandboxPaymentProvider({ now, fetch: (...args) => selfRoute.fetch(...args) });
  const selfRoute = callbackRoute(self);
  await self.createCombinedPayment(request());
  assert.equal((await self.notify('CK20250301S')).status, 204);
  assert.equal(selfRoute.received.length, 1);
  assert.equal(selfRoute.received[0]!.url, NOTIFY_URL);
  assert.ok(selfRoute.received[0]!.headers['wechatpay-signature']);
});

test('after a restart the notification is rebuilt from sub-orders the caller passes', async () => {
  const platform = rsaPair();
  const apiV3Key = randomBytes(32);
  const before = new SandboxPaymentProvider({ now, platformPrivateKeyPem: platform.privateKey, apiV3Key });
  await before.createCombinedPayment(request());
  const remembered = await before.parseCallback(...pair(before.buildCallback('CK20250301S')));

  const after = new SandboxPaymentProvider({ now, platformPrivateKeyPem: platform.privateKey, apiV3Key, fetch: (...args) => route.fetch(...args) });
  const route = callbackRoute(after);
  await assert.rejects(after.notify('CK20250301S'), (e) => e instanceof PaymentProviderError && e.code === 'UNKNOWN_CHECKOUT');
  assert.throws(() => after.buildCallback('CK20250301S'), (e) => e instanceof PaymentProviderError && e.code === 'UNKNOWN_CHECKOUT');
  const subOrders = request().subOrders.map(({ orderId, subMerchantId, amountFen }) => ({ orderId, subMerchantId, amountFen }));
  assert.equal((await after.notify('CK20250301S', subOrders, NOTIFY_URL)).status, 204);
  const rebuilt = await after.parseCallback(...pair(after.buildCallback('CK20250301S', subOrders)));
  assert.deepEqual(rebuilt.subOrders, remembered.subOrders);
  assert.equal(rebuilt.eventId, remembered.eventId);
});

test('sandbox refunds succeed at once, are idempotent by refund id and never exceed the order total', async () => {
  const sandbox = new SandboxPaymentProvider({ now });
  const refund = { refundId: 'RF20250301S1', orderId: 'OR20250301S2', subMerchantId: 'bakery-shop', refundFen: 700, totalFen: 1200, reason: '面包压坏了' };
  const first = await sandbox.refund(refund);
  assert.equal(first.status, 'SUCCESS');
  assert.deepEqual(await sandbox.refund(refund), first);
  assert.equal(sandbox.refundsMade().length, 1);
  await assert.rejects(sandbox.refund({ ...refund, refundId: 'RF20250301S2', refundFen: 501 }), (e) => e instanceof PaymentProviderError && e.code === 'PROVIDER_REJECTED');
  assert.equal((await sandbox.refund({ ...refund, refundId: 'RF20250301S3', refundFen: 500 })).status, 'SUCCESS');
  await assert.rejects(sandbox.refund({ ...refund, refundFen: 600 }), (e) => e instanceof PaymentProviderError && e.code === 'PROVIDER_REJECTED');
  assert.deepEqual(sandbox.refundsMade().map((r) => [r.refundId, r.refundFen]), [['RF20250301S1', 700], ['RF20250301S3', 500]]);
});

test('sandbox profit sharing: receivers must be added first, one record per out_order_no, returns capped by what was given', async () => {
  const sandbox = new SandboxPaymentProvider({ now, spMchId: '1230000109' });
  assert.equal(sandbox.serviceProviderMchId, '1230000109');
  const req = { outOrderNo: 'PS_OR1_3f2a', subMerchantId: 'sub-m-fruit', transactionId: '4200000001', receivers: [{ type: 'MERCHANT_ID' as const, account: 'sub-m-bakery', amountFen: 51, description: '跨店引流费' }] };
  await assert.rejects(sandbox.requestProfitSharing(req), (e) => e instanceof PaymentProviderError && e.details.providerCode === 'INVALID_REQUEST' && /接收方关系不存在/.test(e.message));
  await sandbox.addProfitSharingReceiver({ subMerchantId: 'sub-m-fruit', type: 'MERCHANT_ID', account: 'sub-m-bakery', name: '面包房', relationType: 'PARTNER' });
  const first = await sandbox.requestProfitSharing(req);
  assert.equal(first.state, 'FINISHED');
  assert.deepEqual(await sandbox.requestProfitSharing(structuredClone(req)), first);
  await assert.rejects(sandbox.requestProfitSharing({ ...req, receivers: [{ ...req.receivers[0]!, amountFen: 52 }] }), (e) => e instanceof PaymentProviderError && e.code === 'PROVIDER_REJECTED');
  assert.deepEqual(sandbox.profitSharingsMade().map((s) => [s.request.outOrderNo, s.calls]), [['PS_OR1_3f2a', 2]]);

  const back = { outReturnNo: 'PR_OR1_1', subMerchantId: 'sub-m-fruit', outOrderNo: 'PS_OR1_3f2a', returnMerchantId: 'sub-m-bakery', amountFen: 50, description: '退款回退' };
  assert.equal((await sandbox.returnProfitSharing(back)).result, 'SUCCESS');
  assert.equal((await sandbox.returnProfitSharing(back)).result, 'SUCCESS');
  await assert.rejects(sandbox.returnProfitSharing({ ...back, outReturnNo: 'PR_OR1_2', amountFen: 2 }), (e) => e instanceof PaymentProviderError && e.details.providerCode === 'NOT_ENOUGH');
  assert.equal((await sandbox.returnProfitSharing({ ...back, outReturnNo: 'PR_OR1_3', amountFen: 1 })).result, 'SUCCESS');
  assert.deepEqual(sandbox.profitSharingReturnsMade().map((r) => [r.request.outReturnNo, r.request.amountFen, r.calls]), [['PR_OR1_1', 50, 2], ['PR_OR1_3', 1, 1]]);
});
