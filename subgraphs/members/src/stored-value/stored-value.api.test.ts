/**
 * Stored value (储值) through the gateway on the stack `npm test` started: the fruit shop's staff top up
 * a member at the counter (idempotent, staff of that shop only); she pays a fruit-only checkout with it
 * (paid at placement), never a mixed cart or another shop's; ten checkouts racing for one balance let
 * through only what it covers; a cancellation puts the money back; a payback empties it; the ledger
 * books the shop's liability and still balances.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { createTestUser, openWeekEnd, restock, type TestUser } from '@alliance/testing/fixtures';

const env = testEnv();
/** A member of her own (a demo user's orders would change what other suites expect of them). */
const MEMBER = 'sv-member';
let member: TestUser;
const tokens = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, (u) => (u === MEMBER ? member.token() : tokens(u))) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
before(async () => {
  member = await createTestUser(env, 'sven', { firstName: 'Sven', lastName: 'Lin' });
});
after(() => member.remove());

const key = () => `sv-${randomUUID()}`;

const TOP_UP = 'mutation($m: ID!, $s: ID!, $a: Fen!, $k: String!) { topUpStoredValue(memberId: $m, merchantId: $s, amountFen: $a, idempotencyKey: $k) { balance { merchant { id } balanceFen } userErrors { code field } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { total { amountFen } orders { id status total { amountFen } } } userErrors { code field } } }';
const balanceAt = async (user: string, merchantId: string) => ((await call(user, '{ me { storedValue { merchant { id } balanceFen } } }')).data.me.storedValue as any[]).find((b) => b.merchant.id === merchantId)?.balanceFen ?? 0;
const fruitOrder = (quantity: number, method = 'STORED_VALUE') => ({ input: { lines: [{ productId: 'p-fruit-04', quantity }], paymentMethod: method, pickupPointId: 'pp-wenxin', idempotencyKey: key() } });

const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { trialBalance { balanced } statements { partyKind partyId lines { account confirmed { amountFen } } } } }';
async function fruitLiability(periodEnd: string): Promise<{ fen: number; balanced: boolean }> {
  const p = (await call('admin', PREVIEW, { e: periodEnd })).data.previewSettlement;
  const fen = p.statements.find((s: any) => s.partyKind === 'SHOP' && s.partyId === 'm-fruit')?.lines.find((l: any) => l.account === 'STORED_VALUE')?.confirmed.amountFen ?? 0;
  return { fen, balanced: p.trialBalance.balanced };
}

