/**
 * End-to-end: the portal side of split commissions (issue 8) in headless Chromium against the running
 * stack. The fruit shop's owner sets a commission rule (L1 10%); bob reads his share link and a
 * product's; a neighbour (leader2: a shopper no other suite binds), signed out, opens bob's product link, logs in and is bound (a notice says so); she
 * places a pickup order paid on handover; bob's 推广 page shows a pending commission for it; the admin
 * opens the settlement console (without settling: other journeys share the stack's clock).
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/commissions.e2e.test.ts
 *   PORTAL_URL=http://localhost:3000 node --import tsx --test web/e2e/commissions.e2e.test.ts   (stack already up)
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserJourney, eventually, flashOf, login, open, placeOrder, screenshot, submit } from './harness';

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
    assert.equal(await entry.getAttribute('data-account'), 'COMMISSION_L1');
    assert.ok(Number(await entry.getAttribute('data-amount-fen')) > 0, 'a positive amount');
    assert.match(await entry.innerText(), /一级/);
    assert.match(await entry.innerText(), /待确认/);
    assert.ok(Number(await page.getByTestId('earnings').getAttribute('data-pending-fen')) > 0, 'pending earnings');
    await screenshot(page, 'phone-share-earnings');
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
});
