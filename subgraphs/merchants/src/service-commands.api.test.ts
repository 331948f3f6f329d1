/**
 * Service identity and signatures against the stack `npm test` started: real Keycloak (service
 * accounts by client credentials, shoppers by password grant), the real merchants and members
 * subgraphs and the gateway. The service command under test is merchants' `productPrices`.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServiceClient } from '@alliance/auth';
import { devServiceCredentials, errorCodes, getServiceToken, getToken, gql, postJson, signRequest, signedGql, testEnv } from '@alliance/testing';

const env = testEnv();
const PRICES = 'query Prices($ids: [ID!]!) { productPrices(ids: $ids) { id merchantId priceFen stock } }';
const STOREFRONT = 'query { storefront(first: 5) { edges { node { id price { amountFen } stock merchant { id } } } } }';

let alice: string;
let serviceToken: string;
let demoProducts: { id: string; price: { amountFen: number }; stock: number; merchant: { id: string } }[];

const promotions = () =>
  createServiceClient({
    keycloakUrl: env.keycloakUrl,
    realm: 'alliance',
    ...devServiceCredentials('promotions'),
    signingSecret: env.gatewaySecret,
    targets: { merchants: env.merchantsUrl, members: env.membersUrl },
  });

before(async () => {
  [alice, serviceToken] = await Promise.all([getToken(env.keycloakUrl, 'alice'), getServiceToken(env.keycloakUrl, 'promotions')]);
  const r: any = await gql(env.gatewayUrl, STOREFRONT, undefined, { allianceId: 'demo' });
  demoProducts = r.data.storefront.edges.map((e: any) => e.node);
  assert.equal(demoProducts.length, 5);
});

describe('signed requests', () => {
  test('a replayed signed request is refused', async () => {
    const query = '{ neighborhoods }';
    const headers = signRequest(env.gatewaySecret, query, undefined, { target: 'merchants', allianceId: 'demo' });
    const first = await postJson(env.merchantsUrl, headers, { query });
    assert.equal(first.status, 200);
    assert.ok(Array.isArray((first.data as any).neighborhoods));
    const replay = await postJson(env.merchantsUrl, headers, { query });
    assert.equal(replay.status, 403);
    assert.deepEqual(errorCodes(replay), ['FORBIDDEN']);
  });

  test('a request signed for merchants is refused by members', async () => {
    const query = '{ me { id } }';
    const forMerchants = signRequest(env.gatewaySecret, query, undefined, { target: 'merchants', allianceId: 'demo', token: alice });
    const r = await postJson(env.membersUrl, forMerchants, { query });
    assert.equal(r.status, 403);
    assert.deepEqual(errorCodes(r), ['FORBIDDEN']);
    // The same call signed for members goes through: the refusal was the target, nothing else.
    const ok: any = await signedGql(env.membersUrl, env.gatewaySecret, query, undefined, { target: 'members', allianceId: 'demo', token: alice });
    assert.ok(ok.data.me.id);
  });

  test('changing the tenant, the operation name or the variables of a signed request breaks it', async () => {
    const ids = [demoProducts[0]!.id];
    const headers = signRequest(env.gatewaySecret, PRICES, { ids }, { target: 'merchants', allianceId: 'demo', token: serviceToken });
    for (const [h, body] of [
      [{ ...headers, 'x-alliance-id': 'other' }, { query: PRICES, variables: { ids } }],
      [headers, { query: PRICES, variables: { ids: [demoProducts[1]!.id] } }],
      [headers, { query: PRICES, variables: { ids }, operationName: 'Prices' }],
    ] as const) {
      const r = await postJson(env.merchantsUrl, h, body);
      assert.equal(r.status, 403, JSON.stringify(body));
    }
  });
});

describe('service commands', () => {
  test('a service token calling the service command gets prices for the signed tenant', async () => {
    const client = promotions();
    const ids = demoProducts.map((p) => p.id);
    const r = await client.call<{ productPrices: { id: string; merchantId: string; priceFen: number; stock: number }[] }>('merchants', 'demo', PRICES, { ids: [...ids, 'no-such-product'] });
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.deepEqual(
      r.data!.productPrices.map((p) => [p.id, p.merchantId, p.priceFen]),
      demoProducts.map((p) => [p.id, p.merchant.id, p.price.amountFen]),
    );
    // The same ids for another alliance find nothing: the tenant is the signed one, never the ids'.
    const other = await client.call<{ productPrices: unknown[] }>('merchants', 'other-alliance', PRICES, { ids });
    assert.deepEqual(other.data?.productPrices, []);
    // The client reused its token.
    assert.equal(await client.token(), await client.token());
  });

  test('a shopper token calling the service command is refused', async () => {
    const r = await signedGql(env.merchantsUrl, env.gatewaySecret, PRICES, { ids: [demoProducts[0]!.id] }, { target: 'merchants', allianceId: 'demo', token: alice });
    assert.deepEqual(errorCodes(r), ['FORBIDDEN']);
    assert.equal(r.data ?? null, null);
    const anonymous = await signedGql(env.merchantsUrl, env.gatewaySecret, PRICES, { ids: [demoProducts[0]!.id] }, { target: 'merchants', allianceId: 'demo' });
    assert.deepEqual(errorCodes(anonymous), ['UNAUTHENTICATED']);
  });

  test('a service token calling a normal query is refused, alone or next to a command', async () => {
    const r = await signedGql(env.merchantsUrl, env.gatewaySecret, '{ neighborhoods }', undefined, { target: 'merchants', allianceId: 'demo', token: serviceToken });
    assert.deepEqual(errorCodes(r), ['FORBIDDEN']);
    const mixed = await signedGql(env.merchantsUrl, env.gatewaySecret, '{ neighborhoods productPrices(ids: []) { id } }', undefined, { target: 'merchants', allianceId: 'demo', token: serviceToken });
    assert.deepEqual(errorCodes(mixed), ['FORBIDDEN']);
    const me = await signedGql(env.membersUrl, env.gatewaySecret, '{ me { id } }', undefined, { target: 'members', allianceId: 'demo', token: serviceToken });
    assert.deepEqual(errorCodes(me), ['FORBIDDEN']);
  });

  test('the gateway exposes no service command and refuses service tokens', async () => {
    const viaGateway = await gql(env.gatewayUrl, PRICES, { ids: [demoProducts[0]!.id] }, { token: alice });
    assert.deepEqual(errorCodes(viaGateway), ['GRAPHQL_VALIDATION_FAILED']);
    const serviceAtGateway = await gql(env.gatewayUrl, '{ neighborhoods }', undefined, { token: serviceToken });
    assert.equal(serviceAtGateway.status, 403);
    assert.deepEqual(errorCodes(serviceAtGateway), ['FORBIDDEN']);
  });
});
