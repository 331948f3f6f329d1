import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createCipheriv, createSign, createVerify, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { WeChatPayProvider, type WeChatPayConfig } from './wechatpay.js';
import { PaymentCallbackError, PaymentProviderError, type CombinedPaymentRequest, type ProfitSharingRequest, type ProfitSharingReturnRequest } from './payment-provider.js';

// Everything WeChat does is written here again with bare node:crypto, so the adapter is checked
// against an independent reading of the protocol, not against its own helpers.
const rsaPair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
const merchant = rsaPair();
const platform = rsaPair();
const stranger = rsaPair();
const API_V3_KEY = 'abcdefghijklmnopqrstuvwxyz012345';
const PLATFORM_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const SP_MCHID = '1230000109';
const SP_APPID = 'wxd678efh567hg6787';
const NOW = new Date('2025-03-01T02:00:00.000Z'); // 10:00 in Beijing
const nowSec = Math.floor(NOW.getTime() / 1000);

const sign = (message: string, key: string) => createSign('RSA-SHA256').update(message).sign(key, 'base64');
const verifies = (message: string, signature: string, key: string) => createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64');

function encrypt(plaintext: string, key: string | Buffer, aad = 'transaction', nonce = 'fdasflkja484') {
  const cipher = createCipheriv('aes-256-gcm', typeof key === 'string' ? Buffer.from(key) : key, Buffer.from(nonce));
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ct, associated_data: aad, nonce, original_type: 'transaction' };
}

const combineTx = (over: Record<string, unknown> = {}) => ({
  combine_appid: SP_APPID,
  combine_mchid: SP_MCHID,
  combine_out_trade_no: 'CK20250301A',
  sub_orders: [
    { mchid: SP_MCHID, sub_mchid: '1900000109', out_trade_no: 'OR20250301A1', transaction_id: '4200000001202503011234567890', trade_type: 'JSAPI', trade_state: 'SUCCESS', bank_type: 'CMC', success_time: '2025-03-01T09:59:30+08:00', amount: { total_amount: 2590, payer_amount: 2590, currency: 'CNY', payer_currency: 'CNY' } },
    { mchid: SP_MCHID, sub_mchid: '1900000110', out_trade_no: 'OR20250301A2', transaction_id: '4200000001202503011234567891', trade_type: 'JSAPI', trade_state: 'SUCCESS', bank_type: 'CMC', success_time: '2025-03-01T09:59:31+08:00', amount: { total_amount: 1200, payer_amount: 1100, currency: 'CNY', payer_currency: 'CNY' } },
  ],
  combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  ...over,
});

/** A notification as WeChat sends it; `o` bends one thing at a time. */
function wechatCallback(o: { tx?: unknown; key?: string | Buffer; signer?: string; serial?: string; timestamp?: number; eventType?: string; signature?: string } = {}) {
  const body = JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2025-03-01T10:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: o.eventType ?? 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: encrypt(JSON.stringify(o.tx ?? combineTx()), o.key ?? API_V3_KEY),
  });
  const ts = String(o.timestamp ?? nowSec);
  const nonce = 'ZDXGkdfJgGnWXyCeL6sXdC3Qh0mbsyhA';
  // Node lower-cases incoming header names; the adapter must not care.
  const headers = {
    'wechatpay-timestamp': ts,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': o.signature ?? sign(`${ts}\n${nonce}\n${body}\n`, o.signer ?? platform.privateKey),
    'wechatpay-serial': o.serial ?? PLATFORM_SERIAL,
  };
  return { headers, body };
}

type Call = { url: string; method: string; headers: Record<string, string>; body: string };

