/**
 * Through the gateway with real Keycloak tokens: the shoppers bound to a sharer (myBindings: a count
 * and pseudonyms, never who they are), and a shop's referral fees earned and paid (referralFees).
 *
 *   TEST_PORT_OFFSET=200 npm test -- subgraphs/commissions/src/share/bindings.api.test.ts
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';

const env = testEnv();
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const DAY = 86_400_000;

const LINK = 'query { myShareLink { code } }';
const BIND = 'mutation($c: String!) { bindShare(code: $c) { bound userErrors { code } } }';
const BINDINGS = 'query($n: Int) { myBindings(limit: $n) { total active shoppers { label boundAt until active } } }';
const FEES = 'query($m: ID!, $p: ID) { referralFees(merchantId: $m, periodId: $p) { merchantId periodId earnedPending { amountFen } earnedConfirmed { amountFen } paidPending { amountFen } paidConfirmed { amountFen } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id } } userErrors { code } } }';

// The sharer and the shopper: users no other suite binds (the commissions suites bind alice and leader2 to bob).
const SHARER = 'leader';
const SHOPPER = 'admin';

before(async () => {
  for (const u of [SHARER, SHOPPER, 'fruit-owner', 'bakery-owner']) await tokenOf(u);
});

describe('myBindings', () => {
  test('the sharer sees each shopper her link bound, as a pseudonym with the protection window', async () => {
    assert.deepEqual(errorCodes(await call(null, BINDINGS)), ['UNAUTHENTICATED']);
    const before = (await call(SHARER, BINDINGS)).data.myBindings;
    const code = (await call(SHARER, LINK)).data.myShareLink.code;
    const bound = (await call(SHOPPER, BIND, { c: code })).data.bindShare;
    assert.deepEqual(bound.userErrors, []);
    const after = (await call(SHARER, BINDINGS)).data.myBindings;
    // A rerun on the same data finds the shopper bound already (the first binding holds): no new entry.
    assert.equal(after.total, before.total + (bound.bound ? 1 : 0));
    assert.ok(after.total >= 1);
    const newest = after.shoppers[0];
    assert.match(newest.label, /^[0-9A-F]{6}$/);
    assert.equal(newest.active, true);
    assert.equal((Date.parse(newest.until) - Date.parse(newest.boundAt)) / DAY, 15);
    assert.ok(after.active >= 1);
    // Nothing in the answer names the shopper: not her username, not her subject.
    const subject = JSON.parse(Buffer.from((await tokenOf(SHOPPER)).split('.')[1]!, 'base64url').toString('utf8')).sub as string;
    const text = JSON.stringify(after);
    assert.ok(subject && !text.includes(subject), 'no subject');
    assert.ok(!text.includes(SHOPPER), 'no username');
    // Her pseudonym is the sharer's alone: the shopper's own list does not have it.
    const own = (await call(SHOPPER, BINDINGS)).data.myBindings;
    assert.ok(!own.shoppers.some((s: any) => s.label === newest.label));
    assert.equal((await call(SHARER, BINDINGS, { n: 1 })).data.myBindings.shoppers.length, 1);
  });
});

describe('referralFees', () => {
  test("a shop's staff and the admins see its referral fees; other shops' staff do not", async () => {
    const fruit = (await call('fruit-owner', FEES, { m: 'm-fruit' })).data.referralFees;
    assert.equal(fruit.merchantId, 'm-fruit');
    assert.equal(fruit.periodId, null);
    for (const k of ['earnedPending', 'earnedConfirmed', 'paidPending', 'paidConfirmed']) assert.ok(Number.isSafeInteger(fruit[k].amountFen), k);
    assert.deepEqual(errorCodes(await call('fruit-owner', FEES, { m: 'm-bakery' })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('bob', FEES, { m: 'm-fruit' })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(null, FEES, { m: 'm-fruit' })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call('admin', FEES, { m: 'm-fruit', p: 'last week' })), ['BAD_USER_INPUT']);
    assert.equal((await call('admin', FEES, { m: 'm-fruit', p: '2026-W01' })).data.referralFees.periodId, '2026-W01');
  });

  test("a member's orders at two shops: the one that is not her referrer pays its fee, and the referrer earns it", async () => {
    const fees = async () => {
      const [f, b] = await Promise.all(['m-fruit', 'm-bakery'].map(async (m) => (await call('admin', FEES, { m })).data.referralFees));
      return { paid: f.paidPending.amountFen + b.paidPending.amountFen, earned: f.earnedPending.amountFen + b.earnedPending.amountFen };
    };
    const before = await fees();
    // bakery-owner's first order (at the fruit shop, unless an earlier run made another shop her referrer).
    for (const productId of ['p-fruit-06', 'p-bakery-08']) {
      const r = await call('bakery-owner', PLACE, { input: { lines: [{ productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: `api-${randomUUID()}` } });
      assert.deepEqual(r.data.placeOrder.userErrors, []);
    }
    await eventually(async () => {
      const now = await fees();
      assert.ok(now.paid > before.paid, `a referral fee paid (${JSON.stringify([before, now])})`);
      // Between these two shops, what one earned the other paid (a third referrer would only add to paid).
      assert.ok(now.earned - before.earned <= now.paid - before.paid);
    }, 30_000);
  });
});
