/**
 * End-to-end: the portal side of split commissions (issue 8) in headless Chromium against the running
 * stack. The fruit shop's owner sets a commission rule (L1 10%); bob reads his share link and a
 * product's; a neighbour (leader2: a shopper no other suite binds), signed out, opens bob's product link, logs in and is bound (a notice says so); she
 * places a pickup order paid on handover; bob's 推广 page shows a pending commission for it and her, bound
 * to him, under a code name only; the admin opens the settlement console; a week on (test clock) the
 * order's week is settled (unless an earlier suite did) and bob, the fruit shop and the admin download
 * statements as CSV and PDF (the stack's clock is put back at the end).
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/commissions.e2e.test.ts
 *   PORTAL_URL=http://localhost:3000 node --import tsx --test web/e2e/commissions.e2e.test.ts   (stack already up)
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { gatewayCaller, testEnv, tokenCache } from '@alliance/testing';
import { stackClock } from '@alliance/testing/stack-clock';
import { lastEndedPeriodEnd, periodBounds } from '../src/lib/commission-view';
import { beijingLocal, browserJourney, eventually, flashOf, login, open, PORTAL_URL, placeOrder, screenshot, submit } from './harness';

const env = testEnv();
const setClock = stackClock(env);
const call = gatewayCaller(env, tokenCache(env.keycloakUrl)) as (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<any>;
const DAY = 86_400_000;
/** Monday 00:00 China time ending the ISO week that holds `ms`. */
const weekEndAfter = (ms: number) => lastEndedPeriodEnd(ms).getTime() + 7 * DAY;

/** A download as the signed-in person's browser makes it (her session cookie), and its bytes. */
async function download(page: Page, href: string): Promise<{ status: number; type: string; body: Buffer }> {
  const r = await page.request.get(new URL(href, PORTAL_URL).toString(), { maxRedirects: 0 });
  return { status: r.status(), type: r.headers()['content-type'] ?? '', body: await r.body() };
}

/** The statement card of `periodId` on the page, and its two download links. */
async function statementLinks(page: Page, periodId: string): Promise<{ csv: string; pdf: string }> {
  const card = page.locator(`[data-testid="statement"][data-period-id="${periodId}"]`).first();
  await card.waitFor();
  return { csv: (await card.getByTestId('statement-csv').getAttribute('href')) ?? '', pdf: (await card.getByTestId('statement-pdf').getAttribute('href')) ?? '' };
}