/** A fetch that records the request and answers as WeChat would, signed by `signer` under `serial`. */
function fakeWechat(answer: { status?: number; body: unknown; signer?: string; serial?: string; timestamp?: number; unsigned?: boolean }) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string>, body: String(init?.body ?? '') });
    const text = JSON.stringify(answer.body);
    const ts = String(answer.timestamp ?? nowSec);
    const nonce = 'RESPNONCE123';
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Request-ID': '08F78BB5AF0610' };
    if (!answer.unsigned) {
      Object.assign(headers, {
        'Wechatpay-Timestamp': ts,
        'Wechatpay-Nonce': nonce,
        'Wechatpay-Signature': sign(`${ts}\n${nonce}\n${text}\n`, answer.signer ?? platform.privateKey),
        'Wechatpay-Serial': answer.serial ?? PLATFORM_SERIAL,
      });
    }
    return new Response(text, { status: answer.status ?? 200, headers });
  };
  return { fetch, calls };
}

function provider(over: Partial<WeChatPayConfig> = {}) {
  return new WeChatPayProvider({
    spMchId: SP_MCHID,
    spAppId: SP_APPID,
    merchantSerialNo: '444F4864EA9B34415',
    merchantPrivateKeyPem: merchant.privateKey,
    apiV3Key: API_V3_KEY,
    platformCertificates: new Map([[PLATFORM_SERIAL, platform.publicKey]]),
    now: () => NOW,
    fetch: fakeWechat({ body: {} }).fetch,
    ...over,
  });
}

const request = (over: Partial<CombinedPaymentRequest> = {}): CombinedPaymentRequest => ({
  checkoutId: 'CK20250301A',
  description: '邻里联盟 结账',
  payBefore: new Date(NOW.getTime() + 15 * 60_000),
  notifyUrl: 'https://alliance.example.com/payments/wechat/notify',
  payerOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  subOrders: [
    { orderId: 'OR20250301A1', subMerchantId: '1900000109', amountFen: 2590, description: '鲜果铺 订单' },
    { orderId: 'OR20250301A2', subMerchantId: '1900000110', amountFen: 1200, description: '面包房 订单' },
  ],
  ...over,
});

async function callbackCode(p: WeChatPayProvider, cb: { headers: Record<string, string | undefined>; body: string }): Promise<string> {
  try {
    await p.parseCallback(cb.headers, cb.body);
  } catch (e) {
    assert.ok(e instanceof PaymentCallbackError, `expected a PaymentCallbackError, got ${e}`);
    return e.code;
  }
  return 'ACCEPTED';
}

test('a combined payment notification from WeChat is verified, decrypted and read', async () => {
  const cb = wechatCallback();
  const n = await provider().parseCallback(cb.headers, cb.body);
  assert.equal(n.eventId, 'EV-2018022511223320873');
  assert.equal(n.checkoutId, 'CK20250301A');
  assert.deepEqual(n.subOrders, [
    { orderId: 'OR20250301A1', subMerchantId: '1900000109', amountFen: 2590, payerAmountFen: 2590, transactionId: '4200000001202503011234567890', success: true },
    { orderId: 'OR20250301A2', subMerchantId: '1900000110', amountFen: 1200, payerAmountFen: 1100, transactionId: '4200000001202503011234567891', success: true },
  ]);
  assert.equal(n.paidAt.toISOString(), '2025-03-01T01:59:31.000Z');
});

test('platform keys may come from a lookup, and header names in any case', async () => {
  const cb = wechatCallback();
  const upper = Object.fromEntries(Object.entries(cb.headers).map(([k, v]) => [k.replace(/(^|-)\w/g, (c) => c.toUpperCase()), v]));
  const p = provider({ platformCertificates: async (serial) => (serial === PLATFORM_SERIAL ? platform.publicKey : undefined) });
  assert.equal((await p.parseCallback(upper, cb.body)).checkoutId, 'CK20250301A');
});

