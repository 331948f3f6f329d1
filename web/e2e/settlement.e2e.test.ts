/**
 * End-to-end: issue 8's settlement scenario in headless Chromium against the running stack. bob shares a
 * product link; alice arrives by it, buys from two shops under a promotion they co-fund, and picks up at
 * leader's point, paying on handover; a week later (test clock) the orders complete; the admin settles the
 * weeks in order through the one holding the completions; bob, leader, both shops and the alliance each
 * see a statement, and what they were credited for her orders sums to what she paid, to the fen.
 *
 * The stack's clock is shared by every suite, and the API suites settle weeks ahead of the real one: this
 * journey moves the clock past the last settled week and past other suites' after-sales windows (their
 * orders complete before hers are placed), so it works alone or after them, and puts the clock back at
 * the end.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/settlement.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';
import { lastEndedPeriodEnd, periodIdOf } from '../src/lib/commission-view';
import { browserJourney, eventually, flashOf, login, open, placeOrder, screenshot, submit } from './harness';

const env = testEnv();
const setClock = stackClock(env);
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const DESK = { width: 1280, height: 900 };

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts): two shops of 翠苑一区 and its pickup point. */
// Enough that bob's 10% passes the ¥10 withdrawal minimum.
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-01', quantity: 8 }; // 锦绣黄桃 ¥12.80
const BAKERY = { merchantId: 'm-bakery', productId: 'p-bakery-02', quantity: 1 }; // 原味可颂 ¥8.80
const PICKUP_POINT = 'pp-cuiyuan'; // leader's point
/** What each party is credited (or charged) for a share of an order: the rest is money moving. */
const SHARE_ACCOUNTS = ['REVENUE', 'FEE', 'COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION', 'REFERRAL_FEE', 'PROMOTION_COST'];

const PERIODS = 'query { settlementPeriods { id status endsAt } }';
const SET_RULE = 'mutation($i: CommissionRuleInput!) { setCommissionRule(input: $i) { rule { version } userErrors { code field } } }';
const PROPOSE = 'mutation($input: ProposePromotionInput!) { proposePromotion(input: $input) { promotion { id status } userErrors { code field } } }';
const RESPOND = 'mutation($id: ID!) { respondToPromotion(id: $id, accept: true) { promotion { id status live } userErrors { code } } }';
const APPROVE = 'mutation($id: ID!) { approvePromotion(id: $id, approve: true) { promotion { id status live } userErrors { code } } }';
const END = 'mutation($id: ID!) { endPromotion(id: $id) { promotion { id status } userErrors { code } } }';
const ORDER = 'query($id: ID!) { order(id: $id) { id status pickupCode total { amountFen } discount { amountFen } merchant { id } } }';

/** Monday 00:00 China time ending the ISO week that holds `ms`. */
const weekEndAfter = (ms: number) => lastEndedPeriodEnd(ms).getTime() + 7 * DAY;

/** The Keycloak subject of a demo user (what a MEMBER party is named by). */
async function subjectOf(user: string): Promise<string> {
  const payload = (await tokenOf(user)).split('.')[1]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
}

