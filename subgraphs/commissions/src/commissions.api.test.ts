/**
 * Share links, bindings, commission rules and the ledger's accruals against the stack `npm test` started:
 * real Keycloak tokens through the gateway, real NATS carrying the order events the ledger follows,
 * real FerretDB. The order is completed on a moved stack clock (its after-sales window closes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setStackClockOffset } from '@alliance/events';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';

const env = testEnv();
const SUBGRAPHS = ['merchants', 'members', 'promotions', 'commissions'];
const DAY = 86_400_000;
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const key = () => `api-${randomUUID()}`;

const LINK = 'query($t: ShareTargetInput) { myShareLink(target: $t) { code url qrSvg target targetId } }';
const BIND = 'mutation($c: String!) { bindShare(code: $c) { bound binding { sharerCode boundAt until } userErrors { code field } } }';
const EARNINGS = 'query { myEarnings { pending { amountFen } confirmed { amountFen } entries { orderId account stage amount { amountFen } } } }';
const SET_RULE = 'mutation($i: CommissionRuleInput!) { setCommissionRule(input: $i) { rule { version feeBp rates { category l1Bp l2Bp } } userErrors { code field } } }';
const RULES = 'query($m: ID!) { commissionRules(merchantId: $m) { version feeBp effectiveFrom } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id total { amountFen } } } userErrors { code } } }';
const CODE = 'query($id: ID!) { order(id: $id) { pickupCode status } }';

// A product no other suite prices exactly, and a rule only this suite sets.
const PRODUCT = { productId: 'p-fruit-06', merchantId: 'm-fruit' }; // 麒麟西瓜 ¥29.90

before(async () => {
  for (const u of ['alice', 'bob', 'fruit-owner', 'bakery-owner', 'leader', 'admin']) await tokenOf(u);
});
after(() => setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS }));

describe('share links and bindings', () => {
  test('a member gets one stable code with a link and its QR; a product link opens the product', async () => {
    const a = (await call('bob', LINK)).data.myShareLink;
    assert.match(a.code, /^[2-9A-HJKMNP-Z]{8}$/);
    assert.match(a.url, new RegExp(`/\\?share=${a.code}$`));
    assert.match(a.qrSvg, /^<svg[\s\S]*<\/svg>\s*$/);
    const p = (await call('bob', LINK, { t: { kind: 'PRODUCT', id: PRODUCT.productId } })).data.myShareLink;
    assert.equal(p.code, a.code);
    assert.match(p.url, new RegExp(`/products/${PRODUCT.productId}\\?share=${a.code}$`));
    assert.deepEqual(errorCodes(await call(null, LINK)), ['UNAUTHENTICATED']);
  });

  test('arriving by a link binds the shopper for the protection window; the first binding holds; nobody binds to herself', async () => {
    const bob = (await call('bob', LINK)).data.myShareLink.code;
    const leader = (await call('leader', LINK)).data.myShareLink.code;
    assert.deepEqual((await call('bob', BIND, { c: bob })).data.bindShare.userErrors.map((e: any) => e.code), ['OWN_CODE']);
    assert.deepEqual((await call('alice', BIND, { c: 'NOTACODE' })).data.bindShare.userErrors.map((e: any) => e.code), ['UNKNOWN_CODE']);
    const first = (await call('alice', BIND, { c: bob })).data.bindShare;
    assert.deepEqual(first.userErrors, []);
    // A rerun of this suite on the same data finds alice bound already: the same sharer holds.
    assert.equal(first.binding.sharerCode, bob);
    const days = (Date.parse(first.binding.until) - Date.parse(first.binding.boundAt)) / DAY;
    assert.equal(days, 15);
    const second = (await call('alice', BIND, { c: leader })).data.bindShare;
    assert.deepEqual([second.bound, second.binding.sharerCode], [false, bob]);
  });
});

describe('commission rules', () => {
  test('a shop owner sets its own rule (versioned), not another shop\'s; an impossible rule is refused by field', async () => {
    const rule = { merchantId: PRODUCT.merchantId, feeBp: 300, rates: [{ category: '*', l1Bp: 1000, l2Bp: 200, leaderBp: 300 }] };
    const set = (await call('fruit-owner', SET_RULE, { i: rule })).data.setCommissionRule;
    assert.deepEqual(set.userErrors, []);
    assert.equal(set.rule.rates[0].l1Bp, 1000);
    assert.deepEqual(errorCodes(await call('bakery-owner', SET_RULE, { i: rule })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('alice', RULES, { m: PRODUCT.merchantId })), ['FORBIDDEN']);
    const bad = (await call('fruit-owner', SET_RULE, { i: { ...rule, rates: [{ category: '*', l1Bp: 9000, l2Bp: 900, leaderBp: 900 }] } })).data.setCommissionRule;
    assert.ok(bad.userErrors.some((e: any) => e.code === 'RATE_SUM'), JSON.stringify(bad));
    const versions = (await call('fruit-owner', RULES, { m: PRODUCT.merchantId })).data.commissionRules;
    assert.equal(versions[0].version, set.rule.version);
  });
});

describe('the ledger follows the orders', () => {
  test("alice's order accrues bob's commission (pending), confirmed when it completes; nothing for binding", async () => {
    const before = (await call('bob', EARNINGS)).data.myEarnings;
    const placed = await call('alice', PLACE, { input: { lines: [{ productId: PRODUCT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    assert.deepEqual(placed.data.placeOrder.userErrors, []);
    const order = placed.data.placeOrder.checkout.orders[0];
    // 10% of what alice pays for the goods, by the fruit shop's rule in force when she ordered.
    const expected = Math.round(order.total.amountFen / 10);
    let entry: any;
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      entry = e.entries.find((x: any) => x.orderId === order.id && x.account === 'COMMISSION_L1' && x.stage === 'PENDING');
      assert.ok(entry, 'accrued pending');
      assert.equal(e.pending.amountFen - before.pending.amountFen, entry.amount.amountFen);
    });
    assert.ok(Math.abs(entry.amount.amountFen - expected) <= 1, `${entry.amount.amountFen} ≈ ${expected}`);

    const code = (await call('alice', CODE, { id: order.id })).data.order.pickupCode;
    await call('fruit-owner', 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id: order.id });
    await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id: order.id });
    const handed = await call('leader', 'mutation($id: ID!, $c: String!) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: true) { order { status } } }', { id: order.id, c: code });
    assert.equal(handed.data.handOverOrder.order.status, 'PICKED_UP');
    // The leader who handed it over earns her share (3% of the goods by the rule), pending until it completes.
    const leaderBefore = (await call('leader', EARNINGS)).data.myEarnings;
    let leaderEntry: any;
    await eventually(async () => {
      const e = (await call('leader', EARNINGS)).data.myEarnings;
      leaderEntry = e.entries.find((x: any) => x.orderId === order.id && x.account === 'LEADER_COMMISSION' && x.stage === 'PENDING');
      assert.ok(leaderEntry, 'the leader accrued');
    });
    assert.ok(Math.abs(leaderEntry.amount.amountFen - Math.round(order.total.amountFen * 0.03)) <= 1, `${leaderEntry.amount.amountFen}`);
    await setStackClockOffset(env.natsUrl, 8 * DAY, { secret: env.gatewaySecret, services: SUBGRAPHS });
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.stage === 'CONFIRMED' && x.amount.amountFen === entry.amount.amountFen), 'confirmed once completed');
      assert.equal(e.confirmed.amountFen - before.confirmed.amountFen, entry.amount.amountFen);
      assert.equal(e.pending.amountFen, before.pending.amountFen, 'nothing left pending for it');
    }, 60_000);
    await eventually(async () => {
      const e = (await call('leader', EARNINGS)).data.myEarnings;
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.account === 'LEADER_COMMISSION' && x.stage === 'CONFIRMED' && x.amount.amountFen === leaderEntry.amount.amountFen));
      assert.equal(e.confirmed.amountFen - leaderBefore.confirmed.amountFen, leaderEntry.amount.amountFen);
    });
    await setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS });
  });

  test("a cancelled order's commission is reversed to nothing", async () => {
    const before = (await call('bob', EARNINGS)).data.myEarnings;
    const placed = await call('alice', PLACE, { input: { lines: [{ productId: PRODUCT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    const order = placed.data.placeOrder.checkout.orders[0];
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.ok(e.pending.amountFen > before.pending.amountFen);
    });
    assert.deepEqual((await call('fruit-owner', 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "缺货") { userErrors { code } } }', { id: order.id })).data.cancelOrder.userErrors, []);
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.equal(e.pending.amountFen, before.pending.amountFen);
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.amount.amountFen < 0));
    });
  });
});


describe('settlement', () => {
  const RUN = 'mutation($e: DateTime!, $k: String!) { runSettlement(periodEnd: $e, idempotencyKey: $k) { period { id status startsAt endsAt trialBalance { parties confirmed { amountFen } pending { amountFen } balanced } } userErrors { code field } } }';
  const STATEMENT = 'query($p: ID!, $party: PartyInput) { statement(periodId: $p, party: $party) { periodId partyKind partyId opening { amountFen } movement { amountFen } closing { amountFen } pending { amountFen } lines { account confirmed { amountFen } pending { amountFen } } } }';
  const PERIODS = 'query { settlementPeriods { id status } }';
  const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { periodId problem { code } statements { partyKind partyId movement { amountFen } } trialBalance { balanced parties } } }';
  const CLOSE = 'mutation($p: ID!) { closeSettlement(periodId: $p) { period { id status } userErrors { code } } }';
  // Monday 00:00 China time after `ms`: the end of the ISO week holding it.
  const weekEnd = (ms: number) => {
    const china = new Date(ms + 8 * 3_600_000);
    const daysToMonday = 7 - ((china.getUTCDay() + 6) % 7);
    return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + daysToMonday) - 8 * 3_600_000);
  };
  after(() => setStackClockOffset(env.natsUrl, 0, { secret: env.gatewaySecret, services: SUBGRAPHS }));

  test('an admin settles ended weeks exactly once each, in order, with balanced books; others cannot', async () => {
    const thisWeekEnd = weekEnd(Date.now());
    assert.deepEqual((await call('admin', RUN, { e: thisWeekEnd.toISOString(), k: key() })).data.runSettlement.userErrors.map((e: any) => e.code), ['PERIOD_NOT_ENDED']);
    assert.deepEqual(errorCodes(await call('fruit-owner', RUN, { e: thisWeekEnd.toISOString(), k: key() })), ['FORBIDDEN']);
    // Three weeks on: this week and the next two have ended (the ledger test confirmed orders a week on).
    await setStackClockOffset(env.natsUrl, 15 * DAY, { secret: env.gatewaySecret, services: SUBGRAPHS });
    const preview = (await call('admin', PREVIEW, { e: thisWeekEnd.toISOString() })).data.previewSettlement;
    assert.equal(preview.problem, null);
    assert.equal(preview.trialBalance.balanced, true);
    assert.ok(preview.statements.length >= 4);
    const first = (await call('admin', RUN, { e: thisWeekEnd.toISOString(), k: key() })).data.runSettlement;
    assert.deepEqual(first.userErrors, []);
    assert.equal(first.period.status, 'SETTLED');
    assert.equal(first.period.trialBalance.balanced, true, JSON.stringify(first.period.trialBalance));
    assert.ok(first.period.trialBalance.parties >= 4, 'clearing, shops, the alliance and bob at least');
    assert.deepEqual((await call('admin', RUN, { e: thisWeekEnd.toISOString(), k: key() })).data.runSettlement.userErrors.map((e: any) => e.code), ['ALREADY_SETTLED']);
    assert.equal(first.period.trialBalance.parties, preview.statements.length, 'the run settled what the preview showed');
    assert.equal((await call('admin', CLOSE, { p: first.period.id })).data.closeSettlement.period.status, 'CLOSED');
    assert.deepEqual((await call('admin', CLOSE, { p: '2030-W01' })).data.closeSettlement.userErrors.map((e: any) => e.code), ['NOT_SETTLED']);
    const third = new Date(thisWeekEnd.getTime() + 14 * DAY);
    assert.deepEqual((await call('admin', RUN, { e: third.toISOString(), k: key() })).data.runSettlement.userErrors.map((e: any) => e.code), ['OUT_OF_ORDER']);

    // 10 concurrent runs of the next week: exactly one settles it.
    const next = new Date(thisWeekEnd.getTime() + 7 * DAY);
    const runs = await Promise.all(Array.from({ length: 10 }, () => call('admin', RUN, { e: next.toISOString(), k: key() })));
    const settled = runs.filter((r) => r.data.runSettlement.period);
    assert.equal(settled.length, 1, JSON.stringify(runs.map((r) => r.data.runSettlement.userErrors)));
    assert.ok(runs.every((r) => r.data.runSettlement.period || r.data.runSettlement.userErrors[0].code === 'ALREADY_SETTLED'));
    assert.equal(settled[0].data.runSettlement.period.trialBalance.balanced, true);
    const again = (await call('admin', RUN, { e: third.toISOString(), k: key() })).data.runSettlement;
    assert.deepEqual(again.userErrors, []);
    assert.equal(again.period.trialBalance.balanced, true);
    const periods = (await call('admin', PERIODS)).data.settlementPeriods.map((p: any) => p.id);
    assert.deepEqual(periods.slice(0, 3), [again.period.id, settled[0].data.runSettlement.period.id, first.period.id]);

    // Each statement opens where the party's previous one closed; bob sees his own, not the shop's.
    let opening = 0;
    for (const periodId of [first.period.id, settled[0].data.runSettlement.period.id, again.period.id]) {
      const st = (await call('bob', STATEMENT, { p: periodId })).data.statement;
      if (!st) continue;
      assert.equal(st.opening.amountFen, opening);
      assert.equal(st.closing.amountFen, st.opening.amountFen + st.movement.amountFen);
      opening = st.closing.amountFen;
    }
    assert.ok(opening > 0, 'bob has confirmed commission by the third week');
    assert.deepEqual(errorCodes(await call('bob', STATEMENT, { p: first.period.id, party: { kind: 'SHOP', id: 'm-fruit' } })), ['FORBIDDEN']);
    const shop = (await call('fruit-owner', STATEMENT, { p: first.period.id, party: { kind: 'SHOP', id: 'm-fruit' } })).data.statement;
    assert.equal(shop.partyId, 'm-fruit');
  });
});