test('each way a callback can be wrong is refused with its own code', async () => {
  const p = provider();
  const good = wechatCallback();
  const tampered = { headers: good.headers, body: good.body.replace('EV-2018022511223320873', 'EV-2018022511223320874') };
  const codes = {
    tamperedBody: await callbackCode(p, tampered),
    signedByAnotherKey: await callbackCode(p, wechatCallback({ signer: stranger.privateKey })),
    garbledSignature: await callbackCode(p, wechatCallback({ signature: 'WECHATPAY/SIGNTEST/abc' })),
    unknownSerial: await callbackCode(p, wechatCallback({ serial: 'FFFF000011112222' })),
    staleTimestamp: await callbackCode(p, wechatCallback({ timestamp: nowSec - 301 })),
    futureTimestamp: await callbackCode(p, wechatCallback({ timestamp: nowSec + 301 })),
    wrongApiV3Key: await callbackCode(p, wechatCallback({ key: randomBytes(32) })),
    missingHeader: await callbackCode(p, { headers: { ...good.headers, 'wechatpay-nonce': undefined }, body: good.body }),
    otherEvent: await callbackCode(p, wechatCallback({ eventType: 'REFUND.SUCCESS' })),
    otherServiceProvider: await callbackCode(p, wechatCallback({ tx: combineTx({ combine_mchid: '1999999999' }) })),
    notATransaction: await callbackCode(p, wechatCallback({ tx: { hello: 'world' } })),
  };
  assert.deepEqual(codes, {
    tamperedBody: 'SIGNATURE_INVALID',
    signedByAnotherKey: 'SIGNATURE_INVALID',
    garbledSignature: 'SIGNATURE_MALFORMED',
    unknownSerial: 'UNKNOWN_SERIAL',
    staleTimestamp: 'STALE_TIMESTAMP',
    futureTimestamp: 'STALE_TIMESTAMP',
    wrongApiV3Key: 'DECRYPT_FAILED',
    missingHeader: 'MISSING_SIGNATURE_HEADERS',
    otherEvent: 'UNSUPPORTED_EVENT',
    otherServiceProvider: 'WRONG_MERCHANT',
    notATransaction: 'MALFORMED_CALLBACK',
  });
  // Just inside the window is fine.
  assert.equal(await callbackCode(p, wechatCallback({ timestamp: nowSec - 299 })), 'ACCEPTED');
});

