/**
 * The merchants subgraph on a real FerretDB: a fresh database per run, seeded with the demo alliance,
 * served by the real service, called with gateway-signed requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { withDatabase } from '@alliance/store';
import { errorCodes, getToken, gql, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from './config.js';
import { contextFactory } from './context.js';
import { schema } from './schema.js';
import { seedDemoAlliance } from './seed/seed.js';
import { seedSuiteAlliance } from './seed/suite-seed.js';
import { DEMO_SHOPS } from './seed/demo-alliance.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `merchants_it_${Date.now().toString(36)}`);
let svc: BootedSubgraph;
let replica: BootedSubgraph;
const call = <T = any>(query: string, variables?: Record<string, unknown>, allianceId = 'demo', url = svc.url, token?: string) =>
  signedGql<T>(url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId, token });
const boot = () => {
  const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn' });
  return bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
};

const PAGE = `query($first: Int, $after: String, $filter: StorefrontFilter) {
  storefront(first: $first, after: $after, filter: $filter) {
    totalCount edges { cursor node { id name price { amountFen currency } stock category merchant { id name neighborhood } } }
    pageInfo { hasNextPage endCursor } } }`;
const TOTAL = DEMO_SHOPS.reduce((n, s) => n + s.products.length, 0);

before(async () => {
  svc = await boot();
  replica = await boot();
  await seedSuiteAlliance(svc.connection);
});

after(async () => {
  await svc.connection.dropDatabase();
  await replica.stop();
  await svc.stop();
});

describe('storefront on FerretDB', () => {
  test('pages through every product of every shop exactly once', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await call(PAGE, { first: 10, after: cursor });
      assert.equal(r.errors, undefined);
      const page = r.data.storefront;
      assert.equal(page.totalCount, TOTAL);
      for (const e of page.edges) {
        assert.ok(!seen.has(e.node.id), `duplicate ${e.node.id}`);
        seen.add(e.node.id);
        assert.ok(Number.isSafeInteger(e.node.price.amountFen));
        assert.equal(e.node.price.currency, 'CNY');
      }
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (cursor && pages < 20);
    assert.equal(seen.size, TOTAL);
    assert.equal(pages, Math.ceil(TOTAL / 10));
  });

  test('filters by shop, category and neighbourhood', async () => {
    const byShop: any = await call(PAGE, { first: 100, filter: { merchantId: 'm-bakery' } });
    const bakery = DEMO_SHOPS.find((s) => s.id === 'm-bakery')!;
    assert.equal(byShop.data.storefront.totalCount, bakery.products.length);
    assert.ok(byShop.data.storefront.edges.every((e: any) => e.node.merchant.id === 'm-bakery'));

    const tea: any = await call(PAGE, { first: 100, filter: { category: 'tea' } });
    const teaCount = DEMO_SHOPS.flatMap((s) => s.products).filter((p) => p[4] === 'tea').length;
    assert.equal(tea.data.storefront.totalCount, teaCount);

    const hood: any = await call(PAGE, { first: 100, filter: { neighborhood: '文新小区' } });
    const hoodCount = DEMO_SHOPS.filter((s) => s.neighborhood === '文新小区').flatMap((s) => s.products).length;
    assert.equal(hood.data.storefront.totalCount, hoodCount);
    assert.ok(hood.data.storefront.edges.every((e: any) => e.node.merchant.neighborhood === '文新小区'));

    const both: any = await call(PAGE, { first: 100, filter: { neighborhood: '文新小区', merchantId: 'm-bakery' } });
    assert.equal(both.data.storefront.totalCount, 0, 'the bakery is not in 文新小区');

    const search: any = await call(PAGE, { first: 100, filter: { search: '黄桃' } });
    assert.ok(search.data.storefront.totalCount >= 2);
  });

  test('refuses page sizes over 100, forged cursors and unknown categories with BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 101 }, { first: 0 }, { after: 'bm9wZQ' }, { filter: { category: 'weapons' } }]) {
      const r = await call(PAGE, vars);
      assert.deepEqual(errorCodes(r), ['BAD_USER_INPUT'], JSON.stringify(vars));
    }
  });

  test('a storefront page costs one database round trip (the catalogue version), whatever its size', async () => {
    await call(PAGE, { first: 1 }); // the projection is warm
    for (const first of [5, 24, 70]) {
      const r: any = await call(PAGE, { first, filter: first === 70 ? { search: '桃' } : null });
      assert.equal(r.errors, undefined);
      assert.equal(r.extensions.metrics.dbRoundTrips, 1, `first=${first}`);
    }
  });

  test('resolves federation references from the projection in one round trip', async () => {
    const reps = ['m-fruit', 'm-bakery', 'm-tea', 'nope'].map((id) => ({ __typename: 'Merchant', id }));
    const r: any = await call('query($r: [_Any!]!) { _entities(representations: $r) { ... on Merchant { id name kind productCount } } }', { r: reps });
    assert.deepEqual(r.data._entities.map((m: any) => m?.id ?? null), ['m-fruit', 'm-bakery', 'm-tea', null]);
    assert.equal(r.data._entities[0].productCount, DEMO_SHOPS[0]!.products.length);
    assert.equal(r.extensions.metrics.dbRoundTrips, 1);
  });
});

describe('catalogue changes across replicas', () => {
  const PRICE = 'mutation($id: ID!, $p: Fen!) { setProductPrice(id: $id, priceFen: $p) { product { id price { amountFen } } userErrors { code field } } }';
  const PRODUCT = 'query($id: ID!) { product(id: $id) { id price { amountFen } } }';

  test('a price set through one replica is served by the other', async () => {
    const owner = await getToken(env.keycloakUrl, 'fruit-owner');
    const before: any = await call(PRODUCT, { id: 'p-fruit-02' }, 'demo', replica.url);
    const next = before.data.product.price.amountFen + 100;
    const r: any = await call(PRICE, { id: 'p-fruit-02', p: next }, 'demo', svc.url, owner);
    assert.deepEqual(r.data.setProductPrice.userErrors, []);
    assert.equal(r.data.setProductPrice.product.price.amountFen, next);
    const after: any = await call(PRODUCT, { id: 'p-fruit-02' }, 'demo', replica.url);
    assert.equal(after.data.product.price.amountFen, next);
    const page: any = await call(PAGE, { first: 100, filter: { merchantId: 'm-fruit' } }, 'demo', replica.url);
    assert.equal(page.data.storefront.edges.find((e: any) => e.node.id === 'p-fruit-02').node.price.amountFen, next);
  });

  test('the other replica hears the change as an event, so its next request needs no catch-up', async () => {
    const owner = await getToken(env.keycloakUrl, 'fruit-owner');
    const health = async (url: string) => ((await (await fetch(new URL('/healthz', url))).json()) as any).catalog;
    const before = await health(replica.url);
    const r: any = await call(PRICE, { id: 'p-fruit-03', p: 1234 }, 'demo', svc.url, owner);
    assert.deepEqual(r.data.setProductPrice.userErrors, []);
    let heard = before;
    for (let i = 0; i < 100 && heard.eventsApplied === before.eventsApplied; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      heard = await health(replica.url);
    }
    assert.equal(heard.eventsApplied, before.eventsApplied + 1, 'the replica applied the price-changed event');
    const served: any = await call(PRODUCT, { id: 'p-fruit-03' }, 'demo', replica.url);
    assert.equal(served.data.product.price.amountFen, 1234);
    assert.equal(served.extensions.metrics.dbRoundTrips, 1, 'only the version check');
    assert.equal((await health(replica.url)).catchUps, heard.catchUps, 'no catch-up from the change log was needed');
  });

  test('only the shop prices its products; bad prices are userErrors', async () => {
    const [owner, bakery, alice] = await Promise.all(['fruit-owner', 'bakery-owner', 'alice'].map((u) => getToken(env.keycloakUrl, u)));
    assert.deepEqual(errorCodes(await call(PRICE, { id: 'p-fruit-01', p: 1 }, 'demo', svc.url, bakery)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(PRICE, { id: 'p-fruit-01', p: 1 }, 'demo', svc.url, alice)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(PRICE, { id: 'p-fruit-01', p: 1 })), ['UNAUTHENTICATED']);
    const negative: any = await call(PRICE, { id: 'p-fruit-01', p: -5 }, 'demo', svc.url, owner);
    assert.deepEqual(negative.data.setProductPrice.userErrors, [{ code: 'INVALID_PRICE', field: ['priceFen'] }]);
    // Fen is a safe integer: floats, strings and values past 2^53 never reach the service.
    for (const p of [12.5, '1280', 2 ** 53]) {
      assert.deepEqual(errorCodes(await call(PRICE, { id: 'p-fruit-01', p }, 'demo', svc.url, owner)), ['BAD_USER_INPUT'], String(p));
    }
    const literal = await call('mutation { setProductPrice(id: "p-fruit-01", priceFen: 9.99) { userErrors { code } } }', undefined, 'demo', svc.url, owner);
    assert.deepEqual(errorCodes(literal), ['BAD_USER_INPUT']);
    const typo = await call('{ storefrnt { totalCount } }');
    assert.deepEqual(errorCodes(typo), ['GRAPHQL_VALIDATION_FAILED'], 'other validation errors keep their code');
    const empty: any = await call(PRICE, { id: '', p: 5 }, 'demo', svc.url, owner);
    assert.deepEqual(empty.data.setProductPrice.userErrors, [{ code: 'UNKNOWN_PRODUCT', field: ['id'] }]);
    const unknown: any = await call(PRICE, { id: 'p-nope', p: 5 }, 'demo', svc.url, owner);
    assert.deepEqual(unknown.data.setProductPrice.userErrors, [{ code: 'UNKNOWN_PRODUCT', field: ['id'] }]);
  });
});

describe('specs (规格)', () => {
  const SPECS = 'query($id: ID!) { product(id: $id) { price { amountFen } stock specs { id name stock price { amountFen } } } }';
  const SPEC_PRICE = 'mutation($id: ID!, $spec: ID, $p: Fen!) { setProductPrice(id: $id, specId: $spec, priceFen: $p) { product { price { amountFen } specs { id price { amountFen } } } userErrors { code field } } }';

  test('a product lists its specs; its price is the lowest and its stock the sum', async () => {
    const r: any = await call(SPECS, { id: 'p-bakery-07' });
    assert.deepEqual(r.data.product.specs.map((s: any) => [s.id, s.name, s.price.amountFen, s.stock]), [
      ['p-bakery-07-1', '6 寸', 16800, 8],
      ['p-bakery-07-2', '8 寸', 22800, 5],
    ]);
    assert.equal(r.data.product.price.amountFen, 16800);
    assert.equal(r.data.product.stock, 13);
    const single: any = await call(SPECS, { id: 'p-bakery-01' });
    assert.equal(single.data.product.specs.length, 1);
  });

  test('a spec price is set by naming the spec; the listed price follows the lowest', async () => {
    const owner = await getToken(env.keycloakUrl, 'bakery-owner');
    const unnamed: any = await call(SPEC_PRICE, { id: 'p-bakery-07', p: 17000 }, 'demo', svc.url, owner);
    assert.deepEqual(unnamed.data.setProductPrice.userErrors, [{ code: 'SPEC_REQUIRED', field: ['specId'] }]);
    const unknown: any = await call(SPEC_PRICE, { id: 'p-bakery-07', spec: 'p-bakery-07-9', p: 17000 }, 'demo', svc.url, owner);
    assert.deepEqual(unknown.data.setProductPrice.userErrors, [{ code: 'UNKNOWN_SPEC', field: ['specId'] }]);
    const r: any = await call(SPEC_PRICE, { id: 'p-bakery-07', spec: 'p-bakery-07-1', p: 25800 }, 'demo', svc.url, owner);
    assert.deepEqual(r.data.setProductPrice.userErrors, []);
    assert.deepEqual(r.data.setProductPrice.product.specs.map((s: any) => s.price.amountFen), [25800, 22800]);
    assert.equal(r.data.setProductPrice.product.price.amountFen, 22800, 'the 8 寸 is now the cheapest');
    const served: any = await call(SPECS, { id: 'p-bakery-07' }, 'demo', replica.url);
    assert.equal(served.data.product.price.amountFen, 22800);
    assert.equal(served.data.product.stock, 13, 'stock is untouched by a price change');
  });
});

describe('stock (per spec, never below zero)', () => {
  const ADJUST = `mutation($p: ID!, $s: ID, $d: Int!, $k: String!) {
    adjustStock(productId: $p, specId: $s, delta: $d, reason: "盘点", idempotencyKey: $k) { spec { id stock } product { stock } userErrors { code field } } }`;

  test('40 concurrent corrections of -1 on a spec of 12: exactly 12 apply, the rest are OUT_OF_STOCK', async () => {
    const owner = await getToken(env.keycloakUrl, 'fruit-owner');
    const run = `${Date.now().toString(36)}`;
    const results: any[] = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(ADJUST, { p: 'p-fruit-05', s: 'p-fruit-05-2', d: -1, k: `race-${run}-${i}` }, 'demo', i % 2 ? replica.url : svc.url, owner)),
    );
    for (const r of results) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const applied = results.filter((r) => r.data.adjustStock.userErrors.length === 0);
    const refused = results.filter((r) => r.data.adjustStock.userErrors[0]?.code === 'OUT_OF_STOCK');
    assert.equal(applied.length, 12);
    assert.equal(refused.length, 28);
    const levels = applied.map((r) => r.data.adjustStock.spec.stock).sort((a: number, b: number) => a - b);
    assert.deepEqual(levels, Array.from({ length: 12 }, (_, i) => i), 'each movement saw its own level');
    const product: any = await call('{ product(id: "p-fruit-05") { stock specs { id stock } } }');
    assert.deepEqual(product.data.product.specs.map((s: any) => s.stock), [30, 0]);
    assert.equal(product.data.product.stock, 30);
  });

  test('a replayed key answers as the first call; the same key for another request is refused', async () => {
    const owner = await getToken(env.keycloakUrl, 'fruit-owner');
    const key = `restock-${Date.now().toString(36)}`;
    const first: any = await call(ADJUST, { p: 'p-fruit-06', s: null, d: 5, k: key }, 'demo', svc.url, owner);
    assert.deepEqual(first.data.adjustStock.userErrors, []);
    const level = first.data.adjustStock.spec.stock;
    const again: any = await call(ADJUST, { p: 'p-fruit-06', s: null, d: 5, k: key }, 'demo', replica.url, owner);
    assert.equal(again.data.adjustStock.spec.stock, level, 'counted once');
    const other: any = await call(ADJUST, { p: 'p-fruit-06', s: null, d: 7, k: key }, 'demo', svc.url, owner);
    assert.deepEqual(other.data.adjustStock.userErrors, [{ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] }]);
    const read: any = await call('{ product(id: "p-fruit-06") { stock } }');
    assert.equal(read.data.product.stock, level);
  });

  test('only the shop adjusts its stock; a product of several specs needs the spec; bad input is userErrors', async () => {
    const [owner, bakery] = await Promise.all(['fruit-owner', 'bakery-owner'].map((u) => getToken(env.keycloakUrl, u)));
    assert.deepEqual(errorCodes(await call(ADJUST, { p: 'p-fruit-06', d: 1, k: 'forbidden-0001' }, 'demo', svc.url, bakery)), ['FORBIDDEN']);
    const unnamed: any = await call(ADJUST, { p: 'p-fruit-05', d: 1, k: 'unnamed-0001' }, 'demo', svc.url, owner);
    assert.deepEqual(unnamed.data.adjustStock.userErrors, [{ code: 'SPEC_REQUIRED', field: ['specId'] }]);
    const bad: any = await call(ADJUST, { p: 'p-fruit-06', d: 0, k: 'x' }, 'demo', svc.url, owner);
    assert.deepEqual(bad.data.adjustStock.userErrors.map((e: any) => e.code), ['INVALID_QUANTITY', 'INVALID_IDEMPOTENCY_KEY']);
  });
});

describe('the cart across shops', () => {
  const CART = `cart { totalQuantity total { amountFen } hasProblems
    groups { merchant { id } subtotal { amountFen } lines { product { id } spec { id name } quantity unitPrice { amountFen } addedPrice { amountFen } priceChanged soldOut lineTotal { amountFen } } }
    unavailableLines { quantity unavailable } }`;
  const ADD = `mutation($l: CartLineInput!) { addToCart(line: $l) { ${CART} userErrors { code field } } }`;
  const SET = `mutation($l: CartLineInput!) { setCartQuantity(line: $l) { ${CART} userErrors { code field } } }`;

  test('one cart holds several shops, grouped with subtotals, kept on the server across calls and replicas', async () => {
    const carol = await getToken(env.keycloakUrl, 'bob');
    await call('mutation { clearCart { userErrors { code } } }', undefined, 'demo', svc.url, carol);
    await call(ADD, { l: { productId: 'p-fruit-04', quantity: 2 } }, 'demo', svc.url, carol);
    await call(ADD, { l: { productId: 'p-bakery-07', specId: 'p-bakery-07-2', quantity: 1 } }, 'demo', replica.url, carol);
    const more: any = await call(ADD, { l: { productId: 'p-fruit-04', quantity: 1 } }, 'demo', svc.url, carol);
    const cart = more.data.addToCart.cart;
    assert.deepEqual(cart.groups.map((g: any) => g.merchant.id), ['m-fruit', 'm-bakery']);
    const fruit = cart.groups[0].lines[0];
    assert.equal(fruit.quantity, 3, 'adding more of a line adds up');
    assert.equal(fruit.lineTotal.amountFen, fruit.unitPrice.amountFen * 3);
    assert.equal(cart.groups[1].lines[0].spec.name, '8 寸');
    assert.equal(cart.total.amountFen, cart.groups.reduce((n: number, g: any) => n + g.subtotal.amountFen, 0));
    assert.equal(cart.totalQuantity, 4);
    const fromReplica: any = await call(`{ ${CART} }`, undefined, 'demo', replica.url, carol);
    assert.deepEqual(fromReplica.data.cart, cart);
    const removed: any = await call(SET, { l: { productId: 'p-fruit-04', quantity: 0 } }, 'demo', svc.url, carol);
    assert.deepEqual(removed.data.setCartQuantity.cart.groups.map((g: any) => g.merchant.id), ['m-bakery']);
  });

  test('a price changed since a line was added is flagged, never silently changed', async () => {
    const [shopper, owner] = await Promise.all(['alice', 'fruit-owner'].map((u) => getToken(env.keycloakUrl, u)));
    await call('mutation { clearCart { userErrors { code } } }', undefined, 'demo', svc.url, shopper);
    const added: any = await call(ADD, { l: { productId: 'p-fruit-07', quantity: 1 } }, 'demo', svc.url, shopper);
    const before = added.data.addToCart.cart.groups[0].lines[0].unitPrice.amountFen;
    await call('mutation($p: Fen!) { setProductPrice(id: "p-fruit-07", priceFen: $p) { userErrors { code } } }', { p: before + 50 }, 'demo', svc.url, owner);
    const r: any = await call(`{ ${CART} }`, undefined, 'demo', svc.url, shopper);
    const line = r.data.cart.groups[0].lines[0];
    assert.equal(line.priceChanged, true);
    assert.equal(line.addedPrice.amountFen, before);
    assert.equal(line.unitPrice.amountFen, before + 50);
    assert.equal(r.data.cart.hasProblems, true);
  });

  test('bad lines are userErrors; an anonymous caller has no cart; a merged guest cart adds up', async () => {
    const shopper = await getToken(env.keycloakUrl, 'alice');
    const codes = async (l: object) => ((await call(ADD, { l }, 'demo', svc.url, shopper)) as any).data.addToCart.userErrors.map((e: any) => e.code);
    assert.deepEqual(await codes({ productId: 'p-nope', quantity: 1 }), ['UNKNOWN_PRODUCT']);
    assert.deepEqual(await codes({ productId: 'p-bakery-07', quantity: 1 }), ['SPEC_REQUIRED']);
    assert.deepEqual(await codes({ productId: 'p-fruit-01', quantity: 0 }), ['INVALID_QUANTITY']);
    assert.deepEqual(await codes({ productId: 'p-fruit-01', quantity: 100 }), ['INVALID_QUANTITY']);
    assert.deepEqual(errorCodes(await call(`{ ${CART} }`)), ['UNAUTHENTICATED']);
    await call('mutation { clearCart { userErrors { code } } }', undefined, 'demo', svc.url, shopper);
    await call(ADD, { l: { productId: 'p-tea-01', quantity: 1 } }, 'demo', svc.url, shopper);
    const merged: any = await call(`mutation($ls: [CartLineInput!]!) { mergeCart(lines: $ls) { ${CART} userErrors { code field } } }`, { ls: [{ productId: 'p-tea-01', quantity: 2 }, { productId: 'p-nope', quantity: 1 }] }, 'demo', svc.url, shopper);
    assert.equal(merged.data.mergeCart.cart.groups[0].lines[0].quantity, 3);
    assert.deepEqual(merged.data.mergeCart.userErrors, [{ code: 'UNKNOWN_PRODUCT', field: ['lines', '1', 'productId'] }]);
  });
});

describe('pickup points (自提点)', () => {
  const POINTS = 'query($h: String) { pickupPoints(neighborhood: $h) { id name neighborhood openingHours leaderUsername open } }';
  const FIELDS = 'pickupPoint { id name leaderUsername open } userErrors { code field }';
  const input = { name: '翠苑一区西门自提点', neighborhood: '翠苑一区', address: '西门岗亭', openingHours: '每天 07:30–22:00', leaderUsername: 'leader' };

  test('each neighbourhood has a pickup point with a leader; anyone can list them', async () => {
    const all: any = await call(POINTS);
    const hoods = new Set(all.data.pickupPoints.map((p: any) => p.neighborhood));
    assert.ok(hoods.has('翠苑一区') && hoods.has('文新小区'));
    assert.ok(all.data.pickupPoints.every((p: any) => p.leaderUsername && p.open));
    const cuiyuan: any = await call(POINTS, { h: '翠苑一区' });
    assert.deepEqual(cuiyuan.data.pickupPoints.map((p: any) => [p.id, p.leaderUsername]), [['pp-cuiyuan', 'leader']]);
  });

  test('admins add, edit, close and reopen pickup points; others are refused; bad input is userErrors', async () => {
    const [admin, owner] = await Promise.all(['admin', 'fruit-owner'].map((u) => getToken(env.keycloakUrl, u)));
    assert.deepEqual(errorCodes(await call(`mutation($i: PickupPointInput!) { addPickupPoint(input: $i) { ${FIELDS} } }`, { i: input }, 'demo', svc.url, owner)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(`mutation($i: PickupPointInput!) { addPickupPoint(input: $i) { ${FIELDS} } }`, { i: input })), ['UNAUTHENTICATED']);
    const bad: any = await call(`mutation($i: PickupPointInput!) { addPickupPoint(input: $i) { ${FIELDS} } }`, { i: { ...input, name: ' ', leaderUsername: 'NOT A USER' } }, 'demo', svc.url, admin);
    assert.deepEqual(bad.data.addPickupPoint.userErrors.map((e: any) => e.field.join('.')), ['input.name', 'input.leaderUsername']);
    const added: any = await call(`mutation($i: PickupPointInput!) { addPickupPoint(input: $i) { ${FIELDS} } }`, { i: input }, 'demo', svc.url, admin);
    const id = added.data.addPickupPoint.pickupPoint.id;
    const edited: any = await call(`mutation($id: ID!, $i: PickupPointInput!) { updatePickupPoint(id: $id, input: $i) { ${FIELDS} } }`, { id, i: { ...input, leaderUsername: 'leader2' } }, 'demo', replica.url, admin);
    assert.equal(edited.data.updatePickupPoint.pickupPoint.leaderUsername, 'leader2');
    const closed: any = await call(`mutation($id: ID!) { setPickupPointOpen(id: $id, open: false) { ${FIELDS} } }`, { id }, 'demo', svc.url, admin);
    assert.equal(closed.data.setPickupPointOpen.pickupPoint.open, false);
    const shopperView: any = await call(POINTS, { h: '翠苑一区' });
    assert.ok(!shopperView.data.pickupPoints.some((p: any) => p.id === id), 'a closed point is not offered');
    const adminView: any = await call(POINTS, { h: '翠苑一区' }, 'demo', svc.url, admin);
    assert.ok(adminView.data.pickupPoints.some((p: any) => p.id === id && !p.open), 'admins still see it');
    const unknown: any = await call(`mutation { setPickupPointOpen(id: "pp-nope", open: true) { ${FIELDS} } }`, undefined, 'demo', svc.url, admin);
    assert.deepEqual(unknown.data.setPickupPointOpen.userErrors, [{ code: 'UNKNOWN_PICKUP_POINT', field: ['id'] }]);
  });
});

describe('tenancy and the gateway wall', () => {
  test('another alliance sees none of the demo alliance', async () => {
    const r: any = await call('{ merchants { id } merchant(id: "m-fruit") { id } storefront { totalCount } product(id: "p-fruit-01") { id } }', undefined, 'other');
    assert.deepEqual(r.data, { merchants: [], merchant: null, storefront: { totalCount: 0 }, product: null });
  });

  test('a second alliance seeded with the same local ids has a catalogue of its own', async () => {
    await seedDemoAlliance(svc.connection, 'second');
    const q = '{ storefront(first: 1) { totalCount edges { node { id merchant { id } } } } product(id: "p-fruit-02") { price { amountFen } } }';
    const second: any = await call(q, undefined, 'second');
    assert.equal(second.data.storefront.totalCount, TOTAL);
    const demo: any = await call(q, undefined, 'demo');
    assert.equal(demo.data.storefront.totalCount, TOTAL);
    // demo's price of p-fruit-02 was changed above; the second alliance keeps the seeded one
    assert.equal(second.data.product.price.amountFen, DEMO_SHOPS[0]!.products[1]![2]);
    assert.notEqual(demo.data.product.price.amountFen, second.data.product.price.amountFen);
  });

  test('refuses calls without a valid gateway signature', async () => {
    const unsigned = await gql(svc.url, '{ merchants { id } }', undefined, { allianceId: 'demo' });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(errorCodes(unsigned), ['FORBIDDEN']);
    const forged = await gql(svc.url, '{ merchants { id } }', undefined, {
      headers: { 'x-alliance-id': 'demo', 'x-gateway-ts': String(Date.now()), 'x-gateway-signature': 'a'.repeat(64) },
    });
    assert.equal(forged.status, 403);
  });

  test('readiness checks the database', async () => {
    const res = await fetch(new URL('/readyz', svc.url));
    assert.equal(res.status, 200);
  });
});
