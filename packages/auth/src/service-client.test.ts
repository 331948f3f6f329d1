import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServiceClient } from './service-client.js';
import { checkSignature } from './gateway-signature.js';

/** A stand-in token endpoint and subgraph, to test caching and signing; the API test uses real ones. */
function fakeNetwork(opts: { expiresIn?: number; firstCallStatus?: number } = {}) {
  const log = { tokens: 0, calls: [] as { headers: Record<string, string>; body: string }[] };
  let calls = 0;
  const fetchImpl = (async (url: string | URL, init?: RequestInit) => {
    const u = String(url);
    if (u.endsWith('/protocol/openid-connect/token')) {
      log.tokens += 1;
      const body = new URLSearchParams(String(init?.body));
      assert.equal(body.get('grant_type'), 'client_credentials');
      await new Promise((r) => setTimeout(r, 5));
      return Response.json({ access_token: `t${log.tokens}`, expires_in: opts.expiresIn ?? 300 });
    }
    calls += 1;
    log.calls.push({ headers: init?.headers as Record<string, string>, body: String(init?.body) });
    if (calls === 1 && opts.firstCallStatus) return Response.json({ errors: [{ message: 'no' }] }, { status: opts.firstCallStatus });
    return Response.json({ data: { ok: true } });
  }) as typeof fetch;
  return { log, fetchImpl };
}

const base = { keycloakUrl: 'http://kc', realm: 'alliance', clientId: 'svc-promotions', clientSecret: 's', signingSecret: 'x'.repeat(40), targets: { merchants: 'http://merchants/graphql' } };

test('one token is fetched for concurrent calls and reused until shortly before it expires', async () => {
  let now = 1_000_000;
  const { log, fetchImpl } = fakeNetwork({ expiresIn: 300 });
  const client = createServiceClient({ ...base, fetch: fetchImpl, now: () => now });
  await Promise.all([client.call('merchants', 'demo', '{ a }'), client.call('merchants', 'demo', '{ a }')]);
  assert.equal(log.tokens, 1);
  now += 260_000;
  await client.call('merchants', 'demo', '{ a }');
  assert.equal(log.tokens, 1, 'still valid for 40 s');
  now += 15_000;
  await client.call('merchants', 'demo', '{ a }');
  assert.equal(log.tokens, 2, 'refreshed 30 s before expiry');
});

test('each call is signed for its target and tenant with a fresh nonce', async () => {
  const { log, fetchImpl } = fakeNetwork();
  const client = createServiceClient({ ...base, fetch: fetchImpl });
  await client.call('merchants', 'demo', 'query P($ids: [ID!]!) { productPrices(ids: $ids) { id } }', { ids: ['p1'] });
  await client.call('merchants', 'demo', 'query P($ids: [ID!]!) { productPrices(ids: $ids) { id } }', { ids: ['p1'] });
  const [a, b] = log.calls;
  assert.notEqual(a!.headers['x-gateway-nonce'], b!.headers['x-gateway-nonce']);
  const body = JSON.parse(a!.body);
  const parts = {
    timestamp: a!.headers['x-gateway-ts']!,
    nonce: a!.headers['x-gateway-nonce']!,
    allianceId: 'demo',
    authorization: a!.headers.authorization!,
    query: body.query,
    operationName: null,
    variables: body.variables,
  };
  assert.equal(a!.headers.authorization, 'Bearer t1');
  assert.equal(checkSignature(base.signingSecret, { ...parts, target: 'merchants' }, a!.headers['x-gateway-signature']).ok, true);
  assert.equal(checkSignature(base.signingSecret, { ...parts, target: 'members' }, a!.headers['x-gateway-signature']).ok, false);
  await assert.rejects(client.call('members', 'demo', '{ a }'), /no URL configured/);
});

test('a 401 from the target gets one fresh token and one retry', async () => {
  const { log, fetchImpl } = fakeNetwork({ firstCallStatus: 401 });
  const client = createServiceClient({ ...base, fetch: fetchImpl });
  const r = await client.call('merchants', 'demo', '{ a }');
  assert.deepEqual(r.data, { ok: true });
  assert.equal(log.tokens, 2);
  assert.equal(log.calls.length, 2);
});
