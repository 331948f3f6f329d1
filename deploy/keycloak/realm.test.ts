import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildRealm, realmJson, REALM_PATH } from './realm.gen.js';

test('the checked-in realm file is what realm.gen.ts writes', () => {
  assert.equal(readFileSync(REALM_PATH, 'utf8'), realmJson());
});

test('the realm has the demo accounts, roles and clients the README promises', () => {
  const realm = buildRealm();
  assert.deepEqual(realm.users.map((u) => u.username).sort(), ['admin', 'alice', 'bakery-owner', 'bob', 'fruit-owner']);
  const owner = realm.users.find((u) => u.username === 'fruit-owner')!;
  assert.deepEqual(owner.attributes.merchant_ids, ['m-fruit']);
  assert.ok(owner.realmRoles.includes('merchant-owner'));
  assert.ok(realm.users.find((u) => u.username === 'admin')!.realmRoles.includes('alliance-admin'));
  const clients = new Map(realm.clients.map((c) => [c.clientId, c]));
  assert.equal(clients.get('alliance-cli')?.directAccessGrantsEnabled, true);
  assert.equal(clients.get('alliance-cli')?.publicClient, true);
  assert.equal(clients.get('alliance-portal')?.standardFlowEnabled, true);
  assert.equal(clients.get('alliance-portal')?.publicClient, false);
  // Only clients for our API put it in the token audience.
  const hasAudience = (id: string) => (clients.get(id)?.protocolMappers ?? []).some((m) => m.protocolMapper === 'oidc-audience-mapper');
  assert.equal(hasAudience('alliance-cli'), true);
  assert.equal(hasAudience('alliance-portal'), true);
  assert.equal(hasAudience('other-app'), false);
});
