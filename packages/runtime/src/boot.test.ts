import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema } from 'graphql';
import { bootSubgraph, type SubgraphBootConfig } from './boot.js';
import { subgraphEnv } from './config.js';
import { z } from 'zod';

const base: SubgraphBootConfig = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  PORT: 0,
  // Nothing listens on port 9: reaching for it would fail differently (and slowly).
  MONGODB_URI: 'mongodb://127.0.0.1:9/x',
  NATS_URL: 'nats://127.0.0.1:9',
  KEYCLOAK_URL: 'http://127.0.0.1:9',
  KEYCLOAK_REALM: 'alliance',
  KEYCLOAK_AUDIENCE: 'alliance-api',
  GATEWAY_SECRET: 'x'.repeat(32),
  EXPOSE_METRICS: false,
  EVENTS_STREAM_REPLICAS: 1,
  EVENTS_MAX_ATTEMPTS: 5,
  CLOCK_CONTROL: true,
};

test('production refuses to start with the dev clock control on, before touching anything', async () => {
  await assert.rejects(
    bootSubgraph('merchants', base, buildSchema('type Query { a: Int }'), () => () => ({})),
    (err: Error & { code?: string }) => err.code === 'CLOCK_CONTROL_FORBIDDEN',
  );
});

test('events settings: NATS_URL, stream replicas and the clock control are read from the environment', () => {
  const cfg = z.object(subgraphEnv).parse({ NATS_URL: 'nats://nats-1:4222,nats://nats-2:4222', EVENTS_STREAM_REPLICAS: '3', CLOCK_CONTROL: 'true' });
  assert.equal(cfg.NATS_URL, 'nats://nats-1:4222,nats://nats-2:4222');
  assert.equal(cfg.EVENTS_STREAM_REPLICAS, 3);
  assert.equal(cfg.CLOCK_CONTROL, true);
  const defaults = z.object(subgraphEnv).parse({});
  assert.deepEqual([defaults.NATS_URL, defaults.EVENTS_STREAM_REPLICAS, defaults.CLOCK_CONTROL], ['nats://127.0.0.1:4222', 1, false]);
  assert.throws(() => z.object(subgraphEnv).parse({ EVENTS_STREAM_REPLICAS: '0' }));
});
