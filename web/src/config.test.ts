import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET, parseConfig } from './config';

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
  assert.equal(c.uploadOrigin, 'http://127.0.0.1:8333');
  assert.equal(c.mediaOrigin, 'http://127.0.0.1:8333');
});

test('photos come from MEDIA_PUBLIC_URL, uploads go to S3_PUBLIC_ENDPOINT (else S3_ENDPOINT), as origins', () => {
  assert.equal(parseConfig({ S3_ENDPOINT: 'http://127.0.0.1:15533' }).mediaOrigin, 'http://127.0.0.1:15533');
  const c = parseConfig({ S3_ENDPOINT: 'http://seaweed:8333', S3_PUBLIC_ENDPOINT: 'https://s3.example.com/', MEDIA_PUBLIC_URL: 'https://img.example.com/alliance' });
  assert.equal(c.uploadOrigin, 'https://s3.example.com');
  assert.equal(c.mediaOrigin, 'https://img.example.com');
  assert.throws(() => parseConfig({ MEDIA_PUBLIC_URL: 'ftp://x' }), /MEDIA_PUBLIC_URL/);
});

test('reads overrides and trims trailing slashes', () => {
  const c = parseConfig({
    KEYCLOAK_URL: 'https://id.example.com/',
    KEYCLOAK_INTERNAL_URL: 'http://keycloak:8080',
    PORTAL_URL: 'https://shop.example.com/',
    SESSION_SECRET: 'x'.repeat(40),
    PORTAL_CLIENT_SECRET: 'c'.repeat(40),
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

test('refuses the development realm client secret in production', () => {
  const prod = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
  assert.throws(() => parseConfig(prod), /PORTAL_CLIENT_SECRET/);
  assert.throws(() => parseConfig({ ...prod, PORTAL_CLIENT_SECRET: DEV_CLIENT_SECRET }), /PORTAL_CLIENT_SECRET/);
  assert.equal(parseConfig({ ...prod, PORTAL_CLIENT_SECRET: 'real-secret-from-keycloak' }).clientSecret, 'real-secret-from-keycloak');
  // Development builds keep working on the defaults.
  assert.equal(parseConfig({}).clientSecret, DEV_CLIENT_SECRET);
});

test('the local launcher may name the development realm, on localhost only', () => {
  const local = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PORTAL_DEV_REALM: 'true', PORTAL_URL: 'http://localhost:13000', KEYCLOAK_URL: 'http://localhost:18080' };
  assert.equal(parseConfig(local).clientSecret, DEV_CLIENT_SECRET);
  assert.throws(() => parseConfig({ ...local, PORTAL_URL: 'https://shop.example.com' }), /PORTAL_DEV_REALM/);
  assert.throws(() => parseConfig({ ...local, KEYCLOAK_URL: 'https://id.example.com' }), /PORTAL_DEV_REALM/);
});
