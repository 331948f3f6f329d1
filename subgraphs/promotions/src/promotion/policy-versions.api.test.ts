/**
 * The promotion policy as a versioned setting, against the stack `npm test` started: a version set for
 * a moment still to come is not in force until the (moved) stack clock reaches it, and the history
 * lists it beside the one in force. The suite leaves the policy as it found it: the value in force at
 * its start is set again for the scheduled instant (the later save wins a tie), and it waits that
 * instant out, so no version of its own is still to come when it ends.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorCodes, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';

const env = testEnv();
const setClock = stackClock(env);
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;

const POLICY = 'query { promotionPolicy { requireApproval } }';
const VERSIONS = 'query { promotionPolicyVersions { version effectiveFrom setAt setBy inForce scheduled policy { requireApproval } } }';
const SET = 'mutation($r: Boolean!, $from: DateTime) { setPromotionPolicy(requireApproval: $r, effectiveFrom: $from) { policy { requireApproval } version { version effectiveFrom inForce scheduled setBy } userErrors { code field } } }';
const AHEAD_MS = 15_000;

let found = false;
let scheduledAt = 0;
const inForce = async () => (await call('admin', POLICY)).data.promotionPolicy.requireApproval as boolean;

before(async () => {
  for (const u of ['fruit-owner', 'admin']) await tokenOf(u);
  found = await inForce();
});
after(async () => {
  await setClock(0);
  if (scheduledAt) {
    const r = (await call('admin', SET, { r: found, from: new Date(scheduledAt).toISOString() })).data.setPromotionPolicy;
    assert.deepEqual(r.userErrors, []);
    await sleep(Math.max(0, scheduledAt - Date.now() + 1000));
    assert.equal(await inForce(), found);
  }
});

describe('promotion policy versions', () => {
  test('only an alliance admin sees the versions or sets one; a version never starts in the past', async () => {
    assert.deepEqual(errorCodes(await call('fruit-owner', VERSIONS)), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('fruit-owner', SET, { r: found })), ['FORBIDDEN']);
    const past = (await call('admin', SET, { r: found, from: new Date(Date.now() - 5 * 60_000).toISOString() })).data.setPromotionPolicy;
    assert.deepEqual(past.userErrors, [{ code: 'EFFECTIVE_IN_PAST', field: ['effectiveFrom'] }]);
  });

  test('a version for later is not in force until its time; the history lists it and the one in force', async () => {
    const now = (await call('admin', SET, { r: found })).data.setPromotionPolicy;
    assert.deepEqual([now.userErrors, now.version.inForce, now.version.setBy], [[], true, 'admin']);
    scheduledAt = Date.now() + AHEAD_MS;
    const set = (await call('admin', SET, { r: !found, from: new Date(scheduledAt).toISOString() })).data.setPromotionPolicy;
    assert.deepEqual([set.userErrors, set.version.version, set.version.inForce, set.version.scheduled], [[], now.version.version + 1, false, true]);
    assert.equal(await inForce(), found, 'not in force yet');
    const history = (await call('admin', VERSIONS)).data.promotionPolicyVersions;
    assert.deepEqual(history.slice(0, 2).map((v: any) => [v.version, v.inForce, v.scheduled, v.policy.requireApproval]), [
      [set.version.version, false, true, !found],
      [now.version.version, true, false, found],
    ]);

    await setClock(scheduledAt - Date.now() + 5_000);
    assert.equal(await inForce(), !found, 'in force once the clock reaches it');
    await setClock(0);
    assert.equal(await inForce(), found, 'the clock back, the earlier version again');
  });
});
