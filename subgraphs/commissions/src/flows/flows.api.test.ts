/**
 * The flow of customers between shops through the gateway, on the stack `npm test` started: a member's
 * first order makes its shop her referrer; her order at another shop inside the referral window counts
 * for that pair in the week it was placed. Every assertion carries a message: a bare failing `assert.ok`
 * makes node re-read and parse this file to build one, which under tsx turns a polling loop into a
 * CPU-bound crawl.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { periodBounds, periodOf } from '../accounts/period.rules.js';

const env = testEnv();
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;

const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id total { amountFen } } } userErrors { code } } }';
const PLACED_AT = 'query($id: ID!) { order(id: $id) { placedAt } }';
const FLOWS = 'query($p: ID!) { shopFlows(periodId: $p) { fromId toId from { id name } to { id name } orders gmv { amountFen } } }';
const CANCEL = 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "缺货") { userErrors { code } } }';
const PERIODS = 'query { settlementPeriods { id } }';
const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { statements { partyKind partyId pending { amountFen } } } }';

async function place(user: string, productId: string): Promise<{ id: string; totalFen: number; period: string }> {
  const r = await call(user, PLACE, { input: { lines: [{ productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: `api-${randomUUID()}` } });
  assert.deepEqual(r.data?.placeOrder?.userErrors, [], `placing ${productId}: ${JSON.stringify(r)}`);
  const order = r.data.placeOrder.checkout.orders[0];
  // The week on the stack's clock (which tests move), as the ledger buckets it — not this process's clock.
  const placedAt = (await call(user, PLACED_AT, { id: order.id })).data?.order?.placedAt;
  assert.ok(placedAt, `order ${order.id} has a placedAt`);
  return { id: order.id, totalFen: order.total.amountFen, period: periodOf(placedAt) };
}

async function flows(periodId: string): Promise<any[]> {
  const r = await call('admin', FLOWS, { p: periodId });
  assert.ok(Array.isArray(r.data?.shopFlows), `shopFlows(${periodId}): ${JSON.stringify(r)}`);
  return r.data.shopFlows;
}

/** The stack's clock (tests move it), as the commissions subgraph reports it. */
async function stackNow(): Promise<number> {
  const health = (await (await fetch(env.commissionsUrl.replace(/\/graphql$/, '/healthz'))).json()) as { clock?: { offsetMs: number } };
  return Date.now() + (health.clock?.offsetMs ?? 0);
}

const cell = (rows: any[], from: string, to: string) => rows.find((f) => f.fromId === from && f.toId === to) ?? { orders: 0, gmv: { amountFen: 0 } };

/**
 * What shoppers owe on orders not completed yet, in the periods an order placed in `period` may be
 * booked in (its own, or the first open one when that week is settled): it falls by an order's total
 * once the ledger has taken the order in.
 */
async function clearingPending(period: string): Promise<number> {
  const settled = ((await call('admin', PERIODS)).data?.settlementPeriods ?? []).map((p: any) => p.id as string);
  const last = settled[0] ?? null;
  const periods = new Set([period, last && period <= last ? periodOf(periodBounds(last).endMs) : period]);
  let fen = 0;
  for (const p of periods) {
    const r = await call('admin', PREVIEW, { e: new Date(periodBounds(p).endMs).toISOString() });
    assert.ok(Array.isArray(r.data?.previewSettlement?.statements), `previewSettlement(${p}): ${JSON.stringify(r)}`);
    fen += r.data.previewSettlement.statements.find((s: any) => s.partyKind === 'CLEARING' && s.partyId === 'orders')?.pending.amountFen ?? 0;
  }
  return fen;
}

describe('the flow of customers between shops', () => {
  test('alice orders at the fruit shop, then at the bakery: the admin sees m-fruit → m-bakery with that order and its GMV', async () => {
    // Her first order in the alliance makes the fruit shop her referrer (a rerun finds it so already).
    // The ledger decides that when it takes the order in, so the bakery order waits for it: placed at
    // once, a retried first event could let the bakery's be taken in first and make the bakery her referrer.
    const pendingBefore = await clearingPending(periodOf(await stackNow()));
    const fruit = await place('alice', 'p-fruit-06');
    await eventually(async () => {
      const now = await clearingPending(fruit.period);
      assert.ok(now <= pendingBefore - fruit.totalFen, `the ledger has taken in ${fruit.id}: clearing pending ${pendingBefore} → ${now}`);
    });

    const before = cell(await flows(fruit.period), 'm-fruit', 'm-bakery');
    const bakery = await place('alice', 'p-bakery-08');
    const start = bakery.period === fruit.period ? before : { orders: 0, gmv: { amountFen: 0 } };
    let row: any;
    await eventually(async () => {
      row = cell(await flows(bakery.period), 'm-fruit', 'm-bakery');
      assert.equal(row.orders, start.orders + 1, `one more m-fruit → m-bakery order in ${bakery.period}: ${JSON.stringify(row)}`);
    });
    assert.equal(row.gmv.amountFen - start.gmv.amountFen, bakery.totalFen, 'its GMV is what she paid for the goods');
    assert.deepEqual([row.from.id, row.to.id], ['m-fruit', 'm-bakery'], 'the shops resolve through the merchants subgraph');
    assert.ok(row.from.name && row.to.name, `the shops have names: ${JSON.stringify(row)}`);
  });

  test('a referred order the shop cancels leaves the matrix as it was', async () => {
    // The test above made the fruit shop alice's referrer: her bakery order counts for m-fruit → m-bakery.
    const period = periodOf(await stackNow());
    const before = cell(await flows(period), 'm-fruit', 'm-bakery');
    const bakery = await place('alice', 'p-bakery-08');
    const start = bakery.period === period ? before : { orders: 0, gmv: { amountFen: 0 } };
    await eventually(async () => {
      const row = cell(await flows(bakery.period), 'm-fruit', 'm-bakery');
      assert.equal(row.orders, start.orders + 1, `the order counted first in ${bakery.period}: ${JSON.stringify(row)}`);
    });
    const r = await call('bakery-owner', CANCEL, { id: bakery.id });
    assert.deepEqual(r.data?.cancelOrder?.userErrors, [], `cancelling ${bakery.id}: ${JSON.stringify(r)}`);
    await eventually(async () => {
      const row = cell(await flows(bakery.period), 'm-fruit', 'm-bakery');
      assert.deepEqual([row.orders, row.gmv.amountFen], [start.orders, start.gmv.amountFen], `the cancelled order left ${bakery.period}: ${JSON.stringify(row)}`);
    });
  });

  test('only alliance admins see the flows; a period is an ISO week', async () => {
    const period = periodOf(await stackNow());
    assert.deepEqual(errorCodes(await call('fruit-owner', FLOWS, { p: period })), ['FORBIDDEN'], 'a shop owner');
    assert.deepEqual(errorCodes(await call('alice', FLOWS, { p: period })), ['FORBIDDEN'], 'a shopper');
    assert.deepEqual(errorCodes(await call(null, FLOWS, { p: period })), ['UNAUTHENTICATED'], 'anonymous');
    assert.deepEqual(errorCodes(await call('admin', FLOWS, { p: 'last-week' })), ['BAD_USER_INPUT'], 'not a week');
  });
});
