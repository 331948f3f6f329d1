/** The members subgraph on a real FerretDB with real Keycloak tokens, called with gateway-signed requests. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { withDatabase } from '@alliance/store';
import { errorCodes, getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from './config.js';
import { contextFactory } from './context.js';
import { schema } from './schema.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `members_it_${Date.now().toString(36)}`);
let svc: BootedSubgraph;
let alice: string;
let bob: string;
const call = <T = any>(query: string, variables?: Record<string, unknown>, token?: string, allianceId = 'demo') =>
  signedGql<T>(svc.url, env.gatewaySecret, query, variables, { target: 'members', allianceId, token });

before(async () => {
  const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn', MERCHANTS_URL: env.merchantsUrl, CONSUME_EVENTS: 'false' });
  svc = await bootSubgraph('members', cfg, schema, contextFactory(cfg));
  [alice, bob] = await Promise.all([getToken(env.keycloakUrl, 'alice'), getToken(env.keycloakUrl, 'bob')]);
});

after(async () => {
  await svc.connection.dropDatabase();
  await svc.stop();
});

describe('the unified member', () => {
  test('anonymous callers get UNAUTHENTICATED', async () => {
    const r = await call('{ me { id } }');
    assert.deepEqual(errorCodes(r), ['UNAUTHENTICATED']);
  });

  test('is created once, even when the first calls race', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => call('{ me { id displayName username } }', undefined, alice)));
    const ids = new Set(results.map((r: any) => r.data.me.id));
    assert.equal(ids.size, 1, 'concurrent first calls must agree on one member');
    const me = (results[0] as any).data.me;
    assert.equal(me.displayName, 'Alice Wang');
    assert.equal(me.username, 'alice');
    const count = await svc.connection.collection('members').countDocuments({ allianceId: 'demo', username: 'alice' });
    assert.equal(count, 1);
  });

  test('members are separate per person and per alliance', async () => {
    const a: any = await call('{ me { id } }', undefined, alice);
    const b: any = await call('{ me { id } }', undefined, bob);
    assert.notEqual(a.data.me.id, b.data.me.id);
    // alice's token names alliance demo: using it for another alliance is refused outright.
    const other = await call('{ me { id } }', undefined, alice, 'other');
    assert.equal(other.status, 403);
  });
});

describe('home neighbourhood', () => {
  test('a member sets, reads and clears her home neighbourhood; bad input is a userError', async () => {
    const SET = 'mutation($h: String) { setHomeNeighborhood(neighborhood: $h) { member { homeNeighborhood } userErrors { code field } } }';
    const set: any = await call(SET, { h: ' 文新小区 ' }, bob);
    assert.deepEqual(set.data.setHomeNeighborhood, { member: { homeNeighborhood: '文新小区' }, userErrors: [] });
    const read: any = await call('{ me { homeNeighborhood } }', undefined, bob);
    assert.equal(read.data.me.homeNeighborhood, '文新小区');
    const bad: any = await call(SET, { h: '小'.repeat(41) }, bob);
    assert.deepEqual(bad.data.setHomeNeighborhood.userErrors, [{ code: 'INVALID_NEIGHBORHOOD', field: ['neighborhood'] }]);
    const cleared: any = await call(SET, { h: null }, bob);
    assert.equal(cleared.data.setHomeNeighborhood.member.homeNeighborhood, null);
    assert.deepEqual(errorCodes(await call(SET, { h: '翠苑一区' })), ['UNAUTHENTICATED']);
  });
});

describe('following shops', () => {
  const FOLLOW = 'mutation($id: ID!) { followMerchant(merchantId: $id) { userErrors { code field } member { favoriteMerchants { id } } } }';
  const UNFOLLOW = 'mutation($id: ID!) { unfollowMerchant(merchantId: $id) { userErrors { code } member { favoriteMerchants { id } } } }';

  test('follow is idempotent and unfollow removes', async () => {
    await call(FOLLOW, { id: 'm-fruit' }, bob);
    const again: any = await call(FOLLOW, { id: 'm-fruit' }, bob);
    assert.deepEqual(again.data.followMerchant.userErrors, []);
    assert.deepEqual(again.data.followMerchant.member.favoriteMerchants, [{ id: 'm-fruit' }]);
    const removed: any = await call(UNFOLLOW, { id: 'm-fruit' }, bob);
    assert.deepEqual(removed.data.unfollowMerchant.member.favoriteMerchants, []);
  });

  test('a malformed shop id is a userError, not a crash', async () => {
    const r: any = await call(FOLLOW, { id: '$where' }, bob);
    assert.deepEqual(r.data.followMerchant.userErrors, [{ code: 'INVALID_MERCHANT_ID', field: ['merchantId'] }]);
  });

  test('isFavorite on many shops is one batched lookup', async () => {
    await call(FOLLOW, { id: 'm-tea' }, alice);
    const reps = ['m-fruit', 'm-tea', 'm-bakery', 'm-home'].map((id) => ({ __typename: 'Merchant', id }));
    const Q = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Merchant { id isFavorite } } }';
    const r: any = await call(Q, { r: reps }, alice);
    assert.deepEqual(r.data._entities.map((m: any) => m.isFavorite), [false, true, false, false]);
    // The member by `_id`, then the favourites stream's head and one probe past it: the same for any
    // number of shops on the page.
    const trips = r.extensions.metrics.dbRoundTrips;
    assert.ok(trips <= 3, `expected at most 3 round trips, got ${trips}`);
    const many: any = await call(Q, { r: [...reps, ...['m-a', 'm-b', 'm-c', 'm-d'].map((id) => ({ __typename: 'Merchant', id }))] }, alice);
    assert.equal(many.extensions.metrics.dbRoundTrips, trips);
    const anon: any = await call(Q, { r: reps });
    assert.deepEqual(anon.data._entities.map((m: any) => m.isFavorite), [null, null, null, null]);
  });
});
