/**
 * Share links, bindings, commission rules and the ledger's accruals against the stack `npm test` started:
 * real Keycloak tokens through the gateway, real NATS carrying the order events the ledger follows,
 * real FerretDB. The order is completed on a moved stack clock (its after-sales window closes).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connectNats, STREAM, subjectFor } from '@alliance/events';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { errorCodes, eventually, gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';

const env = testEnv();
const setClock = stackClock(env);
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
after(() => setClock(0));

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
    await setClock(8 * DAY);
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.stage === 'CONFIRMED' && x.amount.amountFen === entry.amount.amountFen), 'confirmed once completed');
      assert.equal(e.confirmed.amountFen - before.confirmed.amountFen, entry.amount.amountFen);
      assert.equal(e.pending.amountFen, before.pending.amountFen, 'nothing left pending for it');
    }, 60_000);
    await eventually(async () => {
      const e = (await call('leader', EARNINGS)).data.myEarnings;
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.account === 'LEADER_COMMISSION' && x.stage === 'CONFIRMED' && x.amount.amountFen === leaderEntry.amount.amountFen), 'the leader’s share confirmed');
      assert.equal(e.confirmed.amountFen - leaderBefore.confirmed.amountFen, leaderEntry.amount.amountFen);
    });
    await setClock(0);
  });

  test("a cancelled order's commission is reversed to nothing", async () => {
    const before = (await call('bob', EARNINGS)).data.myEarnings;
    const placed = await call('alice', PLACE, { input: { lines: [{ productId: PRODUCT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
    const order = placed.data.placeOrder.checkout.orders[0];
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.ok(e.pending.amountFen > before.pending.amountFen, `bob's pending ${e.pending.amountFen} above ${before.pending.amountFen}`);
    });
    assert.deepEqual((await call('fruit-owner', 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "缺货") { userErrors { code } } }', { id: order.id })).data.cancelOrder.userErrors, []);
    await eventually(async () => {
      const e = (await call('bob', EARNINGS)).data.myEarnings;
      assert.equal(e.pending.amountFen, before.pending.amountFen);
      assert.ok(e.entries.some((x: any) => x.orderId === order.id && x.amount.amountFen < 0), 'a reversing entry for the cancelled order');
    });
  });

  test('an order placed after a cancelled version\'s start is split by the version before it', async () => {
    const rule = (l1Bp: number, effectiveFrom?: string) => ({ merchantId: PRODUCT.merchantId, feeBp: 300, rates: [{ category: '*', l1Bp, l2Bp: 200, leaderBp: 300 }], ...(effectiveFrom ? { effectiveFrom } : {}) });
    assert.deepEqual((await call('fruit-owner', SET_RULE, { i: rule(1000) })).data.setCommissionRule.userErrors, []);
    // 5% from two days on, cancelled: the clock then passes its start.
    const later = (await call('fruit-owner', SET_RULE, { i: rule(500, new Date(Date.now() + 2 * DAY).toISOString()) })).data.setCommissionRule;
    assert.deepEqual(later.userErrors, []);
    const cancel = 'mutation($m: ID!, $v: Int!) { cancelCommissionRule(merchantId: $m, version: $v) { userErrors { code } } }';
    assert.deepEqual((await call('fruit-owner', cancel, { m: PRODUCT.merchantId, v: later.rule.version })).data.cancelCommissionRule.userErrors, []);
    await setClock(3 * DAY);
    try {
      const placed = await call('alice', PLACE, { input: { lines: [{ productId: PRODUCT.productId, quantity: 1 }], paymentMethod: 'ON_HANDOVER', pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } });
      assert.deepEqual(placed.data.placeOrder.userErrors, []);
      const order = placed.data.placeOrder.checkout.orders[0];
      let entry: any;
      await eventually(async () => {
        entry = (await call('bob', EARNINGS)).data.myEarnings.entries.find((x: any) => x.orderId === order.id && x.account === 'COMMISSION_L1' && x.stage === 'PENDING');
        assert.ok(entry, 'accrued pending');
      });
      // 10% by the version in force before, not the cancelled 5%.
      assert.ok(Math.abs(entry.amount.amountFen - Math.round(order.total.amountFen / 10)) <= 1, `${entry.amount.amountFen} of ${order.total.amountFen}`);
      await call('fruit-owner', 'mutation($id: ID!) { cancelOrder(orderId: $id, reason: "测试") { userErrors { code } } }', { id: order.id });
    } finally {
      await setClock(0);
    }
  });
});


// Monday 00:00 China time after `ms`: the end of the ISO week holding it.
const weekEnd = (ms: number) => {
  const china = new Date(ms + 8 * 3_600_000);
  const daysToMonday = 7 - ((china.getUTCDay() + 6) % 7);
  return new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + daysToMonday) - 8 * 3_600_000);
};

describe('where the money is', () => {
  const PLACE_CO = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id orders { id total { amountFen } } } userErrors { code } } }';
  const PAY = 'mutation($id: ID!) { payInSandbox(checkoutId: $id) { userErrors { code } } }';
  const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { statements { partyKind partyId closing { amountFen } payable { amountFen } receivable { amountFen } lines { account confirmed { amountFen } } } trialBalance { balanced } } }';
  after(() => setClock(0));

  test('confirmed orders leave the money with the shop: online ones are shared (分账) to the alliance, pay-at-pickup ones are a receivable', async () => {
    const handOver = async (method: 'ONLINE' | 'ON_HANDOVER') => {
      const placed = (await call('alice', PLACE_CO, { input: { lines: [{ productId: PRODUCT.productId, quantity: 1 }], paymentMethod: method, pickupPointId: 'pp-cuiyuan', idempotencyKey: key() } })).data.placeOrder;
      assert.deepEqual(placed.userErrors, []);
      if (method === 'ONLINE') assert.deepEqual((await call('alice', PAY, { id: placed.checkout.id })).data.payInSandbox.userErrors, []);
      const order = placed.checkout.orders[0];
      const code = (await call('alice', CODE, { id: order.id })).data.order.pickupCode;
      await call('fruit-owner', 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id: order.id });
      await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id: order.id });
      const handed = await call('leader', 'mutation($id: ID!, $c: String!, $p: Boolean) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: $p) { order { status } } }', { id: order.id, c: code, p: method === 'ON_HANDOVER' ? true : null });
      assert.equal(handed.data.handOverOrder.order.status, 'PICKED_UP', JSON.stringify(handed));
      return order as { id: string; total: { amountFen: number } };
    };
    const onlineOrder = await handOver('ONLINE');
    const online = onlineOrder.total.amountFen;
    const cash = (await handOver('ON_HANDOVER')).total.amountFen;
    // The week the orders complete in (the clock moves 8 days on), before and after they do.
    const periodEnd = weekEnd(Date.now() + 8 * DAY).toISOString();
    const view = async () => {
      const p = (await call('admin', PREVIEW, { e: periodEnd })).data.previewSettlement;
      const line = (kind: string, account: string) =>
        p.statements.filter((s: any) => s.partyKind === kind).reduce((t: number, s: any) => t + (s.lines.find((l: any) => l.account === account)?.confirmed.amountFen ?? 0), 0);
      const shop = p.statements.find((s: any) => s.partyKind === 'SHOP' && s.partyId === PRODUCT.merchantId);
      return { p, shop, collected: line('SHOP', 'COLLECTED'), shopShared: shop?.lines.find((l: any) => l.account === 'PROFIT_SHARING')?.confirmed.amountFen ?? 0, allianceShared: line('ALLIANCE', 'PROFIT_SHARING'), clearingCollected: line('CLEARING', 'COLLECTED'), closing: shop?.closing.amountFen ?? 0 };
    };
    const before = await view();
    await setClock(8 * DAY);
    let now: Awaited<ReturnType<typeof view>>;
    // Until every posting of both orders' groups is in (the shop's may land before the clearing's).
    await eventually(async () => {
      now = await view();
      assert.equal(now.collected - before.collected, -(online + cash), 'the shop holds what both shoppers paid');
      assert.equal(now.clearingCollected - before.clearingCollected, online + cash, 'and the clearing account is settled by it');
      assert.ok(now.shopShared - before.shopShared > 0, 'the online order is shared');
      assert.equal(now.allianceShared - before.allianceShared, -(now.shopShared - before.shopShared), 'the alliance received what the shop shared');
    }, 60_000);
    now = now!;
    const shared = now.shopShared - before.shopShared;
    assert.ok(shared > 0 && shared <= Math.floor(online * 0.3), `shared ${shared} of ${online}: within the 30% cap`);
    assert.equal(now.allianceShared - before.allianceShared, -shared, 'the alliance received what the shop shared (no referring shop here)');
    // The pay-at-pickup order is not shared: the shop owes its fee and commissions, a receivable.
    assert.ok(now.closing - before.closing < 0, `closing ${before.closing} → ${now.closing}`);
    assert.equal(now.shop.receivable.amountFen, Math.max(0, -now.shop.closing.amountFen));
    assert.equal(now.shop.payable.amountFen, Math.max(0, now.shop.closing.amountFen));
    assert.equal(now.p.trialBalance.balanced, true);

    // The WeChat Pay adapter is asked for exactly that: one request for the online order, to the alliance.
    const nc = await connectNats(env.natsUrl, 'commissions-api-test');
    try {
      const jsm = await jetstreamManager(nc);
      await eventually(async () => {
        const m = await jsm.streams.getMessage(STREAM, { last_by_subj: subjectFor('profit_sharing.requested') });
        const e = JSON.parse(new TextDecoder().decode(m!.data));
        assert.equal(e.data.orderId, onlineOrder.id);
        assert.equal(e.id, `demo:profit-sharing:${e.data.outOrderNo}`);
        assert.match(e.data.outOrderNo, /^[A-Za-z0-9_\-|*@]{1,64}$/);
        assert.equal(e.data.totalFen, shared);
        assert.deepEqual(e.data.receivers.map((r: any) => [r.kind, r.id, r.amountFen]), [['ALLIANCE', 'demo', shared]]);
      });
      // The adapter reports how it ended: the sandbox made it (FINISHED), so the ledger keeps it.
      const requested = JSON.parse(new TextDecoder().decode((await jsm.streams.getMessage(STREAM, { last_by_subj: subjectFor('profit_sharing.requested') }))!.data));
      const outOrderNo: string = requested.data.outOrderNo;
      await eventually(async () => {
        const m = await jsm.streams.getMessage(STREAM, { last_by_subj: subjectFor('profit_sharing.concluded') });
        const e = JSON.parse(new TextDecoder().decode(m!.data));
        assert.deepEqual([e.id, e.data.orderId, e.data.status], [`demo:profit-sharing-concluded:${outOrderNo}`, onlineOrder.id, 'FINISHED']);
      });
      // Had WeChat refused it for good (NOT_ENOUGH after the last retry), the adapter would report FAILED:
      // the ledger undoes the sharing, and the shop owes the alliance again what it had shared (twice: once).
      const failed = { id: `demo:profit-sharing-concluded:${outOrderNo}:api-failed`, type: 'profit_sharing.concluded', version: 1, allianceId: 'demo', occurredAt: new Date().toISOString(), data: { allianceId: 'demo', orderId: onlineOrder.id, merchantId: PRODUCT.merchantId, outOrderNo, status: 'FAILED', reason: { code: 'PROVIDER_REJECTED', providerCode: 'NOT_ENOUGH', message: '分账金额不足' }, at: new Date(Date.now() + 8 * DAY).toISOString() } };
      for (const n of [1, 2]) await jetstream(nc).publish(subjectFor('profit_sharing.concluded'), JSON.stringify({ ...failed, id: `${failed.id}-${n}` }), { msgID: `${failed.id}-${n}` });
      await eventually(async () => {
        const undone = await view();
        assert.equal(undone.shopShared - before.shopShared, 0, 'the PROFIT_SHARING line is back where it was');
        assert.equal(undone.allianceShared - before.allianceShared, 0);
        assert.equal(undone.closing, now.closing - shared, 'the shop owes what it had shared, once');
        assert.equal(undone.shop.receivable.amountFen, Math.max(0, -undone.shop.closing.amountFen));
        assert.equal(undone.p.trialBalance.balanced, true);
      }, 30_000);
    } finally {
      await nc.close();
    }
    await setClock(0);
  });
});

describe('settlement', () => {
  const RUN = 'mutation($e: DateTime!, $k: String!) { runSettlement(periodEnd: $e, idempotencyKey: $k) { period { id status startsAt endsAt trialBalance { parties confirmed { amountFen } pending { amountFen } balanced } } userErrors { code field } } }';
  const STATEMENT = 'query($p: ID!, $party: PartyInput) { statement(periodId: $p, party: $party) { periodId partyKind partyId opening { amountFen } movement { amountFen } closing { amountFen } pending { amountFen } lines { account confirmed { amountFen } pending { amountFen } } } }';
  const PERIODS = 'query { settlementPeriods { id status } }';
  const PREVIEW = 'mutation($e: DateTime!) { previewSettlement(periodEnd: $e) { periodId problem { code } statements { partyKind partyId movement { amountFen } } trialBalance { balanced parties } } }';
  const CLOSE = 'mutation($p: ID!) { closeSettlement(periodId: $p) { period { id status } userErrors { code } } }';
  after(() => setClock(0));

  test("an admin acts only in her own alliance: another alliance's settlement, statements and withdrawals are refused", async () => {
    const otherAlliance = gatewayCaller(env, tokenOf, 'other-alliance') as typeof call;
    for (const q of [PERIODS, 'query { statement(periodId: "2026-W01", party: { kind: ALLIANCE, id: "other-alliance" }) { periodId } }', 'query { withdrawals { id } }', 'query { shopFlows(periodId: "2026-W01") { orders } }']) {
      assert.deepEqual(errorCodes(await otherAlliance('admin', q)), ['FORBIDDEN'], q);
    }
  });

  test('an admin settles ended weeks exactly once each, in order, with balanced books; others cannot', async () => {
    const thisWeekEnd = weekEnd(Date.now());
    assert.deepEqual((await call('admin', RUN, { e: thisWeekEnd.toISOString(), k: key() })).data.runSettlement.userErrors.map((e: any) => e.code), ['PERIOD_NOT_ENDED']);
    assert.deepEqual(errorCodes(await call('fruit-owner', RUN, { e: thisWeekEnd.toISOString(), k: key() })), ['FORBIDDEN']);
    // This week and the next two have ended, whatever day of the week this runs (and at least 15 days
    // on: the ledger test confirmed orders a week on).
    await setClock(Math.max(15 * DAY, thisWeekEnd.getTime() + 14 * DAY + 3_600_000 - Date.now()));
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
    // Listed newest first from his own statements: the same ones, one read, whatever the clock says.
    const LIST = 'query($party: PartyInput, $n: Int) { statements(party: $party, last: $n) { periodId partyKind closing { amountFen } } }';
    const listed = (await call('bob', LIST, { n: 26 })).data.statements;
    for (const periodId of [first.period.id, settled[0].data.runSettlement.period.id, again.period.id]) {
      const st = (await call('bob', STATEMENT, { p: periodId })).data.statement;
      assert.deepEqual(listed.find((l: any) => l.periodId === periodId)?.closing ?? null, st?.closing ?? null, `${periodId} listed as read`);
    }
    assert.deepEqual(listed.map((l: any) => l.periodId), [...listed.map((l: any) => l.periodId)].sort().reverse(), 'newest first');
    assert.ok(listed.every((l: any) => l.partyKind === 'MEMBER'));
    assert.equal((await call('bob', LIST, { n: 1 })).data.statements.length, 1);
    assert.deepEqual(errorCodes(await call('bob', LIST, { n: 0 })), ['BAD_USER_INPUT']);
    assert.deepEqual(errorCodes(await call('bob', LIST, { party: { kind: 'SHOP', id: 'm-fruit' } })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('fruit-owner', LIST, { party: { kind: 'SHOP', id: 'm-bakery' } })), ['FORBIDDEN']);
    assert.equal((await call('fruit-owner', LIST, { party: { kind: 'SHOP', id: 'm-fruit' } })).data.statements[0].partyKind, 'SHOP');
    assert.deepEqual(errorCodes(await call('bob', STATEMENT, { p: first.period.id, party: { kind: 'SHOP', id: 'm-fruit' } })), ['FORBIDDEN']);
    const shop = (await call('fruit-owner', STATEMENT, { p: first.period.id, party: { kind: 'SHOP', id: 'm-fruit' } })).data.statement;
    assert.equal(shop.partyId, 'm-fruit');

    // Each settled period's figures (for the admin charts) were recorded by its run, from its statements.
    const FIGURES = 'query($n: Int) { periodFigures(last: $n) { periodId startsAt endsAt gmv { amountFen } commissions { amountFen } promotionCost { amountFen } fees { amountFen } } }';
    const settledIds = [first.period.id, settled[0].data.runSettlement.period.id, again.period.id];
    const figures = (await call('admin', FIGURES, { n: 3 })).data?.periodFigures;
    assert.deepEqual(figures?.map((f: any) => f.periodId), settledIds, `the last three settled periods, oldest first: ${JSON.stringify(figures)}`);
    for (const f of figures) {
      const clearing = (await call('admin', STATEMENT, { p: f.periodId, party: { kind: 'CLEARING', id: 'orders' } })).data.statement;
      const paid = clearing?.lines.find((l: any) => l.account === 'PAYMENT')?.confirmed.amountFen ?? 0;
      assert.equal(f.gmv.amountFen, 0 - paid, `${f.periodId}: GMV is what the clearing party's PAYMENT line shows`);
      const bobs = (await call('bob', STATEMENT, { p: f.periodId })).data.statement;
      const l1 = bobs?.lines.find((l: any) => l.account === 'COMMISSION_L1')?.confirmed.amountFen ?? 0;
      assert.ok(f.commissions.amountFen >= l1, `${f.periodId}: commissions ${f.commissions.amountFen} include bob's ${l1}`);
      assert.ok(f.promotionCost.amountFen >= 0 && f.fees.amountFen >= 0, `${f.periodId}: costs and fees are magnitudes: ${JSON.stringify(f)}`);
    }
    assert.ok(figures.some((f: any) => f.gmv.amountFen > 0 && f.commissions.amountFen > 0), `a week with confirmed orders and commission: ${JSON.stringify(figures)}`);
    assert.deepEqual(errorCodes(await call('fruit-owner', FIGURES, { n: 3 })), ['FORBIDDEN'], 'figures are for alliance admins');
    assert.deepEqual(errorCodes(await call('admin', FIGURES, { n: 0 })), ['BAD_USER_INPUT'], 'at least one period');
  });
});
