/**
 * Withdrawals through the gateway with real Keycloak tokens, on the stack `npm test` started: bob earns
 * confirmed commission on alice's completed orders, gives his payout identity, withdraws (tax withheld),
 * the admin approves it (the ledger shows the payout and the tax) and exports the payout file. Twenty
 * concurrent requests never take his balance below zero; nobody else sees or decides his withdrawals.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';
import { periodBounds, periodOf } from '../accounts/period.rules.js';

const env = testEnv();
const setClock = stackClock(env);
const DAY = 86_400_000;
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const key = () => `wd-${randomUUID()}`;

const EARNINGS = 'query { myEarnings { confirmed { amountFen } withdrawable { amountFen } paid { amountFen } receivable { amountFen } payoutIdentity { realNameMasked idNumberMasked } } }';
const IDENTITY = 'mutation($n: String!, $i: String!) { setPayoutIdentity(realName: $n, idNumber: $i) { identity { realNameMasked idNumberMasked } userErrors { code field } } }';
const WD_FIELDS = 'id memberId status gross { amountFen } taxWithheld { amountFen } net { amountFen } taxBp requestedAt decidedAt note';
const REQUEST = `mutation($a: Fen!, $k: String!) { requestWithdrawal(amountFen: $a, idempotencyKey: $k) { withdrawal { ${WD_FIELDS} } userErrors { code field } } }`;
const DECIDE = `mutation($id: ID!, $ok: Boolean!, $note: String) { decideWithdrawal(id: $id, approve: $ok, note: $note) { withdrawal { ${WD_FIELDS} } userErrors { code field } } }`;
const MINE = `query { myWithdrawals { ${WD_FIELDS} } }`;
const LIST = `query($s: WithdrawalStatus) { withdrawals(status: $s) { ${WD_FIELDS} } }`;
const EXPORT = 'mutation($k: String!) { exportPayoutBatch(idempotencyKey: $k) { batch { id count gross { amountFen } taxWithheld { amountFen } net { amountFen } csv } userErrors { code } } }';
const POLICY = 'query { commissionPolicy { bindingDays allowSelfPurchase referralBp referralDays withdrawalMinFen taxBp } }';
const SET_POLICY = 'mutation($i: CommissionPolicyInput!) { setCommissionPolicy(input: $i) { policy { withdrawalMinFen taxBp } userErrors { code field } } }';
const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { statements { partyKind partyId lines { account confirmed { amountFen } } } trialBalance { balanced } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id } } userErrors { code } } }';

const ID_NUMBER = '11010519491231002X';
const earnings = async (user: string) => (await call(user, EARNINGS)).data.myEarnings;
/** The end of the settlement week holding `ms` (the one the approval just posted in). */
const weekEnd = (ms: number) => new Date(periodBounds(periodOf(ms)).endMs);

