/**
 * End-to-end: issue 9's stored value (储值) in headless Chromium against the running stack.
 *
 * leader2 (a shopper no other suite checks stored value of) shows his member code on 我的; fruit-owner types
 * it on the counter page (/merchant/stored-value), is refused an amount under ¥1, and tops up ¥100;
 * leader2 sees the balance on 我的 → 储值, is told why a mixed cart cannot pay with it, checks out a
 * fruit-only cart with 储值支付 and sees the order paid at placement and the balance lower by its total;
 * he then asks for the rest back (申请退还), which leaves ¥0 — so reruns on one stack never near the cap.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/stored-value.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { gatewayCaller, testEnv } from '@alliance/testing';
import { restock } from '@alliance/testing/fixtures';
import { browserJourney, eventually, flashOf, login, open, placeOrder, screenshot, submit } from './harness';

const BUYER = 'leader2';
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-01' }; // 锦绣黄桃
const BAKERY = { merchantId: 'm-bakery', productId: 'p-bakery-06' }; // 提拉米苏
const PICKUP_POINT = 'pp-cuiyuan';
const DESK = { width: 1280, height: 900 };
const TOP_UP_FEN = 10_000;

/** "¥29.90" → 2990. */
const fenOf = (text: string): number => {
  const m = /¥(\d+)\.(\d{2})/.exec(text);
  assert.ok(m, `an amount in ${JSON.stringify(text)}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

/** His balance at the fruit shop as 我的 → 储值 lists it (0 when not listed). */
async function fruitBalance(page: Page): Promise<number> {
  await open(page, '/me/stored-value');
  await page.getByTestId('stored-value-page').waitFor();
  const row = page.locator(`[data-testid="stored-value-balance"][data-merchant-id="${FRUIT.merchantId}"]`);
  return (await row.count()) ? Number(await row.getAttribute('data-balance-fen')) : 0;
}

async function emptyCart(page: Page): Promise<void> {
  await open(page, '/cart');
  for (let guard = 0; guard < 30; guard++) {
    const line = page.getByTestId('cart-line').first();
    if ((await line.count()) === 0) return;
    await submit(page, line.getByTestId('cart-remove'));
  }
}

async function addToCart(page: Page, productId: string): Promise<void> {
  await open(page, `/products/${productId}`);
  await submit(page, page.getByTestId('add-to-cart'));
  assert.equal(await flashOf(page), 'ok:added');
}

describe('stored value: topped up at the fruit shop’s counter, spent on a fruit-only checkout (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const { personPage, step } = browserJourney('stored-value');
  let memberId = '';
  let before = 0;
  let afterTopUp = 0;
  let totalFen = 0;

  step('leader2’s 我的 shows his member code as text and as a QR, his level and the way to 储值', async () => {
    // The suites of one run share the demo products: the fruit this journey buys is stocked first.
    await restock(gatewayCaller(testEnv()), 'fruit-owner', FRUIT.productId);
    const page = await personPage(BUYER);
    await login(page, BUYER, '/me');
    const code = page.getByTestId('member-code');
    memberId = (await code.getAttribute('data-member-id')) ?? '';
    assert.match(memberId, /^mem_[0-9a-f]{24}$/);
    assert.equal((await page.getByTestId('member-code-text').innerText()).trim(), memberId);
    assert.match((await page.getByTestId('member-code-qr').getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    assert.ok(await page.getByTestId('me-level').getAttribute('data-level'));
    assert.equal(await page.getByTestId('me-stored-value').getAttribute('href'), '/me/stored-value');
    await code.waitFor({ state: 'visible' });
    await screenshot(page, 'stored-value-member-card');
    before = await fruitBalance(page);
  });

  step('fruit-owner tops up at the counter page: an amount under ¥1 is refused on its field, ¥100 goes through', async () => {
    const page = await personPage('fruit-owner', DESK);
    await login(page, 'fruit-owner', '/merchant/stored-value');
    const form = page.getByTestId('topup-form');
    await form.getByTestId('topup-member-id').fill(` ${memberId.toUpperCase()} `);
    await form.getByTestId('topup-amount').fill('0.50');
    await submit(page, form.getByTestId('topup-submit'));
    assert.deepEqual(await page.locator('[data-testid="field-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))), ['INVALID_AMOUNT']);
    assert.equal(await page.getByTestId('topup-member-id').inputValue(), memberId, 'what was typed comes back');

    await page.getByTestId('topup-amount').fill(String(TOP_UP_FEN / 100));
    await submit(page, page.getByTestId('topup-submit'));
    const result = page.getByTestId('topup-result');
    await result.waitFor();
    afterTopUp = Number(await result.getAttribute('data-balance-fen'));
    assert.equal(afterTopUp, before + TOP_UP_FEN, `${await result.innerText()}`);
    await result.waitFor({ state: 'visible' });
    assert.match(await page.locator('h1').innerText(), /鲜果时光/);
    await screenshot(page, 'stored-value-counter');
  });

  step('leader2 sees the balance; a mixed cart is told why 储值支付 is not offered, a fruit-only cart is offered it', async () => {
    const page = await personPage(BUYER);
    assert.equal(await fruitBalance(page), afterTopUp);
    await emptyCart(page);
    await addToCart(page, FRUIT.productId);
    await addToCart(page, BAKERY.productId);
    await open(page, '/checkout');
    assert.equal(await page.getByTestId('stored-value-not-offered').getAttribute('data-reason'), 'mixed');
    assert.equal(await page.getByTestId('payment-stored-value').count(), 0);

    await open(page, '/cart');
    await submit(page, page.locator(`[data-testid="cart-line"][data-product-id="${BAKERY.productId}"]`).getByTestId('cart-remove'));
    await open(page, '/checkout');
    const choice = page.getByTestId('stored-value-choice');
    assert.equal(await choice.getAttribute('data-merchant-id'), FRUIT.merchantId);
    assert.equal(Number(await choice.getAttribute('data-balance-fen')), afterTopUp);
    assert.equal(await choice.getAttribute('data-enough'), 'true');
  });

  step('leader2 pays the fruit-only cart with 储值支付: the order is paid at placement and the balance is lower by its total', async () => {
    const page = await personPage(BUYER);
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-stored-value').check();
    totalFen = fenOf(await page.getByTestId('checkout-total').innerText());
    assert.ok(totalFen > 0 && totalFen <= afterTopUp);
    await screenshot(page, 'stored-value-checkout');
    await placeOrder(page, /\/me\/orders/, 'my orders');
    assert.equal(await flashOf(page), 'ok:placed');
    const order = page.getByTestId('order-card').first();
    assert.equal(await order.getAttribute('data-merchant-id'), FRUIT.merchantId);
    assert.equal(await order.getAttribute('data-status'), 'PAID', 'paid at placement');
    await open(page, `/me/orders/${encodeURIComponent((await order.getAttribute('data-order-id')) ?? '')}`);
    assert.match(await page.getByTestId('order-detail').innerText(), /储值支付/);
    await eventually(async () => assert.equal(await fruitBalance(page), afterTopUp - totalFen));
    await screenshot(page, 'stored-value-balance');
  });

  step('leader2 asks for the rest back (申请退还): the fruit shop’s balance is ¥0', async () => {
    const page = await personPage(BUYER);
    await open(page, '/me/stored-value');
    await submit(page, page.locator(`[data-testid="stored-value-balance"][data-merchant-id="${FRUIT.merchantId}"]`).getByTestId('stored-value-payback'));
    assert.equal(await flashOf(page), 'ok:paidBack');
    assert.equal(await fruitBalance(page), 0);
  });
});
