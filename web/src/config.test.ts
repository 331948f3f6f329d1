import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_SESSION_SECRET, parseConfig } from './config';

test('defaults describe the local stack', () => {
  const c = parseConfig({});
  assert.equal(c.gatewayUrl, 'http://localhost:4000/graphql');
  assert.equal(c.keycloakUrl, 'http://localhost:8080');
  assert.equal(c.keycloakInternalUrl, 'http://localhost:8080');
  assert.equal(c.keycloakRealm, 'alliance');
  assert.equal(c.clientId, 'alliance-portal');
  assert.equal(c.portalUrl, 'http://localhost:3000');
  assert.equal(c.allianceId, 'demo');
  assert.equal(c.sessionSecret, DEV_SESSION_SECRET);
  assert.equal(c.secureCookies, false);
});

test('reads overrides and trims trailing slashes', () => {
  const c = parseConfig({
    KEYCLOAK_URL: 'https://id.example.com/',
    KEYCLOAK_INTERNAL_URL: 'http://keycloak:8080',
    PORTAL_URL: 'https://shop.example.com/',
    SESSION_SECRET: 'x'.repeat(40),
    NODE_ENV: 'production',
  });
  assert.equal(c.keycloakUrl, 'https://id.example.com');
  assert.equal(c.keycloakInternalUrl, 'http://keycloak:8080');
  assert.equal(c.portalUrl, 'https://shop.example.com');
  assert.equal(c.secureCookies, true);
});

test('refuses the dev session secret in production, short secrets and bad URLs', () => {
  assert.throws(() => parseConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
  assert.throws(() => parseConfig({ SESSION_SECRET: 'short' }), /at least 32/);
  assert.throws(() => parseConfig({ GATEWAY_URL: 'not a url' }), /GATEWAY_URL/);
  assert.throws(() => parseConfig({ PORTAL_URL: 'ftp://x' }), /PORTAL_URL/);
});