/** alice, bound to bob, buys 20 melons (10% to bob by the fruit shop's rule); the order completes a week on. */
async function bobEarns(): Promise<void> {
  const bob = (await call('bob', 'query { myShareLink { code } }')).data.myShareLink.code;
  await call('alice', 'mutation($c: String!) { bindShare(code: $c) { bound } }', { c: bob });
  const rule = { merchantId: 'm-fruit', feeBp: 300, rates: [{ category: '*', l1Bp: 1000, l2Bp: 0, leaderBp: 300 }] };
  assert.deepEqual((await call('fruit-owner', 'mutation($i: CommissionRuleInput!) { setCommissionRule(input: $i) { userErrors { code } } }', { i: rule })).data.setCommissionRule.userErrors, []);
  const before = (await earnings('bob')).confirmed.amountFen;
  const placed = await call('alice', PLACE, { input: { lines: [{ productId: 'p-fruit-06', quantity: 20 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
  assert.deepEqual(placed.data.placeOrder.userErrors, []);
  const id = placed.data.placeOrder.checkout.orders[0].id;
  const code = (await call('alice', 'query($id: ID!) { order(id: $id) { pickupCode } }', { id })).data.order.pickupCode;
  await call('fruit-owner', 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id });
  await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id });
  const handed = await call('leader', 'mutation($id: ID!, $c: String!) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: true) { order { status } } }', { id, c: code });
  assert.equal(handed.data.handOverOrder.order.status, 'PICKED_UP');
  await setClock(8 * DAY);
  await eventually(async () => assert.ok((await earnings('bob')).confirmed.amountFen - before >= 5000, 'confirmed'), 60_000);
  await setClock(0);
}

before(async () => {
  for (const u of ['alice', 'bob', 'fruit-owner', 'leader', 'leader2', 'admin']) await tokenOf(u);
});
after(() => setClock(0));

describe('withdrawals', () => {
  let first: any;

  test('the admin sets the minimum and the tax rate; others cannot; older callers leave them as they are', async () => {
    const p = (await call('admin', POLICY)).data.commissionPolicy;
    assert.deepEqual([p.withdrawalMinFen, p.taxBp], [1000, 2000], 'the defaults');
    const { withdrawalMinFen: _m, taxBp: _t, ...older } = p;
    assert.deepEqual((await call('admin', SET_POLICY, { i: older })).data.setCommissionPolicy.policy, { withdrawalMinFen: 1000, taxBp: 2000 });
    assert.deepEqual((await call('admin', SET_POLICY, { i: { ...p, taxBp: 9000 } })).data.setCommissionPolicy.userErrors.map((e: any) => e.code), ['INVALID_TAX_RATE']);
    assert.deepEqual(errorCodes(await call('alice', SET_POLICY, { i: p })), ['FORBIDDEN']);
  });

  test('no withdrawal without a payout identity; a bad ID number is refused by field; shown masked only', async () => {
    assert.deepEqual((await call('leader2', REQUEST, { a: 1000, k: key() })).data.requestWithdrawal.userErrors.map((e: any) => e.code), ['IDENTITY_REQUIRED']);
    const bad = (await call('bob', IDENTITY, { n: '张三', i: '110105194912310021' })).data.setPayoutIdentity;
    assert.deepEqual(bad.userErrors, [{ code: 'INVALID_ID_NUMBER', field: ['idNumber'] }]);
    const ok = (await call('bob', IDENTITY, { n: '张三', i: ID_NUMBER })).data.setPayoutIdentity;
    assert.deepEqual(ok, { identity: { realNameMasked: '张*', idNumberMasked: '1101**********002X' }, userErrors: [] });
    assert.deepEqual((await earnings('bob')).payoutIdentity, ok.identity);
    assert.equal((await earnings('alice')).payoutIdentity, null);
  });

  test('bob withdraws confirmed commission: the minimum, his balance, a replay, tax withheld', { timeout: 120_000 }, async () => {
    await bobEarns();
    const e = await earnings('bob');
    assert.equal(e.withdrawable.amountFen, e.confirmed.amountFen - e.paid.amountFen);
    const refused = async (a: number) => (await call('bob', REQUEST, { a, k: key() })).data.requestWithdrawal.userErrors.map((x: any) => x.code);
    assert.deepEqual(await refused(999), ['BELOW_MINIMUM']);
    assert.deepEqual(await refused(e.withdrawable.amountFen + 1), ['INSUFFICIENT_BALANCE']);
    assert.deepEqual((await call('bob', REQUEST, { a: 1000, k: 'short' })).data.requestWithdrawal.userErrors.map((x: any) => x.code), ['INVALID_IDEMPOTENCY_KEY']);
    const k = key();
    const r = (await call('bob', REQUEST, { a: 1001, k })).data.requestWithdrawal;
    assert.deepEqual(r.userErrors, []);
    first = r.withdrawal;
    assert.deepEqual([first.status, first.gross.amountFen, first.taxWithheld.amountFen, first.net.amountFen, first.taxBp], ['REQUESTED', 1001, 200, 801, 2000]);
    const replay = (await call('bob', REQUEST, { a: 1001, k })).data.requestWithdrawal;
    assert.equal(replay.withdrawal.id, first.id);
    assert.equal((await earnings('bob')).withdrawable.amountFen, e.withdrawable.amountFen - 1001, 'held once');
    assert.deepEqual((await call('bob', MINE)).data.myWithdrawals.map((w: any) => w.id), [first.id]);
  });

  test('nobody else sees or decides it', async () => {
    assert.deepEqual((await call('alice', MINE)).data.myWithdrawals, []);
    assert.deepEqual(errorCodes(await call('alice', LIST, {})), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('bob', LIST, {})), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('alice', DECIDE, { id: first.id, ok: true })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('fruit-owner', DECIDE, { id: first.id, ok: true })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('bob', EXPORT, { k: key() })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(null, MINE)), ['UNAUTHENTICATED']);
  });

  test('the admin approves it: paid, and the ledger shows the payout and the tax withheld (on her statement too), balanced', async () => {
    const pending = (await call('admin', LIST, { s: 'REQUESTED' })).data.withdrawals;
    assert.ok(pending.some((w: any) => w.id === first.id && w.memberId === first.memberId));
    assert.equal(new Set(pending.map((w: any) => w.id)).size, pending.length, 'each once');
    const before = await earnings('bob');
    const approved = (await call('admin', DECIDE, { id: first.id, ok: true, note: '已核对' })).data.decideWithdrawal;
    assert.deepEqual(approved.userErrors, []);
    assert.deepEqual([approved.withdrawal.status, approved.withdrawal.note], ['APPROVED', '已核对']);
    assert.equal((await call('admin', DECIDE, { id: first.id, ok: true })).data.decideWithdrawal.withdrawal.status, 'APPROVED', 'the same decision again');
    assert.deepEqual((await call('admin', DECIDE, { id: first.id, ok: false })).data.decideWithdrawal.userErrors.map((e: any) => e.code), ['ALREADY_DECIDED']);
    assert.deepEqual((await call('admin', DECIDE, { id: 'WD00000000000000000000', ok: true })).data.decideWithdrawal.userErrors.map((e: any) => e.code), ['NOT_FOUND']);
    assert.ok(!(await call('admin', LIST, { s: 'REQUESTED' })).data.withdrawals.some((w: any) => w.id === first.id), 'not pending any more');
    assert.equal((await call('admin', LIST, { s: 'APPROVED' })).data.withdrawals.filter((w: any) => w.id === first.id).length, 1);
    const after = await earnings('bob');
    assert.equal(after.paid.amountFen, before.paid.amountFen + 1001);
    assert.equal(after.withdrawable.amountFen, before.withdrawable.amountFen, 'held, then paid: no change');
    assert.equal(after.receivable.amountFen, 0);

    // Booked in this week, or, when other suites settled weeks ahead of it, in the first open one.
    const settled: { endsAt: string }[] = (await call('admin', 'query { settlementPeriods { endsAt } }')).data.settlementPeriods;
    const openEnd = Math.max(weekEnd(Date.now()).getTime(), ...settled.map((p) => Date.parse(p.endsAt) + 7 * 86_400_000));
    const preview = (await call('admin', PREVIEW, { e: new Date(openEnd).toISOString() })).data.previewSettlement;
    assert.equal(preview.trialBalance.balanced, true);
    const line = (kind: string, id: string, account: string) => preview.statements.find((s: any) => s.partyKind === kind && s.partyId === id)?.lines.find((l: any) => l.account === account)?.confirmed.amountFen;
    assert.equal(line('MEMBER', first.memberId, 'WITHDRAWAL'), -801, 'her statement: the net paid to her');
    assert.equal(line('MEMBER', first.memberId, 'TAX_WITHHELD'), -200, 'and the tax withheld from her');
    assert.equal(line('ALLIANCE', 'demo', 'PAYOUT'), 801);
    assert.equal(line('CLEARING', 'tax', 'TAX_WITHHELD'), 200);
  });

  test("the admin console's list: the pending queue and the newest decided, in one query", async () => {
    const r = await call('admin', `query { pending: withdrawals(status: REQUESTED, first: 100) { ${WD_FIELDS} } recent: withdrawals(first: 100) { ${WD_FIELDS} } }`);
    assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    assert.ok(r.data.recent.some((w: any) => w.id === first.id && w.status === 'APPROVED'), 'the approved one among the newest');
  });

  test('20 concurrent requests that together exceed the balance never take it below zero', async () => {
    const { withdrawable } = await earnings('bob');
    const results = await Promise.all(Array.from({ length: 20 }, () => call('bob', REQUEST, { a: 1000, k: key() })));
    const granted = results.filter((r) => r.data?.requestWithdrawal?.withdrawal).length;
    const refused = results.filter((r) => r.data?.requestWithdrawal?.userErrors?.[0]?.code === 'INSUFFICIENT_BALANCE').length;
    assert.equal(granted + refused, 20, JSON.stringify(results.filter((r) => !r.data?.requestWithdrawal)));
    assert.equal(granted, Math.floor(withdrawable.amountFen / 1000));
    const left = (await earnings('bob')).withdrawable.amountFen;
    assert.equal(left, withdrawable.amountFen - 1000 * granted);
    assert.ok(left >= 0 && left < 1000);
    // Rejected ones are withdrawable again.
    const one = results.find((r) => r.data.requestWithdrawal.withdrawal).data.requestWithdrawal.withdrawal;
    assert.equal((await call('admin', DECIDE, { id: one.id, ok: false, note: '测试' })).data.decideWithdrawal.withdrawal.status, 'REJECTED');
    assert.equal((await earnings('bob')).withdrawable.amountFen, left + 1000);
  });

  test('the payout file carries the approved withdrawal once, unmasked; the same key gives the same batch', async () => {
    const k = key();
    const b = (await call('admin', EXPORT, { k })).data.exportPayoutBatch;
    assert.deepEqual(b.userErrors, []);
    const rows = b.batch.csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    assert.equal(rows[0], '明细单号,收款人姓名,身份证号,税前金额(元),代扣个税(元),实发金额(元),备注');
    const found = rows.filter((r: string) => r.startsWith(first.id));
    assert.equal(found.length, 1, `approved twice, in the file once: ${b.batch.csv}`);
    const row = found[0];
    assert.match(row, new RegExp(`^${first.id},张三,${ID_NUMBER},10\\.01,2\\.00,8\\.01,`));
    assert.equal(b.batch.count, rows.length - 1);
    assert.equal(b.batch.gross.amountFen, b.batch.taxWithheld.amountFen + b.batch.net.amountFen);
    assert.equal((await call('admin', EXPORT, { k })).data.exportPayoutBatch.batch.id, b.batch.id);
    assert.deepEqual((await call('admin', EXPORT, { k: key() })).data.exportPayoutBatch.userErrors.map((e: any) => e.code), ['NOTHING_TO_EXPORT']);
  });
});
