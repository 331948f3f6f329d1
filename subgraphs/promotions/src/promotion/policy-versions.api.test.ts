/**
 * The promotion policy as a versioned setting, against the stack `npm test` started: a version set for
 * a moment still to come is not in force until the (moved) stack clock reaches it, and the history
 * lists it beside the one in force. The suite leaves the policy as it found it: the value in force at
 * its start is set again for the scheduled instant (the later save wins a tie), and it waits that
 * instant out, so no version of its own is still to come when it ends. The versions it cancels (30 days
 * ahead) never come in force, so they change nothing.
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
const DAY = 86_400_000;
const CANCEL = 'mutation($v: Int!) { cancelPromotionPolicyVersion(version: $v) { policy { requireApproval } version { version inForce scheduled cancelled cancelledAt cancelledBy } userErrors { code field } } }';
const LISTED = 'query { promotionPolicyVersions { version inForce scheduled cancelled cancelledBy policy { requireApproval } } }';

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

  test('a scheduled version can be cancelled, once, by an admin: listed as cancelled, it never comes in force', async () => {
    const far = Date.now() + 30 * DAY;
    // What is in force a month ahead without it: the test above's scheduled version, if it ran.
    const expected = scheduledAt ? !found : found;
    const set = (await call('admin', SET, { r: !expected, from: new Date(far).toISOString() })).data.setPromotionPolicy;
    assert.deepEqual([set.userErrors, set.version.scheduled], [[], true]);
    const n = set.version.version;

    assert.deepEqual(errorCodes(await call('fruit-owner', CANCEL, { v: n })), ['FORBIDDEN']);
    const done = (await call('admin', CANCEL, { v: n })).data.cancelPromotionPolicyVersion;
    assert.deepEqual(done.userErrors, []);
    assert.equal(done.policy, null);
    assert.deepEqual([done.version.version, done.version.cancelled, done.version.scheduled, done.version.inForce, done.version.cancelledBy], [n, true, false, false, 'admin']);
    assert.ok(Number.isFinite(Date.parse(done.version.cancelledAt)));

    const listed = (await call('admin', LISTED)).data.promotionPolicyVersions;
    const row = listed.find((v: any) => v.version === n);
    assert.deepEqual([row.cancelled, row.scheduled, row.inForce, row.cancelledBy, row.policy.requireApproval], [true, false, false, 'admin', !expected]);
    assert.deepEqual((await call('admin', CANCEL, { v: n })).data.cancelPromotionPolicyVersion.userErrors, [{ code: 'ALREADY_CANCELLED', field: ['version'] }]);
    assert.deepEqual((await call('admin', CANCEL, { v: 999_999 })).data.cancelPromotionPolicyVersion.userErrors, [{ code: 'NOT_FOUND', field: ['version'] }]);
    const current = listed.find((v: any) => v.inForce);
    assert.ok(current, 'a version is in force (the suite set one)');
    assert.deepEqual((await call('admin', CANCEL, { v: current.version })).data.cancelPromotionPolicyVersion.userErrors, [{ code: 'NOT_SCHEDULED', field: ['version'] }]);

    try {
      await setClock(far - Date.now() + DAY);
      assert.equal(await inForce(), expected, 'its instant passed: the version before it is still in force');
      const moved = (await call('admin', LISTED)).data.promotionPolicyVersions.find((v: any) => v.version === n);
      assert.deepEqual([moved.cancelled, moved.inForce, moved.scheduled], [true, false, false]);
    } finally {
      await setClock(0);
    }
  });
});
