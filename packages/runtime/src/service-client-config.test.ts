import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { identityEnv, loadConfig, refuseDevSecrets } from './config.js';
import { serviceClientEnv } from './service-client-config.js';

const schema = z.object({ ...identityEnv, ...serviceClientEnv('promotions') });
const strong = 'k'.repeat(40);

test('development defaults name the dev realm service account', () => {
  const cfg = loadConfig(schema, {});
  assert.equal(cfg.SERVICE_CLIENT_ID, 'svc-promotions');
  assert.equal(cfg.SERVICE_CLIENT_SECRET, 'svc-promotions-dev-secret');
  assert.doesNotThrow(() => refuseDevSecrets(cfg));
});

test('production refuses the development realm service secret, whichever client it belongs to', () => {
  assert.throws(() => refuseDevSecrets(loadConfig(schema, { NODE_ENV: 'production', GATEWAY_SECRET: strong })), /SERVICE_CLIENT_SECRET/);
  const borrowed = loadConfig(schema, { NODE_ENV: 'production', GATEWAY_SECRET: strong, SERVICE_CLIENT_SECRET: 'svc-merchants-dev-secret' });
  assert.throws(() => refuseDevSecrets(borrowed), /SERVICE_CLIENT_SECRET/);
  const ok = loadConfig(schema, { NODE_ENV: 'production', GATEWAY_SECRET: strong, SERVICE_CLIENT_SECRET: 'p'.repeat(32) });
  assert.doesNotThrow(() => refuseDevSecrets(ok));
  assert.throws(() => loadConfig(schema, { SERVICE_CLIENT_ID: 'alliance-cli' }), /SERVICE_CLIENT_ID/);
});
