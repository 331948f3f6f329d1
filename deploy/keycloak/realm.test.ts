import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  buildRealm,
  k8sRealmImportYaml,
  realmJson,
  CALLING_SERVICES,
  DEMO_PASSWORD,
  DEV_PORTAL_SECRET,
  K8S_REALM_IMPORT_PATH,
  PROD_REALM_ENV,
  PROD_REALM_PATH,
  REALM_PATH,
  SERVICE_ROLE,
  type RealmClient,
} from './realm.gen.js';

const hasAudience = (c: RealmClient | undefined) => (c?.protocolMappers ?? []).some((m) => m.protocolMapper === 'oidc-audience-mapper');
const clientsOf = (realm: ReturnType<typeof buildRealm>) => new Map(realm.clients.map((c) => [c.clientId, c]));
const DEV_ONLY_CLIENTS = ['alliance-cli', 'short-lived-cli', 'other-app'];

test('the checked-in realm files are what realm.gen.ts writes (run `npx tsx deploy/keycloak/realm.gen.ts`)', () => {
  assert.equal(readFileSync(REALM_PATH, 'utf8'), realmJson('dev'));
  assert.equal(readFileSync(PROD_REALM_PATH, 'utf8'), realmJson('prod'));
  assert.equal(readFileSync(K8S_REALM_IMPORT_PATH, 'utf8'), k8sRealmImportYaml());
});

describe('development realm', () => {
  const realm = buildRealm('dev');
  const clients = clientsOf(realm);

  test('has the demo accounts, roles and clients the README promises', () => {
    assert.deepEqual(realm.users.filter((u) => !u.serviceAccountClientId).map((u) => u.username).sort(), ['admin', 'alice', 'bakery-owner', 'bob', 'fruit-owner', 'leader', 'leader2']);
    const leader = realm.users.find((u) => u.username === 'leader')!;
    assert.ok(leader.realmRoles?.includes('group-leader'), 'the 团长 of 翠苑一区 has the group-leader role');
    const owner = realm.users.find((u) => u.username === 'fruit-owner')!;
    assert.deepEqual(owner.attributes?.merchant_ids, ['m-fruit']);
    assert.ok(owner.realmRoles.includes('merchant-owner'));
    assert.ok(realm.users.find((u) => u.username === 'admin')!.realmRoles.includes('alliance-admin'));
    assert.equal(clients.get('alliance-cli')?.directAccessGrantsEnabled, true);
    assert.equal(clients.get('alliance-cli')?.publicClient, true);
    assert.equal(clients.get('alliance-portal')?.standardFlowEnabled, true);
    assert.equal(clients.get('alliance-portal')?.publicClient, false);
    // Only clients for our API put it in the token audience.
    assert.equal(hasAudience(clients.get('alliance-cli')), true);
    assert.equal(hasAudience(clients.get('alliance-portal')), true);
    assert.equal(hasAudience(clients.get('other-app')), false);
  });

  test('no person holds the service role', () => {
    for (const u of realm.users) assert.equal(u.realmRoles.includes(SERVICE_ROLE), !!u.serviceAccountClientId, u.username);
  });
});

for (const kind of ['dev', 'prod'] as const) {
  test(`${kind}: each calling service has a client-credentials account with the API audience, the service role and no alliance`, () => {
    const realm = buildRealm(kind);
    const clients = clientsOf(realm);
    assert.ok(realm.roles.realm.some((r) => r.name === SERVICE_ROLE));
    for (const service of CALLING_SERVICES) {
      const id = `svc-${service}`;
      const c = clients.get(id);
      assert.ok(c, id);
      assert.equal(c.publicClient, false, `${id} is confidential`);
      assert.equal(c.serviceAccountsEnabled, true, `${id} has a service account`);
      assert.equal(c.standardFlowEnabled, false, `${id}: no browser login`);
      assert.equal(c.directAccessGrantsEnabled, false, `${id}: no password grant`);
      assert.equal(hasAudience(c), true, `${id} tokens carry the API audience`);
      assert.ok(!(c.protocolMappers ?? []).some((m) => m.protocolMapper === 'oidc-usermodel-attribute-mapper'), `${id}: no alliance claim`);
      const account = realm.users.find((u) => u.serviceAccountClientId === id);
      assert.ok(account, `${id} service account user`);
      assert.deepEqual(account.realmRoles, [SERVICE_ROLE]);
      assert.equal(account.attributes, undefined, `${id} belongs to no alliance`);
    }
  });
}

describe('production realm', () => {
  const realm = buildRealm('prod');
  const clients = clientsOf(realm);
  const text = readFileSync(PROD_REALM_PATH, 'utf8');

  test('has no demo users, no test clients and no password grant', () => {
    assert.deepEqual(realm.users.filter((u) => !u.serviceAccountClientId), [], 'no people');
    for (const id of DEV_ONLY_CLIENTS) assert.equal(clients.has(id), false, `${id} is development only`);
    assert.deepEqual([...clients.keys()].sort(), ['alliance-api', 'alliance-portal', ...CALLING_SERVICES.map((s) => `svc-${s}`)].sort());
    for (const c of clients.values()) {
      assert.notEqual(c.directAccessGrantsEnabled, true, `${c.clientId}: no password grant`);
      if (c.publicClient !== undefined) assert.equal(c.publicClient, false, `${c.clientId} is confidential`);
    }
    assert.ok(!realm.users.some((u) => u.credentials), 'no credentials at all');
  });

  test('has no known secret: every secret and URL is a ${NAME} placeholder from the environment', () => {
    for (const c of clients.values()) {
      if (c.secret !== undefined) assert.match(c.secret, /^\$\{[A-Z_]+\}$/, `${c.clientId} secret is a placeholder`);
    }
    for (const known of [DEMO_PASSWORD, DEV_PORTAL_SECRET, '-dev-secret', 'localhost', '127.0.0.1', 'demo.alliance.local']) {
      assert.ok(!text.includes(known), `the production realm does not contain ${known}`);
    }
    const portal = clients.get('alliance-portal')!;
    assert.deepEqual(portal.redirectUris, ['${PORTAL_URL}/*']);
    // Keycloak's own `${username}`-style message keys aside, the placeholders are exactly the documented ones.
    const used = new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((m) => m[1]));
    assert.deepEqual([...used].sort(), [...PROD_REALM_ENV].sort());
  });

  test('the Kubernetes realm import is the same realm, each placeholder from the realm Secret', () => {
    const doc = parse(readFileSync(K8S_REALM_IMPORT_PATH, 'utf8'));
    assert.equal(doc.kind, 'KeycloakRealmImport');
    assert.deepEqual(doc.spec.realm, JSON.parse(text));
    assert.deepEqual(Object.keys(doc.spec.placeholders).sort(), [...PROD_REALM_ENV].sort());
    for (const [name, ref] of Object.entries(doc.spec.placeholders as Record<string, { secret: { key: string } }>)) assert.equal(ref.secret.key, name);
  });
});

for (const kind of ['dev', 'prod'] as const) {
  test(`${kind}: only the members and merchants service accounts manage users (erasure; shop owners and staff)`, () => {
    const realm = buildRealm(kind);
    const managers = realm.users.filter((u) => u.clientRoles?.['realm-management']?.includes('manage-users')).map((u) => u.serviceAccountClientId);
    assert.deepEqual(managers.sort(), ['svc-members', 'svc-merchants']);
  });
}
