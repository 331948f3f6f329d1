/**
 * Price history and reference prices (明码标价) on a real FerretDB and NATS with real Keycloak tokens:
 * the merchants subgraph served in this process (so the test can move its clock), called with
 * gateway-signed requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootSubgraph, setClockOffset, type BootedSubgraph } from '@alliance/runtime';
import { withDatabase } from '@alliance/store';
import { getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from '../config.js';
import { contextFactory } from '../context.js';
import { schema } from '../schema.js';
import { seedSuiteAlliance } from '../seed/suite-seed.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `price_history_it_${Date.now().toString(36)}`);
const DAY = 86_400_000;
let svc: BootedSubgraph;
let replica: BootedSubgraph;
const booted: BootedSubgraph[] = [];
const boot = async () => {
  const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn' });
  const s = await bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
  booted.push(s);
  return s;
};
const call = <T = any>(query: string, variables?: Record<string, unknown>, url = svc.url, token?: string) =>
  signedGql<T>(url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token });

const PRODUCT = `query($id: ID!) { product(id: $id) { id price { amountFen } referencePrice { amountFen currency }
  specs { id price { amountFen } referencePrice { amountFen } } } }`;
const SET_PRICE = `mutation($id: ID!, $spec: ID, $p: Fen!) { setProductPrice(id: $id, specId: $spec, priceFen: $p) {
  product { id price { amountFen } referencePrice { amountFen } specs { id referencePrice { amountFen } } } userErrors { code field } } }`;
const PAGE = `query($first: Int) { storefront(first: $first) { edges { node { id price { amountFen } referencePrice { amountFen } specs { id referencePrice { amountFen } } } } } }`;

let owner: string;
const setPrice = async (id: string, priceFen: number, spec?: string) => {
  const r: any = await call(SET_PRICE, { id, spec, p: priceFen }, svc.url, owner);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.data.setProductPrice.userErrors, []);
  return r.data.setProductPrice.product;
};
const product = async (id: string, url = svc.url) => {
  const r: any = await call(PRODUCT, { id }, url);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.product;
};
/** The facts of a spec's price stream, read straight from the collection (`_id` reads). */
const historyOf = async (specId: string) => {
  const head: any = await svc.connection.collection('price_history').findOne({ _id: `demo:price:${specId}` } as never);
  return (head?.snapshot?.state?.recent ?? []).map((e: any) => e.priceFen) as number[];
};

before(async () => {
  svc = await boot();
  replica = await boot();
  await seedSuiteAlliance(svc.connection);
  owner = await getToken(env.keycloakUrl, 'fruit-owner');
});

after(async () => {
  setClockOffset(0);
  await svc.connection.dropDatabase();
  for (const s of booted.reverse()) await s.stop();
});

describe('reference price (the lowest of the 7 days before now)', () => {
  test('a product whose price never changed has its price as reference, and no history is written for it', async () => {
    const p = await product('p-fruit-01');
    assert.equal(p.referencePrice.amountFen, p.price.amountFen);
    assert.equal(p.referencePrice.currency, 'CNY');
    for (const s of p.specs) assert.equal(s.referencePrice.amountFen, s.price.amountFen);
    assert.deepEqual(await historyOf('p-fruit-01-1'), []);
  });

  test('up, then down: the reference stays at the price before the rise, on every replica; 8 days later it follows', async () => {
    // The replica has the catalogue loaded before the changes: it must catch up, not load afresh.
    const start = (await product('p-fruit-03', replica.url)).price.amountFen; // 990
    const up = await setPrice('p-fruit-03', start + 300);
    assert.equal(up.price.amountFen, start + 300);
    assert.equal(up.referencePrice.amountFen, start, 'raising a price does not raise its reference');
    const down = await setPrice('p-fruit-03', start + 100);
    assert.equal(down.referencePrice.amountFen, start, 'a "discount" back from the rise is still measured against the price before it');
    assert.deepEqual(await historyOf('p-fruit-03-1'), [start, start + 300, start + 100], 'the seed price is the first entry');

    const other = await product('p-fruit-03', replica.url);
    assert.equal(other.price.amountFen, start + 100);
    assert.equal(other.referencePrice.amountFen, start, 'the other replica re-read the history with the change');

    setClockOffset(8 * DAY);
    for (const url of [svc.url, replica.url]) {
      const later = await product('p-fruit-03', url);
      assert.equal(later.referencePrice.amountFen, start + 100, 'the window has moved past both changes');
      assert.equal(later.specs[0].referencePrice.amountFen, start + 100);
    }
    const lower = await setPrice('p-fruit-03', start - 100);
    assert.equal(lower.referencePrice.amountFen, start - 100, 'a lower price in force now is the lowest');
    const raised = await setPrice('p-fruit-03', start + 500);
    assert.equal(raised.referencePrice.amountFen, start - 100);
    setClockOffset(0);
  });

  test('a product of several specs: each spec has its own history, the product shows the lowest reference', async () => {
    const before = await product('p-fruit-05'); // 单盒 4580, 两盒装 8800
    const [one, two] = before.specs.map((s: any) => s.price.amountFen);
    await setPrice('p-fruit-05', one + 1000, 'p-fruit-05-1');
    const p = await setPrice('p-fruit-05', one + 500, 'p-fruit-05-1');
    assert.equal(p.price.amountFen, one + 500);
    assert.deepEqual(p.specs.map((s: any) => s.referencePrice.amountFen), [one, two]);
    assert.equal(p.referencePrice.amountFen, one);
    assert.deepEqual(await historyOf('p-fruit-05-2'), [], 'the other spec was not re-priced');
  });

  test('setting the same price again (a retry or a replay) appends nothing', async () => {
    const specId = 'p-fruit-03-1';
    const entries = await historyOf(specId);
    const current = (await product('p-fruit-03')).price.amountFen;
    await setPrice('p-fruit-03', current);
    await setPrice('p-fruit-03', current);
    assert.deepEqual(await historyOf(specId), entries);
  });

  test('a replica started afterwards loads the histories with the catalogue', async () => {
    const fresh = await boot();
    const a = await product('p-fruit-03', svc.url);
    const b = await product('p-fruit-03', fresh.url);
    assert.deepEqual(b, a);
    const c = await product('p-fruit-05', fresh.url);
    assert.deepEqual(c, await product('p-fruit-05', svc.url));
  });

  test('reference prices on a storefront page cost no database round trip beyond the catalogue version', async () => {
    await call(PAGE, { first: 1 });
    const r: any = await call(PAGE, { first: 70 });
    assert.equal(r.errors, undefined);
    assert.ok(r.data.storefront.edges.every((e: any) => e.node.referencePrice.amountFen <= e.node.price.amountFen));
    assert.equal(r.extensions.metrics.dbRoundTrips, 1);
  });
});