test('the combined JSAPI order is signed by the merchant key and carries one sub-order per shop', async () => {
  const wechat = fakeWechat({ body: { prepay_id: 'wx201410272009395522657a690389285100' } });
  const intent = await provider({ fetch: wechat.fetch }).createCombinedPayment(request());
  assert.equal(wechat.calls.length, 1);
  const call = wechat.calls[0]!;
  assert.equal(call.url, 'https://api.mch.weixin.qq.com/v3/combine-transactions/jsapi');
  assert.equal(call.method, 'POST');
  assert.equal(call.headers['Content-Type'], 'application/json');

  const auth = call.headers.Authorization!;
  assert.match(auth, /^WECHATPAY2-SHA256-RSA2048 mchid="[^"]+",nonce_str="[^"]+",signature="[^"]+",timestamp="\d+",serial_no="[^"]+"$/);
  const f = Object.fromEntries([...auth.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) as Record<string, string>;
  assert.equal(f.mchid, SP_MCHID);
  assert.equal(f.serial_no, '444F4864EA9B34415');
  assert.equal(f.timestamp, String(nowSec));
  assert.ok(verifies(`POST\n/v3/combine-transactions/jsapi\n${f.timestamp}\n${f.nonce_str}\n${call.body}\n`, f.signature!, merchant.publicKey));
  assert.ok(!verifies(`POST\n/v3/combine-transactions/jsapi\n${f.timestamp}\n${f.nonce_str}\n${call.body} \n`, f.signature!, merchant.publicKey));

  const body = JSON.parse(call.body);
  assert.deepEqual(body, {
    combine_appid: SP_APPID,
    combine_mchid: SP_MCHID,
    combine_out_trade_no: 'CK20250301A',
    sub_orders: [
      { mchid: SP_MCHID, sub_mchid: '1900000109', out_trade_no: 'OR20250301A1', description: '鲜果铺 订单', amount: { total_amount: 2590, currency: 'CNY' }, settle_info: { profit_sharing: true } },
      { mchid: SP_MCHID, sub_mchid: '1900000110', out_trade_no: 'OR20250301A2', description: '面包房 订单', amount: { total_amount: 1200, currency: 'CNY' }, settle_info: { profit_sharing: true } },
    ],
    combine_payer_info: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    time_expire: '2025-03-01T10:15:00+08:00',
    notify_url: 'https://alliance.example.com/payments/wechat/notify',
  });

  assert.equal(intent.provider, 'wechatpay');
  assert.equal(intent.prepayId, 'wx201410272009395522657a690389285100');
  const c = intent.clientParams;
  assert.deepEqual(Object.keys(c).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
  assert.equal(c.appId, SP_APPID);
  assert.equal(c.package, 'prepay_id=wx201410272009395522657a690389285100');
  assert.equal(c.signType, 'RSA');
  assert.equal(c.timeStamp, String(nowSec));
  assert.ok(verifies(`${c.appId}\n${c.timeStamp}\n${c.nonceStr}\n${c.package}\n`, c.paySign!, merchant.publicKey));
});

async function providerError(run: () => Promise<unknown>): Promise<PaymentProviderError> {
  try {
    await run();
  } catch (e) {
    assert.ok(e instanceof PaymentProviderError, `expected a PaymentProviderError, got ${e}`);
    return e;
  }
  assert.fail('expected it to throw');
}

test('an answer is trusted only when WeChat signed it, freshly, under a known serial', async () => {
  const pay = (answer: Parameters<typeof fakeWechat>[0]) => provider({ fetch: fakeWechat(answer).fetch }).createCombinedPayment(request());
  const prepay = { prepay_id: 'wx2014' };
  assert.equal((await pay({ body: prepay })).prepayId, 'wx2014');
  for (const [answer, cause] of [
    [{ body: prepay, signer: stranger.privateKey }, 'SIGNATURE_INVALID'],
    [{ body: prepay, serial: 'NOT-A-PLATFORM-SERIAL' }, 'UNKNOWN_SERIAL'],
    [{ body: prepay, timestamp: nowSec - 3600 }, 'STALE_TIMESTAMP'],
    [{ body: prepay, unsigned: true }, 'MISSING_SIGNATURE_HEADERS'],
  ] as const) {
    const e = await providerError(() => pay(answer));
    assert.equal(e.code, 'RESPONSE_UNVERIFIED');
    assert.equal(e.details.providerCode, cause);
  }
});

test('WeChat refusals, outages and unreachable hosts become coded errors; only outages are retryable', async () => {
  const rejected = await providerError(() => provider({ fetch: fakeWechat({ status: 400, body: { code: 'PARAM_ERROR', message: 'sub_mchid 与 mchid 不匹配' } }).fetch }).createCombinedPayment(request()));
  assert.deepEqual([rejected.code, rejected.details.providerCode, rejected.details.status, rejected.retryable], ['PROVIDER_REJECTED', 'PARAM_ERROR', 400, false]);
  const down = await providerError(() => provider({ fetch: fakeWechat({ status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } }).fetch }).createCombinedPayment(request()));
  assert.deepEqual([down.code, down.retryable], ['PROVIDER_UNAVAILABLE', true]);
  const offline = await providerError(() => provider({ fetch: (async () => { throw new TypeError('fetch failed'); }) as typeof fetch }).createCombinedPayment(request()));
  assert.deepEqual([offline.code, offline.retryable], ['PROVIDER_UNAVAILABLE', true]);
});

test('requests WeChat would refuse are refused before anything is sent', async () => {
  const wechat = fakeWechat({ body: { prepay_id: 'x' } });
  const p = provider({ fetch: wechat.fetch });
  const sub = request().subOrders[0]!;
  for (const bad of [
    request({ checkoutId: 'alliance-1:CK1' }),
    request({ payerOpenId: undefined }),
    request({ notifyUrl: 'http://alliance.example.com/notify' }),
    request({ payBefore: NOW }),
    request({ subOrders: [] }),
    request({ subOrders: [{ ...sub, amountFen: 0 }] }),
    request({ subOrders: [{ ...sub, amountFen: 12.5 }] }),
    request({ subOrders: [sub, sub] }),
    request({ subOrders: [{ ...sub, description: '果'.repeat(43) }] }),
  ]) {
    assert.equal((await providerError(() => p.createCombinedPayment(bad))).code, 'INVALID_REQUEST');
  }
  const refund = { refundId: 'RF1', orderId: 'OR20250301A1', subMerchantId: '1900000109', refundFen: 100, totalFen: 2590, reason: '少了一个' };
  assert.equal((await providerError(() => p.refund({ ...refund, refundFen: 2591 }))).code, 'INVALID_REQUEST');
  assert.equal((await providerError(() => p.refund({ ...refund, refundId: 'RF:1' }))).code, 'INVALID_REQUEST');
  assert.equal(wechat.calls.length, 0);
});

test('a refund goes to the sub-merchant order and WeChat statuses map to ours', async () => {
  const refund = { refundId: 'RF20250301A', orderId: 'OR20250301A2', subMerchantId: '1900000110', refundFen: 600, totalFen: 1200, reason: '面包压坏了', notifyUrl: 'https://alliance.example.com/payments/wechat/refund-notify' };
  const answered = (status: string) => fakeWechat({ body: { refund_id: '50000000382019052709732678859', out_refund_no: 'RF20250301A', status, amount: { refund: 600, total: 1200 } } });
  const wechat = answered('PROCESSING');
  const result = await provider({ fetch: wechat.fetch }).refund(refund);
  assert.deepEqual(result, { refundId: 'RF20250301A', status: 'PROCESSING', providerRefundId: '50000000382019052709732678859' });
  const call = wechat.calls[0]!;
  assert.equal(call.url, 'https://api.mch.weixin.qq.com/v3/refund/domestic/refunds');
  assert.deepEqual(JSON.parse(call.body), {
    sub_mchid: '1900000110',
    out_trade_no: 'OR20250301A2',
    out_refund_no: 'RF20250301A',
    reason: '面包压坏了',
    notify_url: 'https://alliance.example.com/payments/wechat/refund-notify',
    amount: { refund: 600, total: 1200, currency: 'CNY' },
  });
  const f = Object.fromEntries([...call.headers.Authorization!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) as Record<string, string>;
  assert.ok(verifies(`POST\n/v3/refund/domestic/refunds\n${f.timestamp}\n${f.nonce_str}\n${call.body}\n`, f.signature!, merchant.publicKey));
  assert.equal((await provider({ fetch: answered('SUCCESS').fetch }).refund(refund)).status, 'SUCCESS');
  assert.equal((await provider({ fetch: answered('ABNORMAL').fetch }).refund(refund)).status, 'FAILED');
  assert.equal((await provider({ fetch: answered('CLOSED').fetch }).refund(refund)).status, 'FAILED');
});

test('a provider cannot be built with an APIv3 key of the wrong length', () => {
  assert.throws(() => provider({ apiV3Key: 'too-short' }), RangeError);
});

// ---- profit sharing (分账) ----

const authFields = (call: Call) => Object.fromEntries([...call.headers.Authorization!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]])) as Record<string, string>;
const signedBy = (call: Call, path: string, key: string) => {
  const f = authFields(call);
  return verifies(`POST\n${path}\n${f.timestamp}\n${f.nonce_str}\n${call.body}\n`, f.signature!, key);
};
const sharing = (over: Partial<ProfitSharingRequest> = {}): ProfitSharingRequest => ({
  outOrderNo: 'PS_OR20250301A1_3f2a9c0d1b7e4a55',
  subMerchantId: '1900000109',
  transactionId: '4200000001202503011234567890',
  receivers: [
    { type: 'MERCHANT_ID', account: SP_MCHID, amountFen: 333, description: '联盟服务费及推广佣金' },
    { type: 'MERCHANT_ID', account: '1900000110', amountFen: 51, description: '跨店引流费' },
  ],
  ...over,
});
const sharingReturn = (over: Partial<ProfitSharingReturnRequest> = {}): ProfitSharingReturnRequest => ({
  outReturnNo: 'PR_OR20250301A1_90ab12cd34ef5678',
  subMerchantId: '1900000109',
  outOrderNo: 'PS_OR20250301A1_3f2a9c0d1b7e4a55',
  returnMerchantId: SP_MCHID,
  amountFen: 167,
  description: '订单退款,分账回退',
  ...over,
});

