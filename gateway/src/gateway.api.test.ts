/**
 * The public API through the gateway `npm test` started, with real Keycloak tokens: valid, expired,
 * wrong audience, bad signature and none; plus a production-mode gateway for the hardening rules.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { errorCodes, getToken, gql, testEnv } from '@alliance/testing';
import { readConfig } from './config.js';
import { startProductionGateway } from './production-gateway.testing.js';

const env = testEnv();
const STOREFRONT = `query($first: Int, $after: String, $filter: StorefrontFilter) {
  storefront(first: $first, after: $after, filter: $filter) {
    totalCount edges { node { id name price { amountFen currency } stock category merchant { id name } } }
    pageInfo { hasNextPage endCursor } } }`;

let alice: string;
before(async () => {
  alice = await getToken(env.keycloakUrl, 'alice');
});

describe('anonymous shoppers', () => {
  test('see every allied shop and one storefront across them', async () => {
    const r: any = await gql(env.gatewayUrl, `{ merchants { id name kind neighborhood } }`);
    const kinds = new Set(r.data.merchants.map((m: any) => m.kind));
    assert.ok(r.data.merchants.length >= 6);
    for (const k of ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET', 'HOUSEHOLD_SERVICE']) assert.ok(kinds.has(k), k);
    assert.ok(new Set(r.data.merchants.map((m: any) => m.neighborhood)).size >= 2);

    const page: any = await gql(env.gatewayUrl, STOREFRONT, { first: 24 });
    assert.ok(page.data.storefront.totalCount >= 60);
    assert.equal(page.data.storefront.edges.length, 24);
    assert.ok(new Set(page.data.storefront.edges.map((e: any) => e.node.merchant.id)).size >= 2);
    assert.ok(page.data.storefront.edges.every((e: any) => /[\u4e00-\u9fff]/.test(e.node.name)), 'product names are Chinese');
    const one: any = await gql(env.gatewayUrl, 'query($id: ID!) { merchant(id: $id) { id name } }', { id: 'm-fruit' });
    assert.equal(one.data.merchant.id, 'm-fruit');
  });

  test('storefront costs one subgraph fetch whatever the page size', async () => {
    for (const first of [24, 96]) {
      const r: any = await gql(env.gatewayUrl, STOREFRONT, { first });
      assert.equal(r.extensions.metrics.subgraphFetches, 1, `first=${first}`);
    }
  });

  test('first over 100 is refused before any subgraph is asked', async () => {
    const r: any = await gql(env.gatewayUrl, STOREFRONT, { first: 101 });
    assert.deepEqual(errorCodes(r), ['BAD_USER_INPUT']);
    assert.equal(r.data, undefined);
  });

  test('me without a token is UNAUTHENTICATED', async () => {
    const r = await gql(env.gatewayUrl, '{ me { id displayName } }');
    assert.deepEqual(errorCodes(r), ['UNAUTHENTICATED']);
  });
});

describe('tokens', () => {
  test('a valid token gets the unified member', async () => {
    const r: any = await gql(env.gatewayUrl, '{ me { id displayName } }', undefined, { token: alice });
    assert.equal(r.errors, undefined);
    assert.equal(r.data.me.displayName, 'Alice Wang');
    assert.match(r.data.me.id, /^mem_/);
  });

  test('an expired token is refused', async () => {
    const short = await getToken(env.keycloakUrl, 'alice', 'short-lived-cli');
    const fresh: any = await gql(env.gatewayUrl, '{ me { id } }', undefined, { token: short });
    assert.equal(fresh.errors, undefined, 'the short-lived token works before it expires');
    await new Promise((r) => setTimeout(r, 3500));
    const r = await gql(env.gatewayUrl, '{ me { id } }', undefined, { token: short });
    assert.equal(r.status, 401);
    assert.deepEqual(errorCodes(r), ['UNAUTHENTICATED']);
  });

  test('a token for another audience is refused', async () => {
    const other = await getToken(env.keycloakUrl, 'alice', 'other-app');
    const r = await gql(env.gatewayUrl, '{ merchants { id } }', undefined, { token: other });
    assert.equal(r.status, 401);
    assert.deepEqual(errorCodes(r), ['UNAUTHENTICATED']);
  });

  test('a tampered or self-signed token is refused', async () => {
    const [h, p, s] = alice.split('.') as [string, string, string];
    const flipped = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const elevated = `${h}.${Buffer.from(JSON.stringify({ ...claims, realm_access: { roles: ['alliance-admin'] } })).toString('base64url')}.${s}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forgedBody = `${h}.${p}`;
    const forged = `${forgedBody}.${createSign('RSA-SHA256').update(forgedBody).sign(privateKey).toString('base64url')}`;
    for (const token of [flipped, elevated, forged, 'not-a-jwt']) {
      const r = await gql(env.gatewayUrl, '{ me { id } }', undefined, { token });
      assert.equal(r.status, 401, token.slice(-12));
      assert.deepEqual(errorCodes(r), ['UNAUTHENTICATED']);
    }
  });

  test('a token cannot be pointed at another alliance', async () => {
    const r = await gql(env.gatewayUrl, '{ me { id } }', undefined, { token: alice, allianceId: 'other' });
    assert.equal(r.status, 403);
    assert.deepEqual(errorCodes(r), ['FORBIDDEN']);
  });
});

describe('federation across subgraphs', () => {
  test('favourite shops cross from members to merchants, isFavorite from merchants to members', async () => {
    const bob = await getToken(env.keycloakUrl, 'bob');
    const f: any = await gql(env.gatewayUrl, 'mutation { followMerchant(merchantId: "m-bakery") { userErrors { code } } }', undefined, { token: bob });
    assert.deepEqual(f.data.followMerchant.userErrors, []);
    const r: any = await gql(env.gatewayUrl, '{ me { displayName favoriteMerchants { id name neighborhood } } merchants { id isFavorite } }', undefined, { token: bob });
    assert.equal(r.errors, undefined);
    assert.deepEqual(r.data.me.favoriteMerchants, [{ id: 'm-bakery', name: '麦香坊烘焙', neighborhood: '翠苑一区' }]);
    assert.deepEqual(r.data.merchants.filter((m: any) => m.isFavorite).map((m: any) => m.id), ['m-bakery']);
    const anon: any = await gql(env.gatewayUrl, '{ merchants { id isFavorite } }');
    assert.ok(anon.data.merchants.every((m: any) => m.isFavorite === null));
  });

  test('subgraphs cannot be called around the gateway', async () => {
    for (const url of [env.merchantsUrl, env.membersUrl]) {
      const r = await gql(url, '{ __typename }', undefined, { token: alice, allianceId: 'demo' });
      assert.equal(r.status, 403, url);
      // Apollo also serves GET queries; they cannot carry the signed body, so they are refused too.
      const get = await fetch(`${url}?query=${encodeURIComponent('{ _service { sdl } }')}`, {
        headers: { 'x-alliance-id': 'demo', 'apollo-require-preflight': 'true' },
      });
      assert.equal(get.status, 405, `GET ${url}`);
      assert.doesNotMatch(await get.text(), /sdl|type Query/);
    }
  });
});

describe('production mode', () => {
  let prod: { url: string; stop: () => Promise<void> };
  before(async () => {
    prod = await startProductionGateway(env);
  });
  after(() => prod.stop());

  test('serves the storefront', async () => {
    const r: any = await gql(prod.url, STOREFRONT, { first: 3 });
    assert.equal(r.data.storefront.edges.length, 3);
  });

  test('turns introspection off, hides schema hints and never returns stack traces', async () => {
    const r = await gql(prod.url, '{ __schema { types { name } } }');
    assert.ok(r.errors?.length);
    const typo = await gql(prod.url, '{ storefrnt { totalCount } }');
    assert.deepEqual(errorCodes(typo), ['GRAPHQL_VALIDATION_FAILED']);
    assert.doesNotMatch(typo.errors![0]!.message, /Did you mean|storefront/);
    const me = await gql(prod.url, '{ me { id } }');
    for (const res of [r, me]) {
      for (const e of res.errors ?? []) assert.equal(e.extensions?.stacktrace, undefined);
    }
    assert.deepEqual(errorCodes(me), ['UNAUTHENTICATED']);
  });

  test('limits depth, aliases and list sizes', async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: merchants { id }`).join(' ');
    const deep = '{ me { favoriteMerchants { id } } storefront { edges { node { merchant { id } } } } }';
    assert.deepEqual(errorCodes(await gql(prod.url, `{ ${aliases} }`)), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await gql(prod.url, STOREFRONT, { first: 1000 })), ['BAD_USER_INPUT']);
    const r = await gql(prod.url, deep);
    assert.notDeepEqual(errorCodes(r), ['BAD_USER_INPUT'], 'a normal depth passes the limit');
  });

  test('refuses the development gateway secret', () => {
    assert.throws(() => readConfig({ NODE_ENV: 'production' }), /GATEWAY_SECRET/);
  });
});
