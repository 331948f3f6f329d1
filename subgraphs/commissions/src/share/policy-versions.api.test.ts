/**
 * The commission policy as a versioned setting, against the stack `npm test` started: a version set for
 * a moment still to come is not in force until the (moved) stack clock reaches it, and the history
 * lists it beside the one in force. The suite leaves the policy as it found it: the values in force at
 * its start are set again for the scheduled instant (the later save wins a tie), and it waits that
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

const FIELDS = 'bindingDays allowSelfPurchase referralBp referralDays withdrawalMinFen taxBp pointsBreakageBp';
const POLICY = `query { commissionPolicy { ${FIELDS} } }`;
const VERSIONS = `query { commissionPolicyVersions { version effectiveFrom setAt setBy inForce scheduled policy { ${FIELDS} } } }`;
const SET = `mutation($i: CommissionPolicyInput!) { setCommissionPolicy(input: $i) { policy { bindingDays } version { version effectiveFrom inForce scheduled setBy } userErrors { code field } } }`;
/** Far enough ahead that the checks before the clock moves finish first. */
const AHEAD_MS = 15_000;

let found: Record<string, unknown>;
let scheduledAt = 0;

before(async () => {
  for (const u of ['alice', 'admin']) await tokenOf(u);
  found = (await call('admin', POLICY)).data.commissionPolicy;
});
after(async () => {
  await setClock(0);
  if (scheduledAt) {
    // The values found, again, for the scheduled instant: the later version wins it.
    const r = (await call('admin', SET, { i: { ...found, effectiveFrom: new Date(scheduledAt).toISOString() } })).data.setCommissionPolicy;
    assert.deepEqual(r.userErrors, []);
    await sleep(Math.max(0, scheduledAt - Date.now() + 1000));
    assert.deepEqual((await call('admin', POLICY)).data.commissionPolicy, found);
  }
});

describe('commission policy versions', () => {
  test('only an alliance admin sees the versions; a version never starts in the past', async () => {
    assert.deepEqual(errorCodes(await call('alice', VERSIONS)), ['FORBIDDEN']);
    const past = (await call('admin', SET, { i: { ...found, effectiveFrom: new Date(Date.now() - 5 * 60_000).toISOString() } })).data.setCommissionPolicy;
    assert.deepEqual(past.userErrors, [{ code: 'EFFECTIVE_IN_PAST', field: ['input', 'effectiveFrom'] }]);
    assert.equal(past.version, null);
  });

  test('a version for later is not in force until its time; the history lists it and the one in force', async () => {
    const now = (await call('admin', SET, { i: found })).data.setCommissionPolicy;
    assert.deepEqual(now.userErrors, []);
    assert.equal(now.version.inForce, true);
    assert.equal(now.version.setBy, 'admin');
    scheduledAt = Date.now() + AHEAD_MS;
    const later = { ...found, bindingDays: (found.bindingDays as number) === 30 ? 31 : 30 };
    const set = (await call('admin', SET, { i: { ...later, effectiveFrom: new Date(scheduledAt).toISOString() } })).data.setCommissionPolicy;
    assert.deepEqual(set.userErrors, []);
    assert.deepEqual([set.version.version, set.version.inForce, set.version.scheduled], [now.version.version + 1, false, true]);
    assert.equal(Date.parse(set.version.effectiveFrom), scheduledAt);
    assert.deepEqual((await call('admin', POLICY)).data.commissionPolicy, found, 'not in force yet');

    const history = (await call('admin', VERSIONS)).data.commissionPolicyVersions;
    assert.deepEqual(history.slice(0, 2).map((v: any) => [v.version, v.inForce, v.scheduled, v.policy.bindingDays]), [
      [set.version.version, false, true, later.bindingDays],
      [now.version.version, true, false, found.bindingDays],
    ]);

    await setClock(scheduledAt - Date.now() + 5_000);
    assert.deepEqual((await call('admin', POLICY)).data.commissionPolicy, later, 'in force once the clock reaches it');
    const moved = (await call('admin', VERSIONS)).data.commissionPolicyVersions;
    assert.deepEqual(moved.slice(0, 2).map((v: any) => [v.version, v.inForce, v.scheduled]), [
      [set.version.version, true, false],
      [now.version.version, false, false],
    ]);
    await setClock(0);
    assert.deepEqual((await call('admin', POLICY)).data.commissionPolicy, found, 'the clock back, the earlier version again');
  });
});
