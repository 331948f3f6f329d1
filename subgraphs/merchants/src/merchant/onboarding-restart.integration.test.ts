/**
 * A shop whose onboarding stopped between the insert and its announcement (the process died there),
 * then the merchants subgraph started again: on a real FerretDB and Keycloak, the subgraph served in
 * this process on a database of its own. After the restart the half-made shop is nowhere to be seen,
 * and the admin's second attempt with the same shop and owner finishes it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { tenantId, withDatabase } from '@alliance/store';
import { getServiceToken, getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from '../config.js';
import { contextFactory } from '../context.js';
import { schema } from '../schema.js';
import { seedSuiteAlliance } from '../seed/suite-seed.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `onboarding_restart_it_${Date.now().toString(36)}`);
const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, S3_ENDPOINT: env.s3Endpoint, LOG_LEVEL: 'warn' });
const suffix = randomUUID().slice(0, 6);
const SHOP = `m-restart-${suffix}`;
const OWNER = `restart-owner-${suffix}`;
let svc: BootedSubgraph | undefined;
let adminToken = '';

const call = async (query: string, variables?: Record<string, unknown>): Promise<any> =>
  signedGql<any>(svc!.url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token: adminToken });
const SHOPS = 'query($id: ID!) { merchants { id } merchant(id: $id) { id name } }';
const ONBOARD = 'mutation($input: OnboardMerchantInput!) { onboardMerchant(input: $input) { merchant { id name status } ownerInvitation { role merchantId } userErrors { code field } } }';
const input = {
  id: SHOP,
  name: `重启果园 ${suffix}`,
  kind: 'FRUIT',
  neighborhood: '翠苑一区',
  neighborhoodsServed: ['翠苑一区'],
  address: '文三路 200 号',
  delivery: { delivers: false, feeFen: 0, freeFromFen: 0 },
  businessLicenceNumber: '91330106MA2CFX5678',
  foodPermitNumber: 'JY13301060054321',
  ownerUsername: OWNER,
  ownerEmail: `${OWNER}@shop.example`,
};

before(async () => {
  svc = await bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
  await seedSuiteAlliance(svc.connection);
  adminToken = await getToken(env.keycloakUrl, 'admin');
});

after(async () => {
  if (svc) {
    await svc.connection.dropDatabase();
    await svc.stop();
  }
  const base = `${env.keycloakUrl}/admin/realms/alliance/users`;
  const auth = { authorization: `Bearer ${await getServiceToken(env.keycloakUrl, 'members')}` };
  const found = (await (await fetch(`${base}?username=${encodeURIComponent(OWNER)}&exact=true`, { headers: auth })).json()) as { id: string }[];
  for (const u of found) await fetch(`${base}/${u.id}`, { method: 'DELETE', headers: auth });
});

test('a shop left between its insert and its announcement stays hidden after a restart; onboarding it again finishes it', async () => {
  // What the stopped onboarding left: the shop's document (a seeded shop's, renamed), not yet announced.
  const merchants = svc!.connection.collection('merchants');
  const model = await merchants.findOne({ _id: tenantId('demo', 'm-fruit') as never });
  assert.ok(model, 'the seeded fruit shop');
  await merchants.insertOne({ ...model, _id: tenantId('demo', SHOP) as never, id: SHOP, name: input.name, onboarding: { ownerUsername: OWNER, ownerEmail: input.ownerEmail, by: 'admin', completedAt: null }, createdAt: new Date() });

  await svc!.stop();
  svc = await bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
  const hidden = await call(SHOPS, { id: SHOP });
  assert.equal(hidden.errors, undefined, JSON.stringify(hidden.errors));
  assert.ok(hidden.data.merchants.length > 0, 'the seeded shops are there');
  assert.ok(!hidden.data.merchants.some((m: { id: string }) => m.id === SHOP), 'not listed after the restart');
  assert.equal(hidden.data.merchant, null, 'not found by its id either');

  // The admin tries again: the same shop and owner resume it (no MERCHANT_EXISTS), and it is announced.
  const again = await call(ONBOARD, { input });
  assert.equal(again.errors, undefined, JSON.stringify(again.errors));
  assert.deepEqual(again.data.onboardMerchant.userErrors, []);
  assert.deepEqual([again.data.onboardMerchant.merchant.id, again.data.onboardMerchant.ownerInvitation.role], [SHOP, 'MERCHANT_OWNER']);
  const shown = await call(SHOPS, { id: SHOP });
  assert.ok(shown.data.merchants.some((m: { id: string }) => m.id === SHOP), 'listed once announced');
  assert.equal(shown.data.merchant.name, input.name);
});
