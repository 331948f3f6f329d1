/**
 * End-to-end: issue 6's journey in headless Chromium against the running stack (portal → gateway →
 * subgraphs, the real Keycloak login page): one cart across two shops, checkout with pickup, the sandbox
 * payment, the shop's desk, the group leader's hand-over, the inbox and a refund.
 *
 *   TEST_PORT_OFFSET=300 npm test -- web/e2e/checkout.e2e.test.ts
 *   PORTAL_URL=http://localhost:3000 node --import tsx --test web/e2e/checkout.e2e.test.ts   (stack already up)
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { browserJourney, eventually, flashOf, login, open, placeOrder, screenshot, submit } from './harness';

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts): two shops of 翠苑一区 and its pickup point. */
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-01' }; // 锦绣黄桃, one spec
const BAKERY = { merchantId: 'm-bakery', cake: 'p-bakery-07', croissant: 'p-bakery-02' }; // cake: 6 寸 / 8 寸
const PICKUP_POINT = 'pp-cuiyuan'; // 翠苑一区东门自提点, run by `leader`

describe('checkout journey across shops (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const journey = browserJourney('checkout');
  const { personPage, step } = journey;

  const orders = { fruit: '', bakery: '' };
  const codes = { fruit: '', bakery: '' };
  let checkoutUrl = '';

  step('alice fills one cart from two shops (a guest line merged at login, a chosen spec)', async () => {
    const page = await personPage('alice');
    // Before login: the peaches go into the guest cart (a sealed cookie).
    await open(page, `/products/${FRUIT.productId}`);
    await page.getByTestId('quantity-input').fill('2');
    await submit(page, page.getByTestId('add-to-cart'));
    assert.equal(await flashOf(page), 'ok:added');
    await open(page, '/cart');
    assert.equal(await page.getByTestId('cart-line').count(), 1, 'the guest cart holds the peaches');

    await login(page, 'alice', '/cart');
    // A stack that ran before may have left other lines in alice's server cart: remove them.
    for (let guard = 0; guard < 20; guard++) {
      const other = page.locator(`[data-testid="cart-line"]:not([data-product-id="${FRUIT.productId}"])`).first();
      if ((await other.count()) === 0) break;
      await submit(page, other.getByTestId('cart-remove'));
    }
    const peaches = page.locator(`[data-testid="cart-group"] [data-testid="cart-line"][data-product-id="${FRUIT.productId}"]`);
    await peaches.waitFor();

    // The cake in its 8 寸 spec, and a croissant.
    await open(page, `/products/${BAKERY.cake}`);
    const eight = page.getByTestId('spec-option').filter({ hasText: '8 寸' });
    await eight.locator('input[type="radio"]').check();
    await submit(page, page.getByTestId('add-to-cart'));
    assert.equal(await flashOf(page), 'ok:added');
    await open(page, `/products/${BAKERY.croissant}`);
    await submit(page, page.getByTestId('add-to-cart'));
    assert.equal(await flashOf(page), 'ok:added');

    await open(page, '/cart');
    const groups = await page.getByTestId('cart-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-merchant-id')));
    assert.deepEqual([...groups].sort(), [BAKERY.merchantId, FRUIT.merchantId], 'lines grouped by shop');
    const cake = page.locator(`[data-testid="cart-line"][data-product-id="${BAKERY.cake}"]`);
    assert.equal((await cake.getByTestId('cart-line-spec').innerText()).trim(), '8 寸');
    assert.equal((await cake.getByTestId('cart-line-price').innerText()).trim(), '¥228.00');
    // Streamed: the page's content can sit in React's hidden streaming container a moment after hydration.
    await page.getByTestId('cart-bar').waitFor({ state: 'visible', timeout: 10_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, 'phone-cart');
    // The peaches added as a guest were merged at login into the server cart (2 on a fresh stack).
    assert.ok(Number((await peaches.getByTestId('cart-quantity').innerText()).trim()) >= 2);
    assert.match((await page.getByTestId('cart-total').innerText()).trim(), /^¥\d+\.\d{2}$/);
  });

  step('alice checks out with pickup at 翠苑一区 and pays online in the sandbox', async () => {
    const page = await personPage('alice');
    await open(page, '/checkout');
    await page.getByTestId('checkout-form').waitFor();
    assert.equal(await page.getByTestId('checkout-shop').count(), 2);
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-online').check();
    await screenshot(page, 'phone-checkout');
    await placeOrder(page, /\/pay\/sandbox\//, 'the sandbox');
    checkoutUrl = page.url();
    // The payment page follows the redirect: wait for it, do not sample the checkout page still showing.
    await page.getByTestId('sandbox-banner').waitFor({ timeout: 20_000 });
    assert.ok(await page.getByTestId('sandbox-banner').isVisible(), 'the sandbox says it is for development');
    assert.match(await page.getByTestId('sandbox-banner').innerText(), /开发环境沙箱支付/);
    assert.equal(await page.getByTestId('pay-order').count(), 2, 'one order per shop');
    await submit(page, page.getByTestId('sandbox-pay'));
    // The page waits on the server for the callback and reloads itself until it is in.
    await page.locator('[data-testid="sandbox-pay-page"][data-payment-status="PAID"]').waitFor({ timeout: 60_000 });
    const paid = await page.getByTestId('pay-order').evaluateAll((els) =>
      els.map((e) => ({ merchant: e.getAttribute('data-merchant-id'), order: e.getAttribute('data-order-id'), code: e.querySelector('[data-testid="pickup-code"]')?.textContent?.trim() ?? '' })),
    );
    assert.equal(paid.length, 2);
    for (const p of paid) assert.match(p.code, /^\d{6}$/, `pickup code of ${p.merchant}`);
    await screenshot(page, 'phone-sandbox-paid');
    const fruit = paid.find((p) => p.merchant === FRUIT.merchantId);
    const bakery = paid.find((p) => p.merchant === BAKERY.merchantId);
    assert.ok(fruit?.order && bakery?.order);
    orders.fruit = fruit.order;
    orders.bakery = bakery.order;
    codes.fruit = fruit.code;
    codes.bakery = bakery.code;

    await open(page, '/me/orders');
    for (const id of [orders.fruit, orders.bakery]) {
      const card = page.locator(`[data-testid="order-card"][data-order-id="${id}"]`);
      await card.waitFor();
      assert.equal(await card.getAttribute('data-status'), 'PAID');
      assert.match((await card.getByTestId('pickup-code').innerText()).trim(), /^\d{6}$/);
    }
    await open(page, '/cart');
    await page.getByTestId('cart-empty').waitFor();
  });

  step('fruit-owner marks his order ready on the order desk', async () => {
    const page = await personPage('fruit-owner', { width: 1280, height: 900 });
    await login(page, 'fruit-owner', '/merchant');
    await page.getByTestId('merchant-desk').waitFor();
    assert.equal(await page.getByTestId('merchant-desk').getAttribute('data-merchant-id'), FRUIT.merchantId);
    const order = page.locator(`[data-testid="desk-order"][data-order-id="${orders.fruit}"]`);
    await order.waitFor();
    assert.equal(await page.locator(`[data-testid="desk-order"][data-order-id="${orders.bakery}"]`).count(), 0, 'only his own shop');
    assert.match(await order.getByTestId('desk-buyer').innerText(), /Alice/i);
    await submit(page, order.getByTestId('mark-ready'));
    assert.equal(await flashOf(page), 'ok:ready');
    await screenshot(page, 'desk-fruit');
    await page.locator(`[data-testid="desk-order"][data-order-id="${orders.fruit}"][data-status="READY"]`).waitFor();
    // The export is a CSV with a BOM for Excel.
    const csv = await page.evaluate(async (href) => {
      const r = await fetch(href);
      const buf = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), bom: [buf[0], buf[1], buf[2]], text: new TextDecoder().decode(buf) };
    }, `/merchant/orders.csv?shop=${FRUIT.merchantId}`);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /text\/csv/);
    assert.deepEqual(csv.bom, [0xef, 0xbb, 0xbf]);
    assert.ok(csv.text.includes(orders.fruit), 'the export lists the order');
  });

  step('leader confirms the arrival and hands it over by code', async () => {
    const page = await personPage('leader');
    await login(page, 'leader', '/leader');
    await page.getByTestId('leader-page').waitFor();
    assert.equal(await page.getByTestId('leader-page').getAttribute('data-pickup-point-id'), PICKUP_POINT);
    const order = () => page.locator(`[data-testid="leader-order"][data-order-id="${orders.fruit}"]`);
    await order().waitFor();
    await submit(page, order().getByTestId('confirm-arrival'));
    assert.equal(await flashOf(page), 'ok:arrived');
    await page.locator(`[data-testid="leader-order"][data-order-id="${orders.fruit}"][data-status="AT_PICKUP_POINT"]`).waitFor();
    // A wrong code is refused, the right one hands it over.
    const wrong = codes.fruit === '000000' ? '111111' : '000000';
    await order().getByTestId('handover-code').fill(wrong);
    await submit(page, order().getByTestId('hand-over'));
    assert.match(await flashOf(page), /^error:/);
    await order().getByTestId('handover-code').fill(codes.fruit);
    await submit(page, order().getByTestId('hand-over'));
    assert.equal(await flashOf(page), 'ok:handedOver');
  });

  step('alice sees it picked up, with messages in her inbox', async () => {
    const page = await personPage('alice');
    await open(page, `/me/orders/${encodeURIComponent(orders.fruit)}`);
    assert.equal(await page.getByTestId('order-detail').getAttribute('data-status'), 'PICKED_UP');
    await screenshot(page, 'phone-order-picked-up');
    const timeline = await page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    for (const s of ['PLACED', 'PAID', 'READY', 'AT_PICKUP_POINT', 'PICKED_UP']) assert.ok(timeline.includes(s), `timeline has ${s} (${timeline.join(', ')})`);
    // The inbox is fed by the order's events: give them a moment.
    await eventually(async () => {
      await open(page, '/me/messages');
      const kinds = await page.getByTestId('message').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      assert.ok(kinds.includes('ORDER_READY') && kinds.includes('ORDER_PICKED_UP'), `messages: ${kinds.join(', ')}`);
    }, 30_000);
    // Opening the inbox read it.
    await open(page, '/me/messages');
    assert.equal(await page.getByTestId('message-unread').count(), 0);
  });

  step('alice asks for a refund of one bakery line; bakery-owner approves; alice sees the refund', async () => {
    const page = await personPage('alice');
    await open(page, `/me/orders/${encodeURIComponent(orders.bakery)}`);
    const croissantLine = page.getByTestId('refund-line').filter({ hasText: '原味可颂' });
    const lineId = await croissantLine.getAttribute('data-line-id');
    await croissantLine.getByTestId('refund-line-check').check();
    await croissantLine.getByTestId('refund-qty').fill('1');
    await page.getByTestId('refund-reason').fill('压坏了');
    await submit(page, page.getByTestId('refund-submit'));
    assert.equal(await flashOf(page), 'ok:refundRequested');
    await page.locator('[data-testid="refund"][data-status="REQUESTED"]').waitFor();

    const owner = await personPage('bakery-owner', { width: 1280, height: 900 });
    await login(owner, 'bakery-owner', '/merchant?view=refunds');
    const order = owner.locator(`[data-testid="desk-order"][data-order-id="${orders.bakery}"]`);
    await order.waitFor();
    await submit(owner, order.locator('[data-testid="desk-refund"][data-status="REQUESTED"]').getByTestId('refund-approve'));
    assert.equal(await flashOf(owner), 'ok:approved');

    journey.current = page;
    await open(page, `/me/orders/${encodeURIComponent(orders.bakery)}`);
    await page.locator('[data-testid="refund"][data-status="APPROVED"]').waitFor();
    assert.equal((await page.getByTestId('refund-amount').innerText()).trim(), '¥8.80');
    assert.equal((await page.getByTestId('order-refunded').innerText()).trim(), '¥8.80');
    assert.ok(lineId);
    assert.match(await page.locator(`[data-testid="order-line"][data-line-id="${lineId}"]`).innerText(), /×1/);
  });

  step('alice asks for a refund of the cake; bakery-owner rejects; alice escalates; the admin approves on /admin/refunds', async () => {
    const page = await personPage('alice');
    await open(page, `/me/orders/${encodeURIComponent(orders.bakery)}`);
    const cakeLine = page.getByTestId('refund-line').filter({ hasNotText: '原味可颂' }).first();
    await cakeLine.getByTestId('refund-line-check').check();
    await cakeLine.getByTestId('refund-qty').fill('1');
    await page.getByTestId('refund-reason').fill('奶油化了');
    await submit(page, page.getByTestId('refund-submit'));
    assert.equal(await flashOf(page), 'ok:refundRequested');
    const requested = page.locator('[data-testid="refund"][data-status="REQUESTED"]');
    const refundId = await requested.getAttribute('data-refund-id');
    assert.ok(refundId);

    // The desk's refund tab reads the shop's open requests, one card per order.
    const owner = await personPage('bakery-owner', { width: 1280, height: 900 });
    await open(owner, '/merchant?view=refunds');
    const request = owner.locator(`[data-testid="desk-refund"][data-refund-id="${refundId}"][data-status="REQUESTED"]`);
    await request.waitFor();
    await request.getByTestId('refund-note').fill('顾客自提后保存不当');
    await submit(owner, request.getByTestId('refund-reject'));
    assert.equal(await flashOf(owner), 'ok:rejected');

    journey.current = page;
    await open(page, `/me/orders/${encodeURIComponent(orders.bakery)}`);
    const rejected = page.locator(`[data-testid="refund"][data-refund-id="${refundId}"][data-status="REJECTED"]`);
    await submit(page, rejected.getByTestId('escalate-refund'));
    assert.equal(await flashOf(page), 'ok:escalated');
    await page.locator(`[data-testid="refund"][data-refund-id="${refundId}"][data-status="ESCALATED"]`).waitFor();

    const admin = await personPage('admin', { width: 1280, height: 900 });
    await login(admin, 'admin', '/admin/refunds');
    const dispute = admin.locator(`[data-testid="escalated-refund"][data-refund-id="${refundId}"]`);
    await dispute.waitFor();
    assert.match(await dispute.getByTestId('escalated-shop').innerText(), /\S/, 'the shop is named');
    assert.equal((await dispute.getByTestId('escalated-reason').innerText()).trim(), '奶油化了');
    await screenshot(admin, 'admin-refunds');
    await submit(admin, dispute.getByTestId('refund-approve'));
    assert.equal(await flashOf(admin), 'ok:approved');
    assert.equal(await admin.locator(`[data-testid="escalated-refund"][data-refund-id="${refundId}"]`).count(), 0, 'decided: no longer waiting');

    journey.current = page;
    await open(page, `/me/orders/${encodeURIComponent(orders.bakery)}`);
    await page.locator(`[data-testid="refund"][data-refund-id="${refundId}"][data-status="APPROVED"]`).waitFor();
  });
});
