import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readConfig } from './config.js';

const production = { NODE_ENV: 'production', GATEWAY_SECRET: 'k'.repeat(40), SERVICE_CLIENT_SECRET: 'p'.repeat(32), MONGODB_URI: 'mongodb://db/alliance' };

test('one-time codes go to the log in development only: production sends none until a carrier is configured, and refuses the log', () => {
  assert.equal(readConfig({}).SMS_PROVIDER, 'dev');
  assert.equal(readConfig(production).SMS_PROVIDER, 'none');
  assert.throws(() => readConfig({ ...production, SMS_PROVIDER: 'dev' }), /refused in production/);
});