function assertCsv(d: { status: number; type: string; body: Buffer }, ...must: string[]) {
  assert.equal(d.status, 200, d.body.toString('utf8').slice(0, 200));
  assert.match(d.type, /^text\/csv/);
  assert.deepEqual([...d.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const text = d.body.toString('utf8');
  for (const m of must) assert.ok(text.includes(m), `the CSV has ${m}:\n${text}`);
}

function assertPdf(d: { status: number; type: string; body: Buffer }) {
  assert.equal(d.status, 200, d.body.toString('utf8').slice(0, 200));
  assert.equal(d.type, 'application/pdf');
  assert.equal(d.body.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(d.body.toString('latin1'), /\/BaseFont\s*\/[A-Z]{6}\+NotoSansCJKsc-Regular/, 'the CJK font is embedded');
}

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts). */
/** The buyer: a shopper no other suite binds to a sharer (the API suite binds alice to bob first). */
const BUYER = 'leader2';
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-01' }; // 锦绣黄桃, one spec
const PICKUP_POINT = 'pp-cuiyuan'; // 翠苑一区东门自提点
const DESK = { width: 1280, height: 900 };

describe('split commissions in the portal (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const journey = browserJourney('commissions');
  const { personPage, step } = journey;

  let code = '';
  let productLink = '';
  let orderId = '';
  /**
   * The week the order's commission is booked in (its own, or the first open one when a suite before
   * this one settled that already): the statements downloaded.
   */
  let orderWeek = '';

  after(() => setClock(0));

  step('fruit-owner sets a commission rule on /merchant/commissions: fee 2%, L1 10% for every category', async () => {
    const page = await personPage('fruit-owner', DESK);
    await login(page, 'fruit-owner', '/merchant/commissions');
    await page.getByTestId('merchant-commissions').waitFor();
    assert.equal(await page.getByTestId('merchant-commissions').getAttribute('data-merchant-id'), FRUIT.merchantId);
    const form = page.getByTestId('rule-form');
    await form.getByTestId('rule-fee-input').fill('2');
    const rows = form.getByTestId('rule-row');
    const count = await rows.count();
    assert.ok(count >= 2, 'the form offers several category rows');
    for (let i = 0; i < count; i++) {
      const row = rows.nth(i);
      await row.getByTestId('rule-category').selectOption(i === 0 ? '*' : '');
      for (const f of ['l1', 'l2', 'leader', 'l1Cap', 'l2Cap', 'leaderCap']) await row.getByTestId(`rule-${f}`).fill('');
    }
    await rows.nth(0).getByTestId('rule-l1').fill('10');
    await submit(page, form.getByTestId('rule-save'));
    assert.equal(await flashOf(page), 'ok:saved');
    // In force now (or, should the stack's clock run ahead of this machine's, listed as scheduled).
    await page.locator('[data-testid="rule-rate"][data-category="*"][data-l1-bp="1000"]').first().waitFor();
    await screenshot(page, 'merchant-commissions');
    // The desk links here.
    await open(page, '/merchant');
    assert.equal(await page.getByTestId('desk-commissions-link').count(), 1);
  });

  step('she schedules a fee of 3% sixty days ahead, then cancels it: listed as cancelled, the rule in force unchanged', async () => {
    const page = await personPage('fruit-owner', DESK);
    await open(page, '/merchant/commissions');
    const inForce = await page.getByTestId('commission-rule').getAttribute('data-version');
    const form = page.getByTestId('rule-form');
    await form.getByTestId('rule-fee-input').fill('3');
    await form.getByTestId('rule-from-input').fill(beijingLocal(60));
    await submit(page, form.getByTestId('rule-save'));
    assert.equal(await flashOf(page), 'ok:saved');
    // The newest scheduled version is the one just saved.
    const versions = await page.locator('[data-testid="rule-scheduled"][data-status="SCHEDULED"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-version'))));
    const version = Math.max(...versions);
    const scheduled = page.locator(`[data-testid="rule-scheduled"][data-version="${version}"]`);
    await submit(page, scheduled.getByTestId('cancel-version'));
    assert.equal(await flashOf(page), 'ok:cancelled');
    assert.equal(await page.locator(`[data-testid="rule-scheduled"][data-version="${version}"]`).getAttribute('data-status'), 'CANCELLED');
    assert.equal(await page.getByTestId('commission-rule').getAttribute('data-version'), inForce, 'the rule in force is the same');
  });

  step('bob reads his share link, its QR, and a product link from the product page', async () => {
    const page = await personPage('bob');
    await login(page, 'bob', '/me');
    await page.getByTestId('me-share').click();
    await page.waitForURL(/\/me\/share$/);
    const panel = page.getByTestId('share-link-panel');
    await panel.waitFor();
    code = (await page.getByTestId('share-code').innerText()).trim();
    assert.match(code, /^[2-9A-HJKMNP-Z]{8,12}$/);
    assert.match(await page.getByTestId('share-url').inputValue(), new RegExp(`/\\?share=${code}$`));
    const qr = page.getByTestId('share-qr');
    await qr.waitFor();
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR image renders');
    assert.ok(await page.getByTestId('share-no-reward').isVisible(), 'the page says sharing itself earns nothing');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, 'phone-share');

    await open(page, `/products/${FRUIT.productId}`);
    await submit(page, page.getByTestId('share-product'));
    await page.waitForURL(/\/me\/share\?product=/);
    assert.equal(await page.getByTestId('share-page').getAttribute('data-target'), 'PRODUCT');
    const url = await page.getByTestId('share-url').inputValue();
    assert.match(url, new RegExp(`/products/${FRUIT.productId}\\?share=${code}$`));
    const parsed = new URL(url);
    productLink = `${parsed.pathname}${parsed.search}`;
  });

  step('the buyer, signed out, opens bob’s product link, logs in and is bound (a notice says so, once)', async () => {
    const page = await personPage(BUYER);
    await open(page, productLink);
    // The code is remembered, and taken out of the address.
    assert.equal(new URL(page.url()).pathname, `/products/${FRUIT.productId}`);
    assert.equal(new URL(page.url()).searchParams.get('share'), null);
    assert.equal(await page.getByTestId('share-bound-notice').count(), 0, 'no binding for an anonymous shopper');
    await page.getByTestId('product-detail').waitFor();

    await login(page, BUYER, `/products/${FRUIT.productId}`);
    await page.getByTestId('share-bound-notice').waitFor();
    await screenshot(page, 'phone-share-bound');
    // bindShare runs once: the code is forgotten.
    await open(page, `/products/${FRUIT.productId}`);
    assert.equal(await page.getByTestId('share-bound-notice').count(), 0);
  });

  step('the buyer places a pickup order of that product, paid on handover', async () => {
    const page = await personPage(BUYER);
    const fruitOrders = async () => {
      await open(page, '/me/orders');
      return page.locator(`[data-testid="order-card"][data-merchant-id="${FRUIT.merchantId}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-order-id') ?? ''));
    };
    const before = new Set(await fruitOrders());

    // Only this product in the cart (a stack that ran before may have left other lines).
    await open(page, '/cart');
    for (let guard = 0; guard < 20; guard++) {
      const other = page.locator(`[data-testid="cart-line"]:not([data-product-id="${FRUIT.productId}"])`).first();
      if ((await other.count()) === 0) break;
      await submit(page, other.getByTestId('cart-remove'));
    }
    await open(page, `/products/${FRUIT.productId}`);
    await submit(page, page.getByTestId('add-to-cart'));
    assert.equal(await flashOf(page), 'ok:added');

    await open(page, '/checkout');
    await page.getByTestId('checkout-form').waitFor();
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-on-handover').check();
    await placeOrder(page, /\/me\/orders/, 'her orders');

    const after = await fruitOrders();
    const fresh = after.filter((id) => id && !before.has(id));
    assert.equal(fresh.length, 1, `one new order at the fruit shop (${after.join(', ')})`);
    orderId = fresh[0]!;
  });

  step('bob’s 推广 page shows a pending L1 commission for the buyer’s order', async () => {
    const page = await personPage('bob');
    const entry = page.locator(`[data-testid="earning-entry"][data-order-id="${orderId}"]`);
    // The ledger follows the order's events: give them a moment.
    await eventually(async () => {
      await open(page, '/me/share');
      assert.equal(await entry.count(), 1, `an entry for ${orderId}`);
    }, 45_000);
    assert.equal(await entry.getAttribute('data-stage'), 'PENDING');
    orderWeek = (await entry.getAttribute('data-period-id')) ?? '';
    assert.match(orderWeek, /^\d{4}-W\d{2}$/, 'the period it is booked in');
    assert.match(await entry.innerText(), new RegExp(`计入 ${orderWeek} 对账单`));
    assert.equal(await entry.getAttribute('data-account'), 'COMMISSION_L1');
    assert.ok(Number(await entry.getAttribute('data-amount-fen')) > 0, 'a positive amount');
    assert.match(await entry.innerText(), /一级/);
    assert.match(await entry.innerText(), /待确认/);
    assert.ok(Number(await page.getByTestId('earnings').getAttribute('data-pending-fen')) > 0, 'pending earnings');
    await screenshot(page, 'phone-share-earnings');
  });

  step('bob’s 推广 page lists the buyer bound to him by a code name only, and his earnings by kind', async () => {
    const page = await personPage('bob');
    await open(page, '/me/share');
    const bound = page.getByTestId('bound-shoppers');
    assert.ok(Number(await bound.getAttribute('data-total')) >= 1, 'at least the buyer');
    const shopper = page.locator('[data-testid="bound-shopper"][data-active="true"]').first();
    assert.match((await shopper.getAttribute('data-label')) ?? '', /^[0-9A-F]{6}$/);
    assert.match(await shopper.innerText(), /顾客 [0-9A-F]{6}/);
    assert.ok(!(await bound.innerText()).includes(BUYER), 'never the shopper’s name');
    const l1 = page.locator('[data-testid="earning-kind"][data-account="COMMISSION_L1"]');
    assert.ok(Number(await l1.getAttribute('data-pending-fen')) > 0, 'pending L1 earnings');
    await screenshot(page, 'phone-share-bound-shoppers');
  });

  step('the admin opens the settlement console (periods, settle button, statement viewer)', async () => {
    const page = await personPage('admin', DESK);
    await login(page, 'admin', '/admin/settlement');
    await page.getByTestId('admin-settlement').waitFor();
    const next = page.getByTestId('settle-next');
    assert.match((await next.getAttribute('data-period-id')) ?? '', /^\d{4}-W\d{2}$/);
    assert.equal(await page.getByTestId('settle-button').count(), 1);
    await page.getByTestId('settlement-periods').waitFor();
    const parties = await page.getByTestId('viewer-party').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    assert.ok(parties.some((p) => p.startsWith('ALLIANCE:')), 'the alliance');
    assert.ok(parties.includes(`SHOP:${FRUIT.merchantId}`), 'each shop');
    assert.equal(await page.getByTestId('viewer-member').count(), 1, 'a member id typed in');
    assert.equal(await page.getByTestId('nav-admin-settlement').count(), 1, 'linked where admin pages are');
    await screenshot(page, 'admin-settlement');
  });

  step('a week on (test clock) the order’s week is settled, and bob downloads his statement as CSV and PDF', async () => {
    const PERIODS = 'query { settlementPeriods { id endsAt } }';
    const RUN = 'mutation($e: DateTime!, $k: String!) { runSettlement(periodEnd: $e, idempotencyKey: $k) { period { id } userErrors { code } } }';
    // Settled in order through the week the order is booked in (no run settles it before the order is in
    // it: a posting into a settled week is booked in the next open one).
    const bookedEnd = periodBounds(orderWeek)!.endMs;
    await setClock(Math.max(bookedEnd, weekEndAfter(Date.now())) + DAY - Date.now());
    for (let guard = 0; guard < 8; guard++) {
      const periods: { id: string; endsAt: string }[] = (await call('admin', PERIODS)).data.settlementPeriods;
      if (periods.some((p) => p.id >= orderWeek)) break;
      const end = periods.length ? Math.max(...periods.map((p) => Date.parse(p.endsAt))) + 7 * DAY : weekEndAfter(Date.now());
      const r = (await call('admin', RUN, { e: new Date(end).toISOString(), k: `e2e-${randomUUID()}` })).data.runSettlement;
      assert.deepEqual(r.userErrors, [], `settling the week ending ${new Date(end).toISOString()}`);
    }
    const page = await personPage('bob');
    await open(page, '/me/share');
    const links = await statementLinks(page, orderWeek);
    assert.match(links.csv, new RegExp(`^/statements/${orderWeek}/csv\\?kind=MEMBER&id=`));
    assertCsv(await download(page, links.csv), '对账单', `结算周期,${orderWeek}`, '对象,会员 ', '一级佣金,COMMISSION_L1,');
    assertPdf(await download(page, links.pdf));
    // Her own by default; a period without one is a 404, not an empty file.
    assert.equal((await download(page, `/statements/${orderWeek}/csv`)).status, 200);
    assert.equal((await download(page, '/statements/2020-W01/csv')).status, 404);
    assert.equal((await download(page, `/statements/${orderWeek}/csv?kind=SHOP&id=${FRUIT.merchantId}`)).status, 403, 'not a shop’s');
    await screenshot(page, 'phone-share-statements');
  });

  step('the fruit shop downloads its statement (and sees its referral fees); the admin any party’s; another shop’s is refused', async () => {
    const shop = await personPage('fruit-owner', DESK);
    await open(shop, '/merchant/commissions');
    const links = await statementLinks(shop, orderWeek);
    assertCsv(await download(shop, links.csv), `结算周期,${orderWeek}`, '对象,店铺 鲜果时光水果店 (m-fruit)', '店铺收入,REVENUE,');
    assertPdf(await download(shop, links.pdf));
    await shop.getByTestId('referral-fees').waitFor();
    assert.equal(await shop.getByTestId('referral-paid').count(), 1);
    assert.equal((await download(shop, `/statements/${orderWeek}/pdf?kind=SHOP&id=m-bakery`)).status, 403);
    await screenshot(shop, 'merchant-statement-downloads');

    const admin = await personPage('admin', DESK);
    await open(admin, `/admin/settlement?period=${orderWeek}&party=${encodeURIComponent(`SHOP:${FRUIT.merchantId}`)}`);
    const adminLinks = await statementLinks(admin, orderWeek);
    assertPdf(await download(admin, adminLinks.pdf));
    assertCsv(await download(admin, adminLinks.csv), '店铺收入');
  });
});
