/**
 * End-to-end: issue 9's alliance points in headless Chromium against the running stack (step 4 of the
 * issue's journey), and her data export and the erase form's refusal.
 *
 * fruit-owner sets the fruit shop's points rate on /merchant; alice's fruit order is handed over and,
 * a week on (test clock), completes and earns her points, which 我的 and 我的 → 积分 show; the admin brings
 * the settlement preview to the open week (settling the ended weeks before it, in order, as the page
 * does); alice redeems points at the bakery at checkout, her order shows what points paid, and the
 * preview shows the fruit shop paying (POINTS_CLEARING down) and the bakery reimbursed (up).
 * alice downloads her data (a JSON file with her member id); the erase form refuses anything but
 * 确认注销 — a demo user is never erased (erasure deletes her Keycloak login).
 *
 * The stack's clock is shared by every suite: it only moves forward here, and is put back at the end,
 * like settlement.e2e.test.ts. The fruit shop's rate is put back too.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/points.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { restock } from '@alliance/testing/fixtures';
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';
import type { Page } from 'playwright-core';
import { periodIdOf } from '../src/lib/commission-view';
import { browserJourney, eventually, flashOf, login, open, placeOrder, screenshot, submit } from './harness';

const env = testEnv();
const setClock = stackClock(env);
const tokenOf = tokenCache(env.keycloakUrl);
const call = gatewayCaller(env, tokenOf) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const DAY = 86_400_000;
const DESK = { width: 1280, height: 900 };

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts). */
const FRUIT = 'm-fruit';
const BAKERY = 'm-bakery';
const WATERMELON = 'p-fruit-06'; // 麒麟西瓜 ¥29.90
const TIRAMISU = 'p-bakery-06'; // 提拉米苏 ¥25.80
const PICKUP_POINT = 'pp-cuiyuan';
const RATE_PERCENT = 5;

const RATE = 'query($m: ID!) { pointsRate(merchantId: $m) { rateBp } }';
const SET_RATE = 'mutation($m: ID!, $r: Int!) { setPointsRate(merchantId: $m, rateBp: $r) { userErrors { code } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { orders { id total { amountFen } } } userErrors { code field } } }';
const ORDER = 'query($id: ID!) { order(id: $id) { id status pickupCode total { amountFen } points { amountFen } merchant { id } } }';

interface Lot {
  merchantId: string;
  remaining: number;
}

/** Her lots as 我的 → 积分 lists them: the ones expiring first first, the order a checkout uses them in. */
async function lotsOf(page: Page): Promise<{ balance: number; lots: Lot[] }> {
  await open(page, '/me/points');
  const balance = Number(await page.getByTestId('points-page').getAttribute('data-balance'));
  const lots = await page
    .getByTestId('points-lot')
    .evaluateAll((els) => els.map((e) => ({ merchantId: e.getAttribute('data-merchant-id') ?? '', remaining: Number(e.getAttribute('data-remaining')) })));
  return { balance, lots };
}

/** Each shop's POINTS_CLEARING in the settlement preview the admin's page shows, and that preview's week. */
async function previewClearing(page: Page): Promise<{ periodId: string; fruit: number; bakery: number; balanced: boolean }> {
  await open(page, '/admin/settlement?preview=1');
  const preview = page.getByTestId('settlement-preview');
  await preview.waitFor();
  const of = async (merchantId: string) => {
    const row = preview.locator(`[data-testid="preview-party"][data-party="SHOP:${merchantId}"]`);
    return (await row.count()) ? Number(await row.getAttribute('data-points-clearing-fen')) : 0;
  };
  return {
    periodId: (await preview.getAttribute('data-period-id')) ?? '',
    fruit: await of(FRUIT),
    bakery: await of(BAKERY),
    balanced: (await preview.getAttribute('data-balanced')) === 'true',
  };
}

async function herOrders(page: Page): Promise<string[]> {
  await open(page, '/me/orders');
  return page.locator('[data-testid="order-card"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id') ?? '').filter(Boolean));
}