test('a profit sharing is POSTed to /v3/profitsharing/orders for the sub-merchant, signed, unfreezing the rest', async () => {
  const wechat = fakeWechat({
    body: {
      sub_mchid: '1900000109', transaction_id: '4200000001202503011234567890', out_order_no: 'PS_OR20250301A1_3f2a9c0d1b7e4a55', order_id: '3008450740201411110007820472', state: 'PROCESSING',
      receivers: [
        { amount: 333, description: '联盟服务费及推广佣金', type: 'MERCHANT_ID', account: SP_MCHID, result: 'PENDING', detail_id: '36011111111111111111111', create_time: '2025-03-01T10:00:00+08:00' },
        { amount: 51, description: '跨店引流费', type: 'MERCHANT_ID', account: '1900000110', result: 'CLOSED', fail_reason: 'ACCOUNT_ABNORMAL', detail_id: '36011111111111111111112', create_time: '2025-03-01T10:00:00+08:00' },
      ],
    },
  });
  const result = await provider({ fetch: wechat.fetch }).requestProfitSharing(sharing());
  assert.equal(wechat.calls.length, 1);
  const call = wechat.calls[0]!;
  assert.equal(call.url, 'https://api.mch.weixin.qq.com/v3/profitsharing/orders');
  assert.equal(call.method, 'POST');
  assert.equal(authFields(call).mchid, SP_MCHID);
  assert.ok(signedBy(call, '/v3/profitsharing/orders', merchant.publicKey));
  assert.ok(!signedBy(call, '/v3/profitsharing/orders', stranger.publicKey));
  assert.equal(call.body, JSON.stringify(JSON.parse(call.body)), 'the signed bytes are the sent bytes');
  assert.deepEqual(JSON.parse(call.body), {
    sub_mchid: '1900000109',
    appid: SP_APPID,
    transaction_id: '4200000001202503011234567890',
    out_order_no: 'PS_OR20250301A1_3f2a9c0d1b7e4a55',
    receivers: [
      { type: 'MERCHANT_ID', account: SP_MCHID, amount: 333, description: '联盟服务费及推广佣金' },
      { type: 'MERCHANT_ID', account: '1900000110', amount: 51, description: '跨店引流费' },
    ],
    unfreeze_unsplit: true,
  });
  assert.deepEqual(result, {
    outOrderNo: 'PS_OR20250301A1_3f2a9c0d1b7e4a55',
    providerOrderId: '3008450740201411110007820472',
    state: 'PROCESSING',
    receivers: [
      { type: 'MERCHANT_ID', account: SP_MCHID, amountFen: 333, result: 'PENDING' },
      { type: 'MERCHANT_ID', account: '1900000110', amountFen: 51, result: 'CLOSED', failReason: 'ACCOUNT_ABNORMAL' },
    ],
  });
  const finished = fakeWechat({ body: { out_order_no: 'PS_OR20250301A1_3f2a9c0d1b7e4a55', order_id: '3008', state: 'FINISHED', receivers: [] } });
  assert.equal((await provider({ fetch: finished.fetch }).requestProfitSharing(sharing())).state, 'FINISHED');
  // An answer without WeChat's order id, or about another out_order_no, is not trusted (and safe to ask again).
  for (const body of [{ state: 'FINISHED' }, { out_order_no: 'PS_other', order_id: '3008', state: 'FINISHED' }, { order_id: '3008', state: 'DONE' }]) {
    const e = await providerError(() => provider({ fetch: fakeWechat({ body }).fetch }).requestProfitSharing(sharing()));
    assert.deepEqual([e.code, e.retryable], ['RESPONSE_UNVERIFIED', true]);
  }
});

