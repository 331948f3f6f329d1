/**
 * Alliance points through the gateway on the stack `npm test` started: a completed order at the fruit
 * shop earns bob points at its rate; twenty concurrent checkouts at the bakery that each redeem his whole
 * balance let exactly one through; the settlement preview shows the fruit shop (the issuer) paying the
 * bakery (the redeeming shop) and still balances; cancelling the order gives the points back and
 * reverses the clearing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { eventually, gatewayCaller, testEnv } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';
import { openWeekEnd, restock } from '@alliance/testing/fixtures';

const env = testEnv();
const call = gatewayCaller(env) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;

const setClock = stackClock(env);
const DAY = 86_400_000;
const key = () => `pts-${randomUUID()}`;
after(() => setClock(0));

const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { pointsTotal { amountFen } total { amountFen } orders { id total { amountFen } points { amountFen } } } userErrors { code field } } }';
const POINTS = '{ me { points { balance expiringSoon nextExpiryAt lots { merchant { id } remaining expiresAt } } } }';
const balance = async (user: string) => (await call(user, POINTS)).data.me.points.balance as number;
const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { trialBalance { balanced } statements { partyKind partyId lines { account confirmed { amountFen } } points { issued redeemedHere redeemedElsewhere expired } } } }';


async function clearingOf(periodEnd: string): Promise<{ fruit: number; bakery: number; balanced: boolean; fruitElsewhere: number; bakeryHere: number }> {
  const p = (await call('admin', PREVIEW, { e: periodEnd })).data.previewSettlement;
  const shop = (id: string) => p.statements.find((s: any) => s.partyKind === 'SHOP' && s.partyId === id);
  const line = (id: string) => shop(id)?.lines.find((l: any) => l.account === 'POINTS_CLEARING')?.confirmed.amountFen ?? 0;
  return { fruit: line('m-fruit'), bakery: line('m-bakery'), balanced: p.trialBalance.balanced, fruitElsewhere: shop('m-fruit')?.points?.redeemedElsewhere ?? 0, bakeryHere: shop('m-bakery')?.points?.redeemedHere ?? 0 };
}

test('points: earned on a completed order, one redemption of twenty racing, cleared between shops, returned on cancellation', async () => {
  await restock(call, 'fruit-owner', 'p-fruit-06');
  await restock(call, 'bakery-owner', 'p-bakery-06');
  // Earn: a fruit order handed over and past its after-sales window.
  const before = await balance('bob');
  const placed = await call('bob', PLACE, { input: { lines: [{ productId: 'p-fruit-06', quantity: 10 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
  assert.deepEqual(placed.data.placeOrder.userErrors, []);
  const order = placed.data.placeOrder.checkout.orders[0];
  const rate = (await call('fruit-owner', '{ pointsRate(merchantId: "m-fruit") { rateBp } }')).data.pointsRate.rateBp;
  const earned = Math.floor((order.total.amountFen * rate) / 10_000);
  assert.ok(earned > 0, `the order earns points: ${order.total.amountFen} fen at ${rate} bp`);
  const code = (await call('bob', 'query($id: ID!) { order(id: $id) { pickupCode } }', { id: order.id })).data.order.pickupCode;
  await call('fruit-owner', 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id: order.id });
  await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id: order.id });
  const handed = await call('leader', 'mutation($id: ID!, $c: String!) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: true) { order { status } userErrors { code } } }', { id: order.id, c: code });
  assert.deepEqual(handed.data.handOverOrder.userErrors, []);
  await setClock(8 * DAY);
  await eventually(async () => assert.equal(await balance('bob'), before + earned, 'the completed order’s points'), 60_000);
  await setClock(0);
  const mine = (await call('bob', POINTS)).data.me.points;
  assert.ok(mine.lots.some((l: any) => l.merchant.id === 'm-fruit'), 'a lot issued by the fruit shop');
  const all = mine.balance as number;

  // Twenty checkouts at the bakery, each redeeming the whole balance, at once: exactly one goes through.
  const periodEnd = await openWeekEnd(call);
  const clearedBefore = await clearingOf(periodEnd);
  const results = await Promise.all(
    Array.from({ length: 20 }, () => call('bob', PLACE, { input: { lines: [{ productId: 'p-bakery-06', quantity: 2 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', pointsToRedeem: all, idempotencyKey: key() } })),
  );
  const through = results.filter((r) => r.data.placeOrder.userErrors.length === 0);
  assert.equal(through.length, 1, `exactly one redemption of ${all} points: ${JSON.stringify(results.map((r) => r.data.placeOrder.userErrors.map((e: any) => e.code)))}`);
  for (const r of results) if (r !== through[0]) assert.deepEqual(r.data.placeOrder.userErrors.map((e: any) => e.code), ['INSUFFICIENT_POINTS']);
  const bakery = through[0].data.placeOrder.checkout;
  assert.equal(bakery.pointsTotal.amountFen, all);
  assert.equal(bakery.orders[0].points.amountFen, all);
  assert.equal(await balance('bob'), 0, 'never below zero');

  // Settlement: the fruit shop pays the bakery for its points, and the books balance.
  await eventually(async () => {
    const c = await clearingOf(periodEnd);
    const fromFruit = mine.lots.filter((l: any) => l.merchant.id === 'm-fruit').reduce((n: number, l: any) => n + l.remaining, 0);
    assert.ok(c.bakery - clearedBefore.bakery >= fromFruit, `the bakery is reimbursed: ${JSON.stringify([clearedBefore, c])}`);
    assert.equal(c.fruit - clearedBefore.fruit, -fromFruit, 'the fruit shop pays for its points');
    assert.equal(c.fruitElsewhere - clearedBefore.fruitElsewhere, fromFruit, 'its statement counts its points redeemed elsewhere');
    assert.ok(c.bakeryHere - clearedBefore.bakeryHere >= fromFruit, 'the bakery’s counts the points redeemed there');
    assert.equal(c.balanced, true);
  });

  // Cancelled: the points come back, and the clearing is reversed.
  const cancelled = await call('bob', 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "changed my mind") { order { status } userErrors { code } } }', { id: bakery.orders[0].id });
  assert.deepEqual(cancelled.data.cancelOrder.userErrors, []);
  await eventually(async () => assert.equal(await balance('bob'), all, 'the points are back'));
  await eventually(async () => {
    const c = await clearingOf(periodEnd);
    assert.deepEqual([c.fruit, c.bakery, c.balanced, c.fruitElsewhere, c.bakeryHere], [clearedBefore.fruit, clearedBefore.bakery, true, clearedBefore.fruitElsewhere, clearedBefore.bakeryHere], 'the clearing and the counts are reversed');
  });
  // Bad input.
  const bad = await call('bob', PLACE, { input: { lines: [{ productId: 'p-bakery-06', quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', pointsToRedeem: -5, idempotencyKey: key() } });
  assert.deepEqual(bad.data.placeOrder.userErrors.map((e: any) => e.code), ['INVALID_POINTS']);
  const tooMany = await call('bob', PLACE, { input: { lines: [{ productId: 'p-bakery-06', quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', pointsToRedeem: all + 1_000_000, idempotencyKey: key() } });
  assert.ok(['INSUFFICIENT_POINTS', 'POINTS_EXCEED_TOTAL'].includes(tooMany.data.placeOrder.userErrors[0]?.code), JSON.stringify(tooMany.data.placeOrder.userErrors));
});