describe('alliance points: earned at the fruit shop, redeemed at the bakery, cleared in settlement (headless Chromium, real Keycloak)', { timeout: 20 * 60_000 }, () => {
  const { personPage, step } = browserJourney('points');

  /** Stack clock minus this machine's. */
  let offset = 0;
  const stackNow = () => Date.now() + offset;
  const moveClock = async (to: number) => {
    offset = Math.max(offset, to - Date.now());
    await setClock(offset);
  };
  let rateBefore: number | null = null;
  let earned = 0;
  let before = { balance: 0, lots: [] as Lot[] };
  let baseline = { periodId: '', fruit: 0, bakery: 0, balanced: true };
  let redeemed = 0;

  after(async () => {
    if (rateBefore !== null) await call('fruit-owner', SET_RATE, { m: FRUIT, r: rateBefore }).catch(() => undefined);
    await setClock(0);
  });

  step('fruit-owner sets the fruit shop’s points rate on its desk, shown as a percent', async () => {
    rateBefore = (await call('fruit-owner', RATE, { m: FRUIT })).data.pointsRate.rateBp;
    const page = await personPage('fruit-owner', DESK);
    await login(page, 'fruit-owner', '/merchant');
    const panel = page.getByTestId('points-rate');
    assert.equal(Number(await panel.getAttribute('data-rate-bp')), rateBefore);
    await panel.getByTestId('points-rate-input').fill(String(RATE_PERCENT));
    await submit(page, panel.getByTestId('points-rate-save'));
    assert.equal(await flashOf(page), 'ok:pointsRate');
    assert.equal(await page.getByTestId('points-rate-percent').innerText(), `${RATE_PERCENT}%`);
    assert.equal((await call('fruit-owner', RATE, { m: FRUIT })).data.pointsRate.rateBp, RATE_PERCENT * 100);
  });

  step('alice’s fruit order is handed over and, past its after-sales window, earns her points: 我的 and 我的 → 积分 show them', async () => {
    const page = await personPage('alice');
    await login(page, 'alice', '/me');
    const start = await lotsOf(page);
    await restock(call, 'fruit-owner', WATERMELON);
    await restock(call, 'bakery-owner', TIRAMISU);
    const placed = await call('alice', PLACE, { input: { lines: [{ productId: WATERMELON, quantity: 2 }], paymentMethod: 'ON_HANDOVER', pickupPointId: PICKUP_POINT, idempotencyKey: `pts-e2e-${randomUUID()}` } });
    assert.deepEqual(placed.data.placeOrder.userErrors, []);
    const order = placed.data.placeOrder.checkout.orders[0];
    earned = Math.floor((order.total.amountFen * RATE_PERCENT * 100) / 10_000);
    assert.ok(earned > 0);
    const code = (await call('alice', ORDER, { id: order.id })).data.order.pickupCode;
    assert.deepEqual((await call('fruit-owner', 'mutation($id: ID!) { markOrderReady(orderId: $id) { userErrors { code } } }', { id: order.id })).data.markOrderReady.userErrors, []);
    assert.deepEqual((await call('leader', 'mutation($id: ID!) { confirmArrival(orderId: $id) { userErrors { code } } }', { id: order.id })).data.confirmArrival.userErrors, []);
    const handed = await call('leader', 'mutation($id: ID!, $c: String!) { handOverOrder(orderId: $id, pickupCode: $c, paymentCollected: true) { order { status } userErrors { code } } }', { id: order.id, c: code });
    assert.equal(handed.data.handOverOrder.order?.status, 'PICKED_UP', JSON.stringify(handed.data.handOverOrder.userErrors));

    await moveClock(stackNow() + 8 * DAY);
    // Moving the shared clock also completes her orders of earlier suites: they earn points too. So
    // the card must show at least this order's points, and the balance must have settled before the
    // next steps count on it.
    let seen = -1;
    await eventually(async () => {
      assert.equal((await call('alice', ORDER, { id: order.id })).data.order.status, 'COMPLETED', 'the order completes past its after-sales window');
      await open(page, '/me');
      const balance = Number(await page.getByTestId('me-points').getAttribute('data-balance'));
      assert.ok(balance >= start.balance + earned, `the completed order’s points on the member card: ${balance} of at least ${start.balance + earned}`);
      const settled = balance === seen;
      seen = balance;
      assert.ok(settled, 'the balance has stopped moving');
    }, 90_000);
    await screenshot(page, 'points-member-card');
    before = await lotsOf(page);
    assert.equal(before.balance, seen);
    assert.ok(before.lots.some((l) => l.merchantId === FRUIT && l.remaining >= earned), `a lot issued by the fruit shop: ${JSON.stringify(before.lots)}`);
    await screenshot(page, 'points-lots');
  });

  step('the admin’s settlement preview reaches the open week (the ended weeks before it settled in order)', async () => {
    const page = await personPage('admin', DESK);
    await login(page, 'admin', '/admin/settlement');
    const openWeek = periodIdOf(stackNow());
    for (let guard = 0; ; guard++) {
      baseline = await previewClearing(page);
      if (baseline.periodId >= openWeek) break;
      assert.ok(guard < 8, `the preview reaches ${openWeek} (at ${baseline.periodId})`);
      await submit(page, page.getByTestId('settle-button'));
      assert.equal(await flashOf(page), 'ok:settled', `settling ${baseline.periodId}`);
    }
  });

  step('alice redeems points at the bakery at checkout; her order shows what points paid', async () => {
    const page = await personPage('alice');
    await open(page, '/cart');
    for (let guard = 0; guard < 20; guard++) {
      const line = page.getByTestId('cart-line').first();
      if ((await line.count()) === 0) break;
      await submit(page, line.getByTestId('cart-remove'));
    }
    await open(page, `/products/${TIRAMISU}`);
    await submit(page, page.getByTestId('add-to-cart'));
    assert.equal(await flashOf(page), 'ok:added');
    const ordersBefore = new Set(await herOrders(page));

    await open(page, '/checkout');
    const field = page.getByTestId('checkout-points');
    assert.equal(Number(await field.getAttribute('data-balance')), before.balance, 'the field shows her balance');
    const max = Number(await field.getAttribute('data-max'));
    assert.ok(max > 0 && max <= before.balance);
    // Up to and including the first fruit lot (the ones expiring first go first), so the fruit shop pays.
    let upToFruit = 0;
    for (const lot of before.lots) {
      upToFruit += lot.remaining;
      if (lot.merchantId === FRUIT) break;
    }
    redeemed = Math.min(max, upToFruit);

    // More than she has: the server's refusal shows on the field (the browser's own bound lifted first).
    await page.getByTestId('points-to-redeem').evaluate((el) => el.removeAttribute('max'));
    await page.getByTestId('points-to-redeem').fill(String(before.balance + 100_000));
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-on-handover').check();
    await submit(page, page.getByTestId('place-order'));
    const refused = await field.getByTestId('field-error').getAttribute('data-code');
    assert.ok(['INSUFFICIENT_POINTS', 'POINTS_EXCEED_TOTAL'].includes(refused ?? ''), `refused on the field: ${refused}`);
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'points-checkout-refused');

    await page.getByTestId('points-to-redeem').fill(String(redeemed));
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-on-handover').check();
    await placeOrder(page, /\/me\/orders/, 'her orders');

    const fresh = (await herOrders(page)).filter((id) => !ordersBefore.has(id));
    assert.equal(fresh.length, 1, `one bakery order (${fresh.join(', ')})`);
    const order = (await call('alice', ORDER, { id: fresh[0] })).data.order;
    assert.equal(order.merchant.id, BAKERY);
    assert.equal(order.points.amountFen, redeemed, 'points paid that much of it');
    await open(page, `/me/orders/${fresh[0]}`);
    assert.equal(Number(await page.getByTestId('order-points').getAttribute('data-points-fen')), redeemed, 'the order page shows the points line');
    await screenshot(page, 'points-order');
    await open(page, '/me');
    assert.equal(Number(await page.getByTestId('me-points').getAttribute('data-balance')), before.balance - redeemed, 'the card shows what is left');
  });

  step('the settlement preview shows the fruit shop paying for its points and the bakery reimbursed', async () => {
    const page = await personPage('admin', DESK);
    // What the redemption took from lots the fruit shop issued, and from lots of any shop but the bakery.
    let left = redeemed;
    let fromFruit = 0;
    let fromOthers = 0;
    for (const lot of before.lots) {
      const take = Math.min(left, lot.remaining);
      left -= take;
      if (lot.merchantId === FRUIT) fromFruit += take;
      if (lot.merchantId !== BAKERY) fromOthers += take;
    }
    assert.ok(fromFruit > 0);
    await eventually(async () => {
      const now = await previewClearing(page);
      assert.equal(now.periodId, baseline.periodId, 'the same open week');
      assert.ok(now.fruit - baseline.fruit < 0, `the fruit shop pays: ${JSON.stringify([baseline, now])}`);
      assert.ok(now.bakery - baseline.bakery > 0, `the bakery is reimbursed: ${JSON.stringify([baseline, now])}`);
      // Lots of one day from different shops may tie on expiry; with fruit lots only, the sums are exact.
      if (before.lots.every((l) => l.merchantId === FRUIT)) {
        assert.equal(now.fruit - baseline.fruit, -fromFruit);
        assert.equal(now.bakery - baseline.bakery, fromOthers);
      }
      assert.equal(now.balanced, true, 'the week still balances');
    }, 60_000);
    await page.locator(`[data-testid="preview-party"][data-party="SHOP:${FRUIT}"]`).scrollIntoViewIfNeeded();
    await screenshot(page, 'points-settlement-preview');
  });

  step('alice downloads her data: one JSON file with her member id', async () => {
    const page = await personPage('alice');
    const memberId = (await call('alice', '{ me { id } }')).data.me.id as string;
    await open(page, '/me/privacy');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    assert.match(download.suggestedFilename(), /^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    assert.ok(file, 'the file was downloaded');
    const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(doc.memberId, memberId);
    assert.ok(JSON.stringify(doc.members).includes(memberId), 'the members subgraph’s part names her');
    for (const part of ['exportedAt', 'members', 'merchants', 'promotions', 'commissions']) assert.ok(part in doc, `the export has ${part}`);
  });

  step('the erase form refuses anything but 确认注销, and she stays signed in', async () => {
    const page = await personPage('alice');
    await open(page, '/me/privacy');
    const section = page.getByTestId('erase');
    assert.ok((await section.getByTestId('erase-consequences').locator('li').count()) >= 4, 'what happens is spelled out');
    await section.getByTestId('erase-confirm').fill('注销');
    await submit(page, section.getByTestId('erase-button'));
    assert.equal(new URL(page.url()).pathname, '/me/privacy');
    assert.equal(await page.getByTestId('erase').getByTestId('field-error').getAttribute('data-code'), 'NOT_CONFIRMED');
    await page.getByTestId('member-name').waitFor();
    assert.equal(await page.getByTestId('erased').count(), 0);
    await page.getByTestId('erase').scrollIntoViewIfNeeded();
    await screenshot(page, 'points-erase-refused');
  });
});