test('a receiver is added with its name encrypted under the platform key and the key named in Wechatpay-Serial', async () => {
  const wechat = fakeWechat({ body: { sub_mchid: '1900000109', type: 'MERCHANT_ID', account: '1900000110', relation_type: 'PARTNER' } });
  await provider({ fetch: wechat.fetch }).addProfitSharingReceiver({ subMerchantId: '1900000109', type: 'MERCHANT_ID', account: '1900000110', name: '翠苑面包房有限公司', relationType: 'PARTNER' });
  const call = wechat.calls[0]!;
  assert.equal(call.url, 'https://api.mch.weixin.qq.com/v3/profitsharing/receivers/add');
  assert.equal(call.headers['Wechatpay-Serial'], PLATFORM_SERIAL);
  assert.ok(signedBy(call, '/v3/profitsharing/receivers/add', merchant.publicKey));
  const body = JSON.parse(call.body);
  assert.deepEqual({ ...body, name: '<encrypted>' }, { sub_mchid: '1900000109', appid: SP_APPID, type: 'MERCHANT_ID', account: '1900000110', name: '<encrypted>', relation_type: 'PARTNER' });
  assert.ok(!call.body.includes('面包房'), 'the name travels encrypted');
  const plain = privateDecrypt({ key: platform.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(body.name, 'base64')).toString('utf8');
  assert.equal(plain, '翠苑面包房有限公司');
});

test('a profit-sharing return goes to /v3/profitsharing/return-orders, signed, and its results map to ours', async () => {
  const answer = (result: string, extra: Record<string, unknown> = {}) => fakeWechat({ body: { sub_mchid: '1900000109', order_id: '3008450740201411110007820472', out_order_no: 'PS_OR20250301A1_3f2a9c0d1b7e4a55', out_return_no: 'PR_OR20250301A1_90ab12cd34ef5678', return_id: '3008450740201411110007820473', return_mchid: SP_MCHID, amount: 167, description: '订单退款,分账回退', result, create_time: '2025-03-02T10:00:00+08:00', ...extra } });
  const wechat = answer('SUCCESS');
  assert.deepEqual(await provider({ fetch: wechat.fetch }).returnProfitSharing(sharingReturn()), { outReturnNo: 'PR_OR20250301A1_90ab12cd34ef5678', providerReturnId: '3008450740201411110007820473', result: 'SUCCESS' });
  const call = wechat.calls[0]!;
  assert.equal(call.url, 'https://api.mch.weixin.qq.com/v3/profitsharing/return-orders');
  assert.ok(signedBy(call, '/v3/profitsharing/return-orders', merchant.publicKey));
  assert.deepEqual(JSON.parse(call.body), {
    sub_mchid: '1900000109',
    out_order_no: 'PS_OR20250301A1_3f2a9c0d1b7e4a55',
    out_return_no: 'PR_OR20250301A1_90ab12cd34ef5678',
    return_mchid: SP_MCHID,
    amount: 167,
    description: '订单退款,分账回退',
  });
  assert.equal((await provider({ fetch: answer('PROCESSING').fetch }).returnProfitSharing(sharingReturn())).result, 'PROCESSING');
  assert.deepEqual(await provider({ fetch: answer('FAILED', { fail_reason: 'BALANCE_NOT_ENOUGH' }).fetch }).returnProfitSharing(sharingReturn()), {
    outReturnNo: 'PR_OR20250301A1_90ab12cd34ef5678', providerReturnId: '3008450740201411110007820473', result: 'FAILED', failReason: 'BALANCE_NOT_ENOUGH',
  });
});

test('profit-sharing errors: NOT_ENOUGH, rate limits and outages may pass and are retryable; refusals are final', async () => {
  const answered = async (status: number, code: string) => {
    const e = await providerError(() => provider({ fetch: fakeWechat({ status, body: { code, message: code } }).fetch }).requestProfitSharing(sharing()));
    return [e.code, e.details.providerCode, e.retryable];
  };
  assert.deepEqual(await answered(403, 'NOT_ENOUGH'), ['PROVIDER_REJECTED', 'NOT_ENOUGH', true]);
  assert.deepEqual(await answered(429, 'FREQUENCY_LIMITED'), ['PROVIDER_UNAVAILABLE', 'FREQUENCY_LIMITED', true]);
  assert.deepEqual(await answered(500, 'SYSTEM_ERROR'), ['PROVIDER_UNAVAILABLE', 'SYSTEM_ERROR', true]);
  assert.deepEqual(await answered(400, 'PARAM_ERROR'), ['PROVIDER_REJECTED', 'PARAM_ERROR', false]);
  assert.deepEqual(await answered(400, 'INVALID_REQUEST'), ['PROVIDER_REJECTED', 'INVALID_REQUEST', false]);
  assert.deepEqual(await answered(403, 'NO_AUTH'), ['PROVIDER_REJECTED', 'NO_AUTH', false]);
  const back = await providerError(() => provider({ fetch: fakeWechat({ status: 403, body: { code: 'NOT_ENOUGH', message: '回退方余额不足' } }).fetch }).returnProfitSharing(sharingReturn()));
  assert.equal(back.retryable, true);
});

test('profit-sharing requests WeChat would refuse are refused before anything is sent', async () => {
  const wechat = fakeWechat({ body: {} });
  const p = provider({ fetch: wechat.fetch });
  const r = sharing().receivers[0]!;
  for (const bad of [
    sharing({ outOrderNo: 'demo:PS1' }),
    sharing({ outOrderNo: 'P'.repeat(65) }),
    sharing({ receivers: [] }),
    sharing({ receivers: Array.from({ length: 51 }, (_, i) => ({ ...r, account: `19000${String(i).padStart(5, '0')}` })) }),
    sharing({ receivers: [{ ...r, amountFen: 0 }] }),
    sharing({ receivers: [{ ...r, amountFen: 1.5 }] }),
    sharing({ receivers: [{ ...r, description: '费'.repeat(81) }] }),
    sharing({ receivers: [{ ...r, description: '' }] }),
    sharing({ receivers: [r, r] }),
    sharing({ receivers: [{ ...r, account: '1900000109' }] }),
  ]) {
    assert.equal((await providerError(() => p.requestProfitSharing(bad))).code, 'INVALID_REQUEST');
  }
  // 50 receivers and 80 characters are within the limits.
  const fifty = sharing({ receivers: Array.from({ length: 50 }, (_, i) => ({ ...r, account: `19000${String(i).padStart(5, '0')}`, description: '费'.repeat(80) })) });
  assert.equal((await p.requestProfitSharing(fifty).catch((e: PaymentProviderError) => e.code)), 'RESPONSE_UNVERIFIED');
  for (const bad of [sharingReturn({ amountFen: 0 }), sharingReturn({ outReturnNo: 'PR:1' }), sharingReturn({ returnMerchantId: '1900000109' }), sharingReturn({ description: '退'.repeat(81) })]) {
    assert.equal((await providerError(() => p.returnProfitSharing(bad))).code, 'INVALID_REQUEST');
  }
  for (const bad of [{ name: '' }, { account: '1900000109' }]) {
    const reg = { subMerchantId: '1900000109', type: 'MERCHANT_ID' as const, account: '1900000110', name: '翠苑面包房有限公司', relationType: 'PARTNER' as const, ...bad };
    assert.equal((await providerError(() => p.addProfitSharingReceiver(reg))).code, 'INVALID_REQUEST');
  }
  assert.equal(wechat.calls.length, 1, 'only the request within the limits was sent');
});