describe('one settlement run, statements every party can check (headless Chromium, real Keycloak)', { timeout: 20 * 60_000 }, () => {
  const { personPage, step } = browserJourney('settlement');

  /** Stack clock minus this machine's. */
  let offset = 0;
  const stackNow = () => Date.now() + offset;
  const moveClock = async (to: number) => {
    offset = Math.max(offset, to - Date.now());
    await setClock(offset);
  };
  let promotionId = '';
  let productLink = '';
  let orderIds: string[] = [];
  let paidFen = 0;
  /** The week her orders complete in: the one whose statements are checked. */
  let completionWeek = '';

  after(async () => {
    if (promotionId) await call('fruit-owner', END, { id: promotionId }).catch(() => undefined);
    await setClock(0);
  });

  step('the stage: a week no settlement has reached yet, both shops’ rules, and a 跨店满减 the two shops co-fund', async () => {
    const periods: { id: string; endsAt: string }[] = (await call('admin', PERIODS)).data.settlementPeriods;
    // Her orders fall in an open week (at least Tuesday 10:00 of the week after the last settled one),
    // and at least 8 days on, so orders other suites handed over complete now, not with hers.
    const lastEnd = periods.length ? Math.max(...periods.map((p) => Date.parse(p.endsAt))) : weekEndAfter(Date.now()) - 7 * DAY;
    await moveClock(Math.max(Date.now() + 8 * DAY, lastEnd + DAY + 10 * HOUR));
    for (const [owner, merchantId] of [
      ['fruit-owner', FRUIT.merchantId],
      ['bakery-owner', BAKERY.merchantId],
    ] as const) {
      const r = await call(owner, SET_RULE, { i: { merchantId, feeBp: 500, rates: [{ category: '*', l1Bp: 1000, l2Bp: 0, leaderBp: 300 }] } });
      assert.deepEqual(r.data.setCommissionRule.userErrors, [], `${merchantId}'s rule`);
    }
    const p = await call('fruit-owner', PROPOSE, {
      input: {
        kind: 'SPEND_ACROSS_SHOPS',
        title: `结算联合满减 e2e-${randomUUID().slice(0, 6)}`,
        partnerIds: [BAKERY.merchantId],
        funding: [
          { merchantId: FRUIT.merchantId, percent: 50 },
          { merchantId: BAKERY.merchantId, percent: 50 },
        ],
        minSpendFen: 3000,
        minShops: 2,
        discountFen: 500,
        productIds: [FRUIT.productId, BAKERY.productId],
        startsAt: new Date(stackNow() - 60_000).toISOString(),
        endsAt: new Date(stackNow() + 30 * DAY).toISOString(),
        idempotencyKey: `e2e-${randomUUID()}`,
      },
    });
    assert.deepEqual(p.data.proposePromotion.userErrors, []);
    promotionId = p.data.proposePromotion.promotion.id;
    let promotion = (await call('bakery-owner', RESPOND, { id: promotionId })).data.respondToPromotion.promotion;
    if (promotion.status === 'PENDING_APPROVAL') promotion = (await call('admin', APPROVE, { id: promotionId })).data.approvePromotion.promotion;
    assert.equal(promotion.live, true, `the promotion is live (${promotion.status})`);
  });

  step('bob shares a product link from the product page', async () => {
    const page = await personPage('bob');
    await login(page, 'bob', `/products/${FRUIT.productId}`);
    await submit(page, page.getByTestId('share-product'));
    await page.waitForURL(/\/me\/share\?product=/);
    const parsed = new URL(await page.getByTestId('share-url').inputValue());
    assert.equal(parsed.pathname, `/products/${FRUIT.productId}`);
    productLink = `${parsed.pathname}${parsed.search}`;
  });

  step('alice arrives by it, buys from both shops with the co-funded discount, to pick up at leader’s point', async () => {
    const page = await personPage('alice');
    await open(page, productLink);
    await login(page, 'alice', `/products/${FRUIT.productId}`);
    const ordersBefore = new Set(await herOrders(page));

    await open(page, '/cart');
    for (let guard = 0; guard < 20; guard++) {
      const line = page.getByTestId('cart-line').first();
      if ((await line.count()) === 0) break;
      await submit(page, line.getByTestId('cart-remove'));
    }
    for (const item of [FRUIT, BAKERY]) {
      await open(page, `/products/${item.productId}`);
      for (let i = 0; i < item.quantity; i++) {
        await submit(page, page.getByTestId('add-to-cart'));
        assert.equal(await flashOf(page), 'ok:added');
      }
    }
    await open(page, '/checkout');
    await page.getByTestId('checkout-form').waitFor();
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-on-handover').check();
    await placeOrder(page, /\/me\/orders/, 'her orders');

    orderIds = (await herOrders(page)).filter((id) => !ordersBefore.has(id));
    assert.equal(orderIds.length, 2, `one order per shop (${orderIds.join(', ')})`);
    const orders = await Promise.all(orderIds.map(async (id) => (await call('alice', ORDER, { id })).data.order));
    assert.deepEqual(orders.map((o) => o.merchant.id).sort(), [BAKERY.merchantId, FRUIT.merchantId]);
    assert.equal(orders.reduce((s, o) => s + o.discount.amountFen, 0), 500, 'the co-funded ¥5 off, over both orders');
    paidFen = orders.reduce((s, o) => s + o.total.amountFen, 0);
    await screenshot(page, 'settlement-orders');
  });

  step('the shops send the orders to leader’s point and she hands them over against alice’s payment', async () => {
    for (const id of orderIds) {
      const order = (await call('alice', ORDER, { id })).data.order;
      const owner = order.merchant.id === FRUIT.merchantId ? 'fruit-owner' : 'bakery-owner';
      assert.deepEqual((await call(owner, 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id })).data.markOrderReady.userErrors, []);
      assert.deepEqual((await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id })).data.confirmArrival.userErrors, []);
      const handed = await call('leader', 'mutation($id: ID!, $c: String!) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: true) { order { status } userErrors { code } } }', { id, c: order.pickupCode });
      assert.equal(handed.data.handOverOrder.order?.status, 'PICKED_UP', JSON.stringify(handed.data.handOverOrder.userErrors));
    }
  });

  step('a week on (test clock) the orders complete, and bob’s commission on them is confirmed', async () => {
    await moveClock(stackNow() + 8 * DAY);
    completionWeek = periodIdOf(stackNow());
    const page = await personPage('bob');
    await eventually(async () => {
      await open(page, '/me/share');
      for (const id of orderIds) {
        const entry = page.locator(`[data-testid="earning-entry"][data-order-id="${id}"][data-stage="CONFIRMED"]`);
        assert.equal(await entry.count(), 1, `a confirmed entry for ${id}`);
      }
    }, 90_000);
  });

  step('the admin settles the weeks in order, through the one the orders completed in', async () => {
    await moveClock(weekEndAfter(stackNow()) + DAY);
    const page = await personPage('admin', DESK);
    await login(page, 'admin', '/admin/settlement');
    const settled = () => page.locator(`[data-testid="settlement-period"][data-period-id="${completionWeek}"]`);
    for (let guard = 0; guard < 6 && (await settled().count()) === 0; guard++) {
      const next = await page.getByTestId('settle-next').getAttribute('data-period-id');
      // First what it would write: every party of the week, balanced, nothing written.
      await open(page, '/admin/settlement?preview=1');
      const preview = page.getByTestId('settlement-preview');
      assert.equal(await preview.getAttribute('data-period-id'), next);
      assert.equal(await preview.getAttribute('data-balanced'), 'true', `${next} would balance`);
      assert.equal(await page.getByTestId('preview-problem').count(), 0, `${next} can be settled now`);
      await submit(page, page.getByTestId('settle-button'));
      assert.equal(await flashOf(page), 'ok:settled', `settling ${next}`);
      assert.equal(await page.locator(`[data-testid="settlement-period"][data-period-id="${next}"]`).getAttribute('data-balanced'), 'true', `${next} balances`);
    }
    assert.equal(await settled().getAttribute('data-balanced'), 'true');
    await screenshot(page, 'settlement-settled');
    // Reviewed: the admin closes the week (its statements are final for payouts).
    await submit(page, settled().getByTestId('close-period'));
    assert.equal(await flashOf(page), 'ok:closed');
    assert.equal(await settled().getAttribute('data-status'), 'CLOSED');
  });

  step('bob, leader, both shops and the alliance each see a statement; their shares sum to what alice paid', async () => {
    const page = await personPage('admin', DESK);
    const parties = [
      ['MEMBER', await subjectOf('bob')],
      ['MEMBER', await subjectOf('leader')],
    ];
    await open(page, `/admin/settlement?period=${completionWeek}`);
    const listed = await page.getByTestId('viewer-party').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    for (const v of listed) if (!v.startsWith('CLEARING:')) parties.push(v.split(/:(.*)/s).slice(0, 2) as [string, string]);
    let sum = 0;
    const seen: string[] = [];
    for (const [kind, id] of parties) {
      const query = kind === 'MEMBER' ? `member=${encodeURIComponent(id!)}` : `party=${encodeURIComponent(`${kind}:${id}`)}`;
      await open(page, `/admin/settlement?period=${completionWeek}&${query}`);
      const statement = page.getByTestId('statement');
      if ((await statement.count()) === 0) continue;
      seen.push(`${kind}:${id}`);
      const lines = await statement.getByTestId('statement-line').evaluateAll((els) => els.map((e) => [e.getAttribute('data-account') ?? '', Number(e.getAttribute('data-confirmed-fen'))] as const));
      sum += lines.filter(([account]) => SHARE_ACCOUNTS.includes(account)).reduce((s, [, fen]) => s + fen, 0);
    }
    for (const must of [`MEMBER:${parties[0]![1]}`, `MEMBER:${parties[1]![1]}`, `SHOP:${FRUIT.merchantId}`, `SHOP:${BAKERY.merchantId}`]) assert.ok(seen.includes(must), `a statement for ${must} (${seen.join(', ')})`);
    assert.ok(seen.some((p) => p.startsWith('ALLIANCE:')), 'a statement for the alliance');
    assert.equal(sum, paidFen, `the parties' shares of ${completionWeek} sum to alice's payment`);
  });

  step('the alliance overview charts the settled week: its GMV is what alice paid', async () => {
    const page = await personPage('admin', DESK);
    await open(page, '/admin');
    const row = page.locator(`[data-testid="period-figures-row"][data-period-id="${completionWeek}"]`);
    await row.waitFor();
    assert.equal(Number((await row.locator('td').first().innerText()).replace(/[^\d]/g, '')), paidFen, 'GMV of the week, to the fen');
    await page.locator('[data-testid="period-figures-chart"][data-state="ready"] svg').first().waitFor();
    await screenshot(page, 'settlement-overview');
  });

  step('bob withdraws ¥10 of his commission (real name and ID first); the admin approves it and exports the payout file', async () => {
    const page = await personPage('bob');
    await open(page, '/me/share');
    const section = page.getByTestId('withdrawals');
    if ((await section.getAttribute('data-has-identity')) !== 'true') {
      const form = page.getByTestId('payout-identity-form');
      await form.locator('input[name="realName"]').fill('张三');
      await form.locator('input[name="idNumber"]').fill('11010519491231002X');
      await submit(page, form.getByRole('button'));
      assert.equal(await flashOf(page), 'ok:identity');
    }
    assert.match(await page.getByTestId('payout-identity').innerText(), /张\*.*1101\*+002X/s, 'shown masked');
    assert.ok(Number(await page.getByTestId('withdrawals').getAttribute('data-withdrawable-fen')) >= 1000, 'at least ¥10 withdrawable');
    const mine = async () => page.getByTestId('withdrawal').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    const before = new Set(await mine());
    await page.getByTestId('withdraw-form').locator('input[name="amount"]').fill('10');
    await submit(page, page.getByTestId('withdraw-form').getByRole('button'));
    assert.equal(await flashOf(page), 'ok:requested');
    const id = (await mine()).find((x) => !before.has(x));
    assert.ok(id, 'her new withdrawal is listed');
    assert.equal(await page.locator(`[data-testid="withdrawal"][data-id="${id}"]`).getAttribute('data-status'), 'REQUESTED');

    const desk = await personPage('admin', DESK);
    await open(desk, '/admin/withdrawals');
    const pending = desk.getByTestId('withdrawals-pending').locator(`[data-testid="withdrawal"][data-id="${id}"]`);
    await submit(desk, pending.getByRole('button', { name: /批准|Approve/ }));
    assert.match(await flashOf(desk), /^ok:/);
    assert.equal(await desk.getByTestId('withdrawals-pending').locator(`[data-testid="withdrawal"][data-id="${id}"]`).count(), 0, 'no longer pending');
    const download = desk.waitForEvent('download');
    await desk.getByTestId('payout-export').click();
    const csv = await (await download).createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    assert.ok(csv.includes(id!) && csv.includes('张三') && csv.includes('11010519491231002X'), 'the payout file carries her withdrawal, unmasked');
    await open(page, '/me/share');
    assert.equal(await page.locator(`[data-testid="withdrawal"][data-id="${id}"]`).getAttribute('data-status'), 'APPROVED');
  });
});

/** The ids of the signed-in shopper's orders, from 我的订单. */
async function herOrders(page: import('playwright-core').Page): Promise<string[]> {
  await open(page, '/me/orders');
  return page.locator('[data-testid="order-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id') ?? '').filter(Boolean));
}

