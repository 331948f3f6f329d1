/**
 * Member prices (会员价) on a real FerretDB and NATS with real Keycloak tokens: set by the shop, served
 * by every replica's projection, and charged to signed-in shoppers by the quote, the cart and checkout.
 * The merchants subgraph is served in this process, called with gateway-signed requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { withDatabase } from '@alliance/store';
import { errorCodes, getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from '../config.js';
import { contextFactory } from '../context.js';
import { schema } from '../schema.js';
import { seedSuiteAlliance } from '../seed/suite-seed.js';
import { DEMO_MEMBER_PRICES } from '../seed/demo-alliance.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `member_price_it_${Date.now().toString(36)}`);
let svc: BootedSubgraph;
let replica: BootedSubgraph;
const booted: BootedSubgraph[] = [];
const boot = async () => {
  const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn' });
  const s = await bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
  booted.push(s);
  return s;
};
const tokens = new Map<string, string>();
const as = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await getToken(env.keycloakUrl, user));
  return tokens.get(user)!;
};
const call = async <T = any>(user: string | null, query: string, variables?: Record<string, unknown>, url = svc.url): Promise<T> => {
  const r = await signedGql<any>(url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token: user ? await as(user) : undefined });
  return r as T;
};

const PRODUCT_FIELDS = 'id price { amountFen } memberPrice { amountFen currency } specs { id price { amountFen } memberPrice { amountFen } }';
const PRODUCT = `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
const SET = `mutation($id: ID!, $spec: ID, $m: Fen) { setMemberPrice(id: $id, specId: $spec, memberPriceFen: $m) { product { ${PRODUCT_FIELDS} } userErrors { code field } } }`;
const SET_PRICE = 'mutation($id: ID!, $p: Fen!) { setProductPrice(id: $id, priceFen: $p) { userErrors { code } } }';
const PAGE = 'query($f: StorefrontFilter) { storefront(first: 100, filter: $f) { edges { node { id price { amountFen } memberPrice { amountFen } } } } }';
const QUOTE = `query($lines: [OrderLineInput!]!) { quote(lines: $lines) { subtotal { amountFen }
  lines { productId specId unitPrice { amountFen } listPrice { amountFen } memberPrice { amountFen } quantity lineTotal { amountFen } } userErrors { code } } }`;
const CART = 'cart { groups { lines { product { id } unitPrice { amountFen } addedPrice { amountFen } priceChanged spec { price { amountFen } memberPrice { amountFen } } } } }';
const ADD = `mutation($l: CartLineInput!) { addToCart(line: $l) { ${CART} userErrors { code } } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id orders { id merchant { id } subtotal { amountFen }
  lines { productId specId quantity unitPrice { amountFen } listPrice { amountFen } lineTotal { amountFen } } } } userErrors { code field message } } }`;

const product = async (id: string, url = svc.url) => {
  const r: any = await call(null, PRODUCT, { id }, url);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.product;
};
const setMember = async (user: string, id: string, m: number | null, spec?: string) => {
  const r: any = await call(user, SET, { id, spec, m });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.setMemberPrice;
};
const quote = async (user: string | null, lines: object[]) => {
  const r: any = await call(user, QUOTE, { lines });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.quote;
};

before(async () => {
  svc = await boot();
  replica = await boot();
  await seedSuiteAlliance(svc.connection);
});

after(async () => {
  await svc.connection.dropDatabase();
  for (const s of booted.reverse()) await s.stop();
});

describe('member prices (会员价)', () => {
  test('the seed gives some specs a member price; the product shows the lowest, others show none', async () => {
    const seeded = Object.entries(DEMO_MEMBER_PRICES);
    assert.ok(seeded.length >= 3 && seeded.length <= 5);
    for (const [specId, fen] of seeded) {
      const p = await product(specId.replace(/-\d+$/, ''));
      const spec = p.specs.find((s: any) => s.id === specId);
      assert.equal(spec.memberPrice.amountFen, fen);
      assert.ok(fen < spec.price.amountFen);
      assert.deepEqual(p.memberPrice, { amountFen: fen, currency: 'CNY' });
    }
    for (const id of ['p-fruit-01', 'p-fruit-04', 'p-fruit-05', 'p-bakery-02', 'p-bakery-07', 'p-bakery-08']) {
      const p = await product(id);
      assert.equal(p.memberPrice, null, id);
      assert.ok(p.specs.every((s: any) => s.memberPrice === null), id);
    }
  });

  test('only the shop sets member prices; bad ones are userErrors', async () => {
    assert.deepEqual(errorCodes(await call(null, SET, { id: 'p-fruit-06', m: 100 })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call('bakery-owner', SET, { id: 'p-fruit-06', m: 100 })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('alice', SET, { id: 'p-fruit-06', m: 100 })), ['FORBIDDEN']);
    const errors = async (id: string, m: number | null, spec?: string) => (await setMember('fruit-owner', id, m, spec)).userErrors;
    assert.deepEqual(await errors('p-fruit-06', 2990), [{ code: 'MEMBER_PRICE_NOT_BELOW_PRICE', field: ['memberPriceFen'] }], 'equal to the price');
    assert.deepEqual(await errors('p-fruit-06', 3500), [{ code: 'MEMBER_PRICE_NOT_BELOW_PRICE', field: ['memberPriceFen'] }]);
    assert.deepEqual(await errors('p-fruit-06', 0), [{ code: 'INVALID_MEMBER_PRICE', field: ['memberPriceFen'] }]);
    assert.deepEqual(await errors('p-fruit-06', -1), [{ code: 'INVALID_MEMBER_PRICE', field: ['memberPriceFen'] }]);
    assert.deepEqual(await errors('p-fruit-05', 4000), [{ code: 'SPEC_REQUIRED', field: ['specId'] }]);
    assert.deepEqual(await errors('p-fruit-05', 4000, 'p-fruit-05-9'), [{ code: 'UNKNOWN_SPEC', field: ['specId'] }]);
    assert.deepEqual(await errors('p-nope', 4000), [{ code: 'UNKNOWN_PRODUCT', field: ['id'] }]);
    assert.deepEqual(errorCodes(await call('fruit-owner', SET, { id: 'p-fruit-06', m: 9.5 })), ['BAD_USER_INPUT'], 'Fen is whole');
    assert.equal((await product('p-fruit-06')).memberPrice, null, 'nothing was written');
  });

  test('a member price set through one replica is served by the other and on storefront pages', async () => {
    await product('p-fruit-06', replica.url); // the replica has the catalogue loaded: it must hear the change
    const r = await setMember('fruit-owner', 'p-fruit-06', 2690);
    assert.deepEqual(r.userErrors, []);
    assert.equal(r.product.memberPrice.amountFen, 2690);
    assert.equal(r.product.price.amountFen, 2990, 'the price is untouched');
    assert.equal(r.product.specs[0].memberPrice.amountFen, 2690);
    for (const url of [svc.url, replica.url]) {
      assert.equal((await product('p-fruit-06', url)).memberPrice.amountFen, 2690);
      const page: any = await call(null, PAGE, { f: { merchantId: 'm-fruit' } }, url);
      const node = page.data.storefront.edges.find((e: any) => e.node.id === 'p-fruit-06').node;
      assert.deepEqual([node.price.amountFen, node.memberPrice.amountFen], [2990, 2690], 'the public storefront shows both');
    }
    const stored: any = await svc.connection.collection('products').findOne({ _id: 'demo:p-fruit-06' } as never);
    assert.equal(stored.specs[0].memberPriceFen, 2690);
    assert.equal(stored.specs[0].stock, 25, 'stock is untouched');
    // The same again (a retry) changes nothing.
    assert.deepEqual((await setMember('fruit-owner', 'p-fruit-06', 2690)).userErrors, []);
  });

  test('a multi-spec product: the member price is set per spec; the product shows the lowest', async () => {
    const r = await setMember('bakery-owner', 'p-bakery-07', 20800, 'p-bakery-07-2');
    assert.deepEqual(r.userErrors, []);
    assert.deepEqual(r.product.specs.map((s: any) => s.memberPrice?.amountFen ?? null), [null, 20800]);
    assert.equal(r.product.memberPrice.amountFen, 20800);
    const cleared = await setMember('bakery-owner', 'p-bakery-07', null, 'p-bakery-07-2');
    assert.deepEqual(cleared.userErrors, []);
    assert.equal(cleared.product.memberPrice, null);
    assert.equal((await product('p-bakery-07', replica.url)).memberPrice, null);
  });

  test('a quote charges a signed-in shopper the member price; an anonymous one the price, naming the member price', async () => {
    const lines = [{ productId: 'p-fruit-06', quantity: 2 }, { productId: 'p-fruit-07', quantity: 1 }];
    const anonymous = await quote(null, lines);
    assert.deepEqual(anonymous.userErrors, []);
    assert.deepEqual(anonymous.lines.map((l: any) => [l.productId, l.unitPrice.amountFen, l.listPrice.amountFen, l.memberPrice?.amountFen ?? null]), [
      ['p-fruit-06', 2990, 2990, 2690],
      ['p-fruit-07', 880, 880, null],
    ]);
    assert.equal(anonymous.subtotal.amountFen, 2 * 2990 + 880);
    const member = await quote('alice', lines);
    assert.deepEqual(member.lines.map((l: any) => [l.unitPrice.amountFen, l.lineTotal.amountFen]), [[2690, 5380], [880, 880]]);
    assert.equal(member.subtotal.amountFen, 2 * 2690 + 880);
  });

  test('the cart shows a member what she pays; a price cut below the member price wins, and rising again restores it', async () => {
    await call('bob', 'mutation { clearCart { userErrors { code } } }');
    const added: any = await call('bob', ADD, { l: { productId: 'p-fruit-06', quantity: 1 } });
    const line = added.data.addToCart.cart.groups[0].lines[0];
    assert.deepEqual([line.unitPrice.amountFen, line.addedPrice.amountFen, line.priceChanged], [2690, 2690, false]);
    assert.deepEqual([line.spec.price.amountFen, line.spec.memberPrice.amountFen], [2990, 2690]);

    assert.deepEqual((await call<any>('fruit-owner', SET_PRICE, { id: 'p-fruit-06', p: 2500 })).data.setProductPrice.userErrors, []);
    const cut = await product('p-fruit-06');
    assert.equal(cut.memberPrice, null, 'a member price at or above the price no longer counts');
    assert.equal((await quote('alice', [{ productId: 'p-fruit-06', quantity: 1 }])).lines[0].unitPrice.amountFen, 2500);
    const cart: any = await call('bob', `{ ${CART} }`);
    assert.deepEqual([cart.data.cart.groups[0].lines[0].unitPrice.amountFen, cart.data.cart.groups[0].lines[0].priceChanged], [2500, true]);

    assert.deepEqual((await call<any>('fruit-owner', SET_PRICE, { id: 'p-fruit-06', p: 2990 })).data.setProductPrice.userErrors, []);
    assert.equal((await product('p-fruit-06', replica.url)).memberPrice.amountFen, 2690, 'the member price was kept, not rewritten');
    assert.equal((await quote('alice', [{ productId: 'p-fruit-06', quantity: 1 }])).lines[0].unitPrice.amountFen, 2690);
  });

  test('checkout charges a member the member price, checks the expected price against it, and keeps the list price', async () => {
    const place = (lines: object[]) =>
      call<any>('alice', PLACE, { input: { lines, paymentMethod: 'ONLINE', pickupPointId: 'pp-cuiyuan', contactPhone: '13800138000', idempotencyKey: `it-${randomUUID()}` } });
    const listed = await place([{ productId: 'p-fruit-06', quantity: 1, expectedUnitPriceFen: 2990 }]);
    assert.equal(listed.data.placeOrder.checkout, null);
    assert.deepEqual(listed.data.placeOrder.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['PRICE_CHANGED', 'lines.0.expectedUnitPriceFen']]);

    const r = await place([{ productId: 'p-fruit-06', quantity: 2, expectedUnitPriceFen: 2690 }, { productId: 'p-fruit-07', quantity: 1, expectedUnitPriceFen: 880 }]);
    assert.deepEqual(r.data.placeOrder.userErrors, []);
    const [order] = r.data.placeOrder.checkout.orders;
    assert.deepEqual(order.lines.map((l: any) => [l.productId, l.unitPrice.amountFen, l.listPrice.amountFen, l.lineTotal.amountFen]), [
      ['p-fruit-06', 2690, 2990, 5380],
      ['p-fruit-07', 880, 880, 880],
    ]);
    assert.equal(order.subtotal.amountFen, 5380 + 880, 'promotions discount what the member price leaves');
    const again: any = await call('alice', `query($id: ID!) { order(id: $id) { lines { unitPrice { amountFen } listPrice { amountFen } } } }`, { id: order.id });
    assert.deepEqual(again.data.order.lines[0], { unitPrice: { amountFen: 2690 }, listPrice: { amountFen: 2990 } }, 'the order keeps what was charged');
  });
});