test('stored value: topped up at the counter, pays its own shop only, never below zero, refunded, paid back, booked', async () => {
  await restock(call, 'fruit-owner', 'p-fruit-04');
  const memberId = (await call(MEMBER, '{ me { id } }')).data.me.id;
  const periodEnd = await openWeekEnd(call);
  const ledgerBefore = await fruitLiability(periodEnd);
  const start = await balanceAt(MEMBER, 'm-fruit');

  // The counter: the fruit shop's staff only, once per key.
  const k = key();
  const up = (await call('fruit-owner', TOP_UP, { m: memberId, s: 'm-fruit', a: 5_000, k })).data.topUpStoredValue;
  assert.deepEqual(up, { balance: { merchant: { id: 'm-fruit' }, balanceFen: start + 5_000 }, userErrors: [] });
  assert.equal((await call('fruit-owner', TOP_UP, { m: memberId, s: 'm-fruit', a: 5_000, k })).data.topUpStoredValue.balance.balanceFen, start + 5_000, 'the same top-up again adds nothing');
  assert.deepEqual(errorCodes(await call('bakery-owner', TOP_UP, { m: memberId, s: 'm-fruit', a: 5_000, k: key() })), ['FORBIDDEN'], 'another shop’s staff');
  assert.deepEqual(errorCodes(await call('alice', TOP_UP, { m: memberId, s: 'm-fruit', a: 5_000, k: key() })), ['FORBIDDEN'], 'a shopper');
  assert.deepEqual((await call('fruit-owner', TOP_UP, { m: 'mem_000000000000000000000000', s: 'm-fruit', a: 5_000, k: key() })).data.topUpStoredValue.userErrors.map((e: any) => e.code), ['UNKNOWN_MEMBER']);
  assert.equal(await balanceAt(MEMBER, 'm-fruit'), start + 5_000);
  assert.equal(await balanceAt(MEMBER, 'm-bakery'), 0, 'no balance at the bakery: it is not usable there');

  // A mixed cart, and another shop's cart, cannot pay with it.
  const mixed = await call(MEMBER, PLACE, { input: { lines: [{ productId: 'p-fruit-04', quantity: 1 }, { productId: 'p-bakery-08', quantity: 1 }], paymentMethod: 'STORED_VALUE', pickupPointId: 'pp-wenxin', idempotencyKey: key() } });
  assert.deepEqual(mixed.data.placeOrder.userErrors.map((e: any) => [e.code, e.field]), [['MIXED_CART_STORED_VALUE', ['paymentMethod']]]);
  const bakery = await call(MEMBER, PLACE, { input: { lines: [{ productId: 'p-bakery-08', quantity: 1 }], paymentMethod: 'STORED_VALUE', pickupPointId: 'pp-wenxin', idempotencyKey: key() } });
  assert.deepEqual(bakery.data.placeOrder.userErrors.map((e: any) => e.code), ['INSUFFICIENT_BALANCE']);

  // Ten fruit checkouts racing, each more than half of the balance: only what it covers goes through.
  const balance = await balanceAt(MEMBER, 'm-fruit');
  const results = await Promise.all(Array.from({ length: 10 }, () => call(MEMBER, PLACE, fruitOrder(5))));
  const through = results.filter((r) => r.data.placeOrder.userErrors.length === 0);
  const spent = through.reduce((n, r) => n + r.data.placeOrder.checkout.total.amountFen, 0);
  assert.ok(through.length >= 1, 'one fits');
  assert.ok(spent <= balance, `never more than the balance: ${spent} of ${balance}`);
  for (const r of results) if (!through.includes(r)) assert.deepEqual(r.data.placeOrder.userErrors.map((e: any) => e.code), ['INSUFFICIENT_BALANCE']);
  const paid = through[0].data.placeOrder.checkout.orders[0];
  assert.equal(paid.status, 'PAID', 'paid at placement');
  assert.equal(await balanceAt(MEMBER, 'm-fruit'), balance - spent);

  // Cancelled: the money goes back to the balance.
  assert.deepEqual((await call(MEMBER, 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "wrong size") { userErrors { code } } }', { id: paid.id })).data.cancelOrder.userErrors, []);
  await eventually(async () => assert.equal(await balanceAt(MEMBER, 'm-fruit'), balance - spent + paid.total.amountFen, 'refunded to stored value'));

  // Paid back: the whole balance, once.
  const back = (await call(MEMBER, 'mutation { requestStoredValuePayback(merchantId: "m-fruit") { balance { balanceFen } userErrors { code } } }')).data.requestStoredValuePayback;
  assert.deepEqual(back, { balance: { balanceFen: 0 }, userErrors: [] });
  assert.deepEqual((await call(MEMBER, 'mutation { requestStoredValuePayback(merchantId: "m-fruit") { userErrors { code } } }')).data.requestStoredValuePayback.userErrors.map((e: any) => e.code), ['NOTHING_TO_PAY_BACK']);

  // The shop leaves the alliance: the admin pays back every balance held at it.
  assert.equal((await call('fruit-owner', TOP_UP, { m: memberId, s: 'm-fruit', a: 1_200, k: key() })).data.topUpStoredValue.balance.balanceFen, 1_200);
  const SHOP_PAYBACK = 'mutation { payBackShopStoredValue(merchantId: "m-fruit") { paidBack totalFen userErrors { code } } }';
  assert.deepEqual(errorCodes(await call('fruit-owner', SHOP_PAYBACK)), ['FORBIDDEN'], 'an admin’s act, not the shop’s');
  const shopLeft = (await call('admin', SHOP_PAYBACK)).data.payBackShopStoredValue;
  assert.ok(shopLeft.paidBack >= 1 && shopLeft.totalFen >= 1_200, JSON.stringify(shopLeft));
  assert.equal(await balanceAt(MEMBER, 'm-fruit'), 0, 'her balance there is paid back');

  // The ledger: every movement booked, the shop's liability back where it was, the books balanced.
  await eventually(async () => {
    const after = await fruitLiability(periodEnd);
    // −top-up + payments − refund + payback of the rest (her earlier balance included): the shop owes her nothing now.
    assert.equal(after.fen - ledgerBefore.fen, start, `top-up, payments, refund and payback net out: ${JSON.stringify([ledgerBefore, after])}`);
    assert.equal(after.balanced, true);
  });
});
