/**
 * The commission policy as a versioned setting, against the stack `npm test` started: a version set for
 * a moment still to come is not in force until the (moved) stack clock reaches it, and the history
 * lists it beside the one in force. The suite leaves the policy as it found it: the values in force at
 * its start are set again for the scheduled instant (the later save wins a tie), and it waits that
 * instant out, so no version of its own is still to come when it ends. Versions it cancels (a policy
 * version and a version of m-fruit's rule, 30 days ahead) never come in force, so they change nothing.
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
const DAY = 86_400_000;
const CANCEL = `mutation($v: Int!) { cancelCommissionPolicyVersion(version: $v) { policy { bindingDays } version { version inForce scheduled cancelled cancelledAt cancelledBy } userErrors { code field } } }`;
const RULES = 'query($m: ID!) { commissionRules(merchantId: $m) { version effectiveFrom feeBp cancelled cancelledAt cancelledBy } }';
const SET_RULE = 'mutation($i: CommissionRuleInput!) { setCommissionRule(input: $i) { rule { version cancelled } userErrors { code field } } }';
const CANCEL_RULE = 'mutation($m: ID!, $v: Int!) { cancelCommissionRule(merchantId: $m, version: $v) { rule { version feeBp cancelled cancelledAt cancelledBy } userErrors { code field } } }';

let found: Record<string, unknown>;
let scheduledAt = 0;

before(async () => {
  for (const u of ['alice', 'admin', 'fruit-owner', 'bakery-owner']) await tokenOf(u);
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

  test('a scheduled version can be cancelled, once, by an admin: listed as cancelled, it never comes in force', async () => {
    const far = Date.now() + 30 * DAY;
    const odd = { ...found, bindingDays: 77 };
    const set = (await call('admin', SET, { i: { ...odd, effectiveFrom: new Date(far).toISOString() } })).data.setCommissionPolicy;
    assert.deepEqual([set.userErrors, set.version.scheduled], [[], true]);
    const n = set.version.version;

    assert.deepEqual(errorCodes(await call('alice', CANCEL, { v: n })), ['FORBIDDEN']);
    const done = (await call('admin', CANCEL, { v: n })).data.cancelCommissionPolicyVersion;
    assert.deepEqual(done.userErrors, []);
    assert.equal(done.policy, null);
    assert.deepEqual([done.version.version, done.version.cancelled, done.version.scheduled, done.version.inForce, done.version.cancelledBy], [n, true, false, false, 'admin']);
    assert.ok(Number.isFinite(Date.parse(done.version.cancelledAt)));

    const listed = (await call('admin', VERSIONS.replace('inForce scheduled', 'inForce scheduled cancelled cancelledBy'))).data.commissionPolicyVersions;
    const row = listed.find((v: any) => v.version === n);
    assert.deepEqual([row.cancelled, row.scheduled, row.inForce, row.cancelledBy], [true, false, false, 'admin']);

    const again = (await call('admin', CANCEL, { v: n })).data.cancelCommissionPolicyVersion;
    assert.deepEqual(again.userErrors, [{ code: 'ALREADY_CANCELLED', field: ['version'] }]);
    const unknown = (await call('admin', CANCEL, { v: 999_999 })).data.cancelCommissionPolicyVersion;
    assert.deepEqual(unknown.userErrors, [{ code: 'NOT_FOUND', field: ['version'] }]);
    const inForce = listed.find((v: any) => v.inForce);
    assert.ok(inForce, 'a version is in force (the suite set one)');
    const refused = (await call('admin', CANCEL, { v: inForce.version })).data.cancelCommissionPolicyVersion;
    assert.deepEqual(refused.userErrors, [{ code: 'NOT_SCHEDULED', field: ['version'] }]);

    const next = (await call('admin', SET, { i: { ...found, effectiveFrom: new Date(Date.now() + 31 * DAY).toISOString() } })).data.setCommissionPolicy;
    assert.equal(next.version.version, n + 2, 'the cancellation took a stream position: version numbers stay unique');
    assert.deepEqual((await call('admin', CANCEL, { v: next.version.version })).data.cancelCommissionPolicyVersion.userErrors, []);

    try {
      await setClock(far - Date.now() - DAY);
      const before = (await call('admin', POLICY)).data.commissionPolicy;
      await setClock(far - Date.now() + DAY);
      const after = (await call('admin', POLICY)).data.commissionPolicy;
      assert.deepEqual(after, before, 'its instant passed: the version before it is still in force');
      assert.notEqual(after.bindingDays, 77);
      const moved = (await call('admin', VERSIONS.replace('inForce scheduled', 'inForce scheduled cancelled'))).data.commissionPolicyVersions.find((v: any) => v.version === n);
      assert.deepEqual([moved.cancelled, moved.inForce, moved.scheduled], [true, false, false]);
      const late = (await call('admin', CANCEL, { v: n })).data.cancelCommissionPolicyVersion;
      assert.deepEqual(late.userErrors, [{ code: 'ALREADY_CANCELLED', field: ['version'] }]);
    } finally {
      await setClock(0);
    }
  });

  test("a shop's scheduled rule version: its owner (or an admin) cancels it; it is listed as cancelled", async () => {
    const m = 'm-fruit';
    const far = Date.now() + 30 * DAY;
    const rule = { merchantId: m, feeBp: 123, rates: [{ category: '*', l1Bp: 10, l2Bp: 0, leaderBp: 0 }], effectiveFrom: new Date(far).toISOString() };
    const set = (await call('fruit-owner', SET_RULE, { i: rule })).data.setCommissionRule;
    assert.deepEqual([set.userErrors, set.rule.cancelled], [[], false]);
    const n = set.rule.version;

    assert.deepEqual(errorCodes(await call('bakery-owner', CANCEL_RULE, { m, v: n })), ['FORBIDDEN'], "another shop's owner");
    assert.deepEqual(errorCodes(await call('alice', CANCEL_RULE, { m, v: n })), ['FORBIDDEN']);
    const done = (await call('fruit-owner', CANCEL_RULE, { m, v: n })).data.cancelCommissionRule;
    assert.deepEqual(done.userErrors, []);
    assert.deepEqual([done.rule.version, done.rule.feeBp, done.rule.cancelled, done.rule.cancelledBy], [n, 123, true, 'fruit-owner']);
    const listed = (await call('fruit-owner', RULES, { m })).data.commissionRules;
    assert.deepEqual(
      listed.filter((v: any) => v.version === n).map((v: any) => [v.cancelled, v.cancelledBy]),
      [[true, 'fruit-owner']],
    );
    assert.deepEqual((await call('admin', CANCEL_RULE, { m, v: n })).data.cancelCommissionRule.userErrors, [{ code: 'ALREADY_CANCELLED', field: ['version'] }]);
    assert.deepEqual((await call('fruit-owner', CANCEL_RULE, { m, v: 999_999 })).data.cancelCommissionRule.userErrors, [{ code: 'NOT_FOUND', field: ['version'] }]);

    // An admin may cancel too; and a version in force (if the shop has one: a full run's journeys set it) is refused.
    const again = (await call('admin', SET_RULE, { i: rule })).data.setCommissionRule;
    assert.deepEqual((await call('admin', CANCEL_RULE, { m, v: again.rule.version })).data.cancelCommissionRule.userErrors, []);
    const inForce = listed.find((v: any) => !v.cancelled && Date.parse(v.effectiveFrom) <= Date.now());
    if (inForce) assert.deepEqual((await call('fruit-owner', CANCEL_RULE, { m, v: inForce.version })).data.cancelCommissionRule.userErrors, [{ code: 'NOT_SCHEDULED', field: ['version'] }]);
  });
});
