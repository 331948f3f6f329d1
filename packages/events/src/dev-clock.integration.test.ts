/**
 * The development clock control across the running stack (`npm test` starts its subgraphs with
 * CLOCK_CONTROL=true): one call moves every subgraph's clock and each reports it on /healthz.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { testEnv } from '@alliance/testing';
import { setStackClockOffset } from './dev-clock.js';

const env = testEnv();
const SUBGRAPHS = { merchants: env.merchantsUrl, members: env.membersUrl };
const THREE_DAYS = 3 * 24 * 3_600_000;

const healthOf = async (graphqlUrl: string) => (await (await fetch(graphqlUrl.replace(/\/graphql$/, '/healthz'))).json()) as { clock?: { offsetMs: number }; events?: { parked: number; unpublished: number } };

after(() => setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: Object.keys(SUBGRAPHS) }));

test('moving the stack clock reaches every subgraph, which reports it', async () => {
  const acks = await setStackClockOffset(env.natsUrl, THREE_DAYS, { secret: env.gatewaySecret, services: Object.keys(SUBGRAPHS) });
  for (const name of Object.keys(SUBGRAPHS)) {
    const mine = acks.filter((a) => a.service === name);
    assert.ok(mine.length >= 1, `${name} acknowledged`);
    for (const a of mine) assert.equal(a.offsetMs, THREE_DAYS, `${a.instance} applied it`);
  }
  for (const [name, url] of Object.entries(SUBGRAPHS)) {
    const health = await healthOf(url);
    assert.equal(health.clock?.offsetMs, THREE_DAYS, `${name} /healthz reports the offset`);
    assert.deepEqual(Object.keys(health.events ?? {}).sort(), ['connected', 'parked', 'unpublished'], `${name} /healthz shows the event figures`);
  }
});

test('an offset not signed with the stack secret is ignored', async () => {
  await assert.rejects(
    setStackClockOffset(env.natsUrl, 42, { secret: 'not-the-stack-secret-0123456789abcdef', services: Object.keys(SUBGRAPHS), timeoutMs: 1_500 }),
    /not acknowledged in time \(behind: .*(merchants|members)/,
  );
  for (const url of Object.values(SUBGRAPHS)) assert.equal((await healthOf(url)).clock?.offsetMs, THREE_DAYS);
});
