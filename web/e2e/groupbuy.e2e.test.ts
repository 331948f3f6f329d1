/**
 * End-to-end: issue 7's group-buy (拼团) in headless Chromium against the running stack (portal → gateway →
 * subgraphs, the real Keycloak login page). fruit-owner proposes a 2-person group-buy on one fruit product
 * (¥1 off per unit, 100% funded by the fruit shop; no partner shop, so nobody else has to accept; the
 * admin approves if the alliance requires it); the product page shows the group price with only the
 * 7-day reference price struck through; alice opens a group from the product page and checks out
 * (pickup, pay on handover) with her cart left alone; the group page shows 1 of 2; bob follows the
 * group page's share link, joins and checks out; the page shows 已成团, and alice's order says so. The
 * promotion is ended at the end, so the other journeys on the same stack price as before.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/groupbuy.e2e.test.ts
 *   PORTAL_URL=http://localhost:3000 node --import tsx --test web/e2e/groupbuy.e2e.test.ts   (stack already up)
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const PORTAL_URL = (process.env.PORTAL_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = process.env.E2E_PASSWORD ?? 'demo1234';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const STEP_TIMEOUT = 120_000;

const GATEWAY_URL = process.env.TEST_GATEWAY_URL ?? 'http://localhost:4000/graphql';
const ALLIANCE_ID = process.env.ALLIANCE_ID ?? 'demo';

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts): 红心火龙果 ¥8.80, one spec, at the fruit shop of 翠苑一区. */
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-07' };
const GROUP_SIZE = 2;
const OFF_FEN = 100;
const PICKUP_POINT = 'pp-cuiyuan';
const TITLE = `火龙果2人团 e2e-${Date.now().toString(36)}`;

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A datetime-local value in Beijing time, `days` from now (the form reads times as Beijing's). */
function beijingLocal(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(500);
    }
  }
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${PORTAL_URL}${path}`);
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Submits a form by its button (a full page load: post, 303, get) and waits for the page it lands on. */
async function submit(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

async function screenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/** What a form post reported: the success key, or the error codes shown. */
async function flashOf(page: Page): Promise<string> {
  const ok = page.getByTestId('flash-ok');
  if (await ok.count()) return `ok:${await ok.getAttribute('data-ok')}`;
  const error = page.getByTestId('flash-error');
  if (await error.count()) {
    const codes = await page.locator('[data-testid="user-error"], [data-testid="field-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    return `error:${(await error.getAttribute('data-error-code')) ?? codes.join(',')} ${(await error.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`;
  }
  return 'none';
}


/** The product's price and 7-day reference price, read from the gateway as any visitor would. */
async function pricesOf(productId: string): Promise<{ priceFen: number; referenceFen: number }> {
  const res = await fetch(GATEWAY_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-alliance-id': ALLIANCE_ID },
    body: JSON.stringify({ query: 'query($id: ID!) { product(id: $id) { specs { price { amountFen } referencePrice { amountFen } } } }', variables: { id: productId } }),
  });
  const body = (await res.json()) as { data?: { product: { specs: { price: { amountFen: number }; referencePrice: { amountFen: number } }[] } | null } };
  const spec = body.data?.product?.specs[0];
  assert.ok(spec, `the gateway prices ${productId}: ${JSON.stringify(body).slice(0, 300)}`);
  return { priceFen: spec.price.amountFen, referenceFen: spec.referencePrice.amountFen };
}

describe('a group-buy (拼团) opened by one shopper and filled by another (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  let browser: Browser | undefined;
  const pages = new Map<string, Page>();
  const browserLog: string[] = [];
  let current: Page | undefined;

  /** One browser context per person, as on their own phones or desks. */
  async function personPage(username: string, viewport = { width: 390, height: 844 }): Promise<Page> {
    const existing = pages.get(username);
    if (existing) return (current = existing);
    assert.ok(browser);
    const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.setDefaultNavigationTimeout(30_000);
    page.on('console', (m) => {
      if (m.type() === 'error') browserLog.push(`${username} console.error: ${m.text().slice(0, 300)}`);
    });
    page.on('pageerror', (e) => browserLog.push(`${username} pageerror: ${e.message.slice(0, 300)}`));
    page.on('response', (r) => {
      if (r.status() >= 400) browserLog.push(`${username} HTTP ${r.status()}: ${r.url().slice(0, 120)}`);
    });
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) browserLog.push(`${username} navigated: ${f.url().slice(0, 140)}`);
    });
    pages.set(username, page);
    return (current = page);
  }

  async function login(page: Page, username: string, returnTo: string): Promise<void> {
    await page.goto(`${PORTAL_URL}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    await page.waitForURL(/\/realms\/alliance\/protocol\/openid-connect\/auth/);
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#kc-login').click();
    await page.waitForURL((url) => url.href.startsWith(PORTAL_URL) && url.pathname === returnTo.split('?')[0]);
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    await page.getByTestId('member-name').waitFor();
  }

  function step(name: string, fn: () => Promise<void>): void {
    it(name, { timeout: STEP_TIMEOUT }, async () => {
      try {
        await fn();
      } catch (err) {
        const file = await screenshot(current, `groupbuy-${name}`);
        if (err instanceof Error) {
          if (file) err.message += `\n  (screenshot: ${file}; url: ${current?.url()})`;
          if (current && !current.isClosed()) err.message += `\n  flash on the page: ${await flashOf(current).catch(() => '?')}`;
          if (browserLog.length) err.message += `\n  browser said:\n    ${browserLog.slice(-25).join('\n    ')}`;
        }
        throw err;
      }
    });
  }

  before(async () => {
    const health = await fetch(`${PORTAL_URL}/healthz`).catch((err: Error) => err);
    assert.ok(!(health instanceof Error) && health.ok, `portal answers at ${PORTAL_URL}/healthz`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
  });

  after(async () => {
    await browser?.close();
  });

  let promotionId = '';
  let groupPath = '';
  let shareLink = '';
  let aliceCartLines = -1;
  const card = (page: Page) => page.locator(`[data-testid="promotion"][data-promotion-id="${promotionId}"]`);

  /** Pickup at the 翠苑 point, paid on handover, placed; lands on the page placeOrder leads to. */
  async function placeGroupBuyCheckout(page: Page, mode: 'open' | 'join'): Promise<void> {
    await page.getByTestId('checkout-form').waitFor();
    await screenshot(page, `groupbuy-phone-checkout-${mode}`);
    const panel = page.getByTestId('groupbuy-checkout');
    assert.equal(await panel.getAttribute('data-mode'), mode);
    assert.equal(await panel.getAttribute('data-promotion-id'), promotionId);
    assert.equal(await page.getByTestId('groupbuy-problem').count(), 0, 'the group can be joined');
    const lines = await page.getByTestId('checkout-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
    assert.deepEqual(lines, [FRUIT.productId], 'a group-buy checkout is for that product only');
    assert.equal(await page.getByTestId('checkout-discount').getAttribute('data-discount-fen'), String(OFF_FEN));
    const { priceFen, referenceFen } = await pricesOf(FRUIT.productId);
    assert.equal(await panel.getByTestId('checkout-group-price').getAttribute('data-group-fen'), String(priceFen - OFF_FEN));
    const struck = await page.locator('s, del').evaluateAll((els) => els.map((e) => e.getAttribute('data-reference-fen') ?? `not a reference price: ${e.textContent}`));
    assert.deepEqual(struck, referenceFen > priceFen - OFF_FEN ? [String(referenceFen)] : [], 'the only struck-through price is the reference price');
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-on-handover').check();
    await submit(page, page.getByTestId('place-order'));
    await page.waitForURL(/\/groups\//).catch(async (err: Error) => {
      throw new Error(`placeOrder did not lead to the group page: ${await flashOf(page)} (${err.message})`);
    });
    await page.getByTestId('group-page').waitFor();
  }

  step('fruit-owner proposes a 2-person group-buy, ¥1 off per unit, paid wholly by the fruit shop', async () => {
    const page = await personPage('fruit-owner', { width: 1280, height: 900 });
    await login(page, 'fruit-owner', '/merchant/promotions?view=propose');
    await page.getByTestId('propose-form').waitFor();
    assert.equal(await page.getByTestId('merchant-promotions').getAttribute('data-merchant-id'), FRUIT.merchantId);
    await page.getByTestId('promo-kind').selectOption('GROUP_BUY');
    await page.getByTestId('promo-title').fill(TITLE);
    await page.getByTestId('promo-groupSize').fill(String(GROUP_SIZE));
    await page.getByTestId('promo-mode-amount').check();
    await page.getByTestId('promo-discountYuan').fill(String(OFF_FEN / 100));
    await page.getByTestId('promo-productIds').fill(FRUIT.productId);
    // A day either side of now: the stack's clock may be moved by other tests.
    await page.getByTestId('promo-startsAt').fill(beijingLocal(-1));
    await page.getByTestId('promo-endsAt').fill(beijingLocal(300));
    await page.getByTestId('promo-funding-percent').check();
    await page.locator(`[data-testid="promo-funding-row"][data-merchant-id="${FRUIT.merchantId}"] [data-testid="promo-share"]`).fill('100');
    await submit(page, page.getByTestId('propose-submit'));
    assert.equal(await flashOf(page), 'ok:proposed');
    const mine = page.locator(`[data-testid="promotion"][data-title="${TITLE}"]`);
    await mine.waitFor();
    promotionId = (await mine.getAttribute('data-promotion-id')) ?? '';
    assert.ok(promotionId, 'the proposal is listed with its id');
    const status = await mine.getAttribute('data-status');
    assert.ok(status === 'ACTIVE' || status === 'PENDING_APPROVAL', `no partner to wait for (${status})`);
    if (status === 'PENDING_APPROVAL') {
      // This alliance requires approval: the admin gives it.
      const admin = await personPage('admin', { width: 1280, height: 900 });
      await login(admin, 'admin', '/admin/promotions');
      const pending = admin.getByTestId('promotions-pending').locator(`[data-testid="promotion"][data-promotion-id="${promotionId}"]`);
      await pending.waitFor();
      await submit(admin, pending.getByTestId('promotion-approve'));
      assert.equal(await flashOf(admin), 'ok:approved');
    }
  });

  step('the product page shows the group price, with only the 7-day reference price struck through', async () => {
    const page = await personPage('alice');
    await login(page, 'alice', '/cart');
    aliceCartLines = await page.locator('[data-testid="cart-line"]').count();
    const { priceFen, referenceFen } = await pricesOf(FRUIT.productId);
    await eventually(async () => {
      await open(page, `/products/${FRUIT.productId}`);
      await page.locator(`[data-testid="groupbuy-offer"][data-promotion-id="${promotionId}"]`).waitFor({ timeout: 2_000 });
    }, 30_000);
    const offer = page.getByTestId('groupbuy-offer');
    assert.equal(await page.locator(`[data-testid="promotion-tag"][data-promotion-id="${promotionId}"]`).getAttribute('data-kind'), 'GROUP_BUY');
    const groupFen = priceFen - OFF_FEN;
    const price = offer.getByTestId('group-price').first();
    assert.equal(await price.getAttribute('data-group-fen'), String(groupFen));
    assert.match(await price.innerText(), new RegExp(yuan(groupFen).replace('.', '\\.')));
    const struck = await page.locator('s, del, [data-testid="reference-price"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-reference-fen') ?? e.textContent));
    if (referenceFen > groupFen) {
      assert.deepEqual([...new Set(struck)], [String(referenceFen)], `the only struck-through price is the reference price ${yuan(referenceFen)} (${struck.join(', ')})`);
    } else {
      assert.deepEqual(struck, [], 'nothing is struck through when the reference price is not above the group price');
    }
    assert.ok(await offer.getByTestId('groupbuy-open-submit').isEnabled());
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, 'groupbuy-phone-product');
  });

  step('alice opens a group from the product page and checks out; her cart is left alone', async () => {
    const page = await personPage('alice');
    await submit(page, page.getByTestId('groupbuy-open-submit'));
    await placeGroupBuyCheckout(page, 'open');
    assert.equal(await flashOf(page), 'ok:opened');
    groupPath = new URL(page.url()).pathname;
    const progress = page.getByTestId('group-progress');
    assert.equal(await page.getByTestId('group-page').getAttribute('data-status'), 'OPEN');
    assert.equal(await progress.getAttribute('data-joined'), '1');
    assert.equal(await progress.getAttribute('data-size'), String(GROUP_SIZE));
    assert.equal(await progress.getAttribute('data-needed'), '1');
    assert.match(await page.getByTestId('group-joined').innerText(), /1\/2/);
    const left = Number(await page.getByTestId('countdown').getAttribute('data-ms-left'));
    assert.ok(left > 23 * 3_600_000 && left <= 24 * 3_600_000, `about 24 hours to fill (${left} ms)`);
    shareLink = await page.getByTestId('share-link').inputValue();
    assert.ok(shareLink.endsWith(groupPath), `the share link is the page's own URL (${shareLink})`);
    assert.ok(!/alice/i.test(await page.getByTestId('group-page').innerText()), 'the group page names no member');
    await screenshot(page, 'groupbuy-phone-group-open');

    await open(page, '/cart');
    assert.equal(await page.locator('[data-testid="cart-line"]').count(), aliceCartLines, 'the cart is untouched');
  });

  step('alice cannot join her own group: her group page says she is in; a join checkout says why and placing it is refused by field', async () => {
    const page = await personPage('alice');
    await open(page, groupPath);
    await page.getByTestId('group-mine').waitFor();
    assert.equal(await page.getByTestId('group-join-submit').count(), 0, 'no join button for a member of the group');
    // Someone else's join link, opened by her anyway.
    const groupId = groupPath.split('/').pop()!;
    await open(page, `/checkout?${new URLSearchParams({ gb: promotionId, group: groupId, product: FRUIT.productId, qty: '1' }).toString()}`);
    await page.getByTestId('checkout-form').waitFor();
    const codes = () => page.locator('[data-testid="groupbuy-problem"] [data-testid="field-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    assert.deepEqual(await codes(), ['ALREADY_IN_GROUP'], 'known before placing (the quote)');
    assert.equal(await page.getByTestId('groupbuy-open-instead').count(), 1, 'with the way on: open a new group');
    const joinUrl = page.url();
    await page.getByTestId('payment-on-handover').check();
    await submit(page, page.getByTestId('place-order'));
    assert.match(await flashOf(page), /^error:/);
    assert.equal(new URL(page.url()).pathname, '/checkout', 'back on the same group-buy checkout');
    assert.equal(new URL(page.url()).searchParams.get('group'), new URL(joinUrl).searchParams.get('group'));
    assert.deepEqual(await codes(), ['ALREADY_IN_GROUP'], 'placeOrder\'s userError is shown in the group-buy panel');
    await screenshot(page, 'groupbuy-phone-already-in-group');
  });

  step('bob follows the share link, joins from the group page and checks out; the group fills', async () => {
    const page = await personPage('bob');
    await login(page, 'bob', groupPath);
    await page.getByTestId('group-page').waitFor();
    assert.equal(await page.getByTestId('group-progress').getAttribute('data-joined'), '1');
    assert.equal(await page.getByTestId('share-link').inputValue(), shareLink);
    await submit(page, page.getByTestId('group-join-submit'));
    await placeGroupBuyCheckout(page, 'join');
    assert.equal(await flashOf(page), 'ok:joined');
    assert.equal(new URL(page.url()).pathname, groupPath);
    assert.equal(await page.getByTestId('group-page').getAttribute('data-status'), 'FILLED');
    assert.equal(await page.getByTestId('group-progress').getAttribute('data-joined'), String(GROUP_SIZE));
    assert.equal((await page.getByTestId('group-status').innerText()).trim(), '已成团');
    assert.equal(await page.getByTestId('group-join-submit').count(), 0, 'a full group offers no join');
    await screenshot(page, 'groupbuy-phone-group-filled');
  });

  step('alice sees 已成团 on the group page and on her order', async () => {
    const page = await personPage('alice');
    await open(page, groupPath);
    assert.equal((await page.getByTestId('group-status').innerText()).trim(), '已成团');
    await open(page, '/me/orders');
    const first = page.locator('[data-testid="order-card"] a[href^="/me/orders/"]').first();
    await first.waitFor();
    const orderPath = (await first.getAttribute('href')) ?? '';
    await open(page, orderPath);
    const group = page.getByTestId('order-group');
    await group.waitFor();
    assert.equal(new URL(await page.getByTestId('order-group-link').evaluate((a) => (a as HTMLAnchorElement).href)).pathname, groupPath);
    assert.equal(await group.getAttribute('data-status'), 'FILLED');
    assert.equal((await page.getByTestId('order-group-status').innerText()).trim(), '已成团');
    assert.equal(await page.getByTestId('order-discount').getAttribute('data-discount-fen'), String(OFF_FEN));
  });

  step('alice\'s coupon wallet is in 我的', async () => {
    const page = await personPage('alice');
    await open(page, '/me');
    await submit(page, page.getByTestId('me-coupons'));
    const wallet = page.getByTestId('coupon-wallet');
    await wallet.waitFor();
    const count = Number(await wallet.getAttribute('data-count'));
    if (count === 0) await page.getByTestId('coupons-empty').waitFor();
    else assert.equal(await page.getByTestId('coupon').count(), count);
    // Usable ones first: nothing used or expired above a usable one.
    const statuses = await page.getByTestId('coupon').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    const firstPast = statuses.findIndex((s) => s !== 'AVAILABLE');
    assert.ok(firstPast === -1 || statuses.slice(firstPast).every((s) => s !== 'AVAILABLE'), statuses.join(', '));
    await screenshot(page, 'groupbuy-phone-coupons');
  });

  step('fruit-owner ends the promotion', async () => {
    const page = await personPage('fruit-owner', { width: 1280, height: 900 });
    await open(page, '/merchant/promotions?view=mine');
    await submit(page, card(page).getByTestId('promotion-end'));
    assert.equal(await flashOf(page), 'ok:ended');
    assert.equal(await card(page).getAttribute('data-status'), 'ENDED');
  });
});
