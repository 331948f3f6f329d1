/**
 * End-to-end: issue 7's co-launched promotion in headless Chromium against the running stack (portal →
 * gateway → subgraphs, the real Keycloak login page). The alliance admin requires approval;
 * fruit-owner proposes a 跨店满减 (spend ≥ ¥30 across 2 shops, ¥5 off, split 50/50) to bakery-owner
 * through the form (a bad split first, refused by field); bakery-owner sees the cost it would carry
 * and accepts; the admin approves; alice's cart with a fruit and a bakery product shows the discount,
 * she checks out (pickup, sandbox payment) and the checkout and her order show it; each shop's
 * promotions page shows its equal half. Finally the promotion is ended and the policy put back, so the
 * other journeys on the same stack price as before.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/promotions.e2e.test.ts
 *   PORTAL_URL=http://localhost:3000 node --import tsx --test web/e2e/promotions.e2e.test.ts   (stack already up)
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { beijingLocal, browserJourney, endPromotion, eventually, flashOf, login, open, placeOrder, screenshot, submit, yuan } from './harness';

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts): two shops of 翠苑一区 and its pickup point. */
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-01', quantity: 2, unitFen: 1280 }; // 锦绣黄桃 ¥12.80, one spec
const BAKERY = { merchantId: 'm-bakery', productId: 'p-bakery-02', quantity: 1, unitFen: 880 }; // 原味可颂 ¥8.80
const SUBTOTAL_FEN = FRUIT.quantity * FRUIT.unitFen + BAKERY.quantity * BAKERY.unitFen; // ¥34.40 ≥ ¥30
const DISCOUNT_FEN = 500;
const HALF_FEN = DISCOUNT_FEN / 2;
const PICKUP_POINT = 'pp-cuiyuan';
const TITLE = `跨店满30减5 e2e-${Date.now().toString(36)}`;

describe('a promotion co-launched by two shops, priced into a cart and paid for half each (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const { personPage, step } = browserJourney('promotions');

  let promotionId = '';
  let policyWas: 'true' | 'false' = 'false';
  const card = (page: Page) => page.locator(`[data-testid="promotion"][data-promotion-id="${promotionId}"]`);

  /** The admin's approval switch, set to `want` (a post only when it differs). */
  async function setApproval(page: Page, want: 'true' | 'false'): Promise<void> {
    await open(page, '/admin/promotions');
    const policy = page.getByTestId('promotion-policy');
    if ((await policy.getAttribute('data-require-approval')) !== want) {
      await submit(page, page.getByTestId('promotion-policy-toggle'));
      assert.equal(await flashOf(page), 'ok:policy');
    }
    assert.equal(await page.getByTestId('promotion-policy').getAttribute('data-require-approval'), want);
  }

  step('the alliance admin requires approval of promotions', async () => {
    const page = await personPage('admin', { width: 1280, height: 900 });
    await login(page, 'admin', '/admin/promotions');
    await page.getByTestId('admin-promotions').waitFor();
    policyWas = (await page.getByTestId('promotion-policy').getAttribute('data-require-approval')) === 'true' ? 'true' : 'false';
    await setApproval(page, 'true');
  });

  step('fruit-owner proposes a 跨店满减 to the bakery through the form; a bad split is refused by field first', async () => {
    const page = await personPage('fruit-owner', { width: 1280, height: 900 });
    await login(page, 'fruit-owner', '/merchant');
    await page.getByTestId('merchant-desk').waitFor();
    await submit(page, page.getByTestId('desk-promotions-link'));
    await page.getByTestId('merchant-promotions').waitFor();
    assert.equal(await page.getByTestId('merchant-promotions').getAttribute('data-merchant-id'), FRUIT.merchantId);
    await submit(page, page.getByTestId('promotions-tab-propose'));

    const fill = async (fruitShare: string) => {
      const form = page.getByTestId('propose-form');
      await form.waitFor();
      await page.getByTestId('promo-kind').selectOption('SPEND_ACROSS_SHOPS');
      await page.getByTestId('promo-title').fill(TITLE);
      await page.locator(`[data-testid="promo-partner"][data-merchant-id="${BAKERY.merchantId}"] input`).check();
      await page.getByTestId('promo-mode-amount').check();
      await page.getByTestId('promo-discountYuan').fill('5');
      await page.getByTestId('promo-minSpendYuan').fill('30');
      await page.getByTestId('promo-minShops').fill('2');
      // A day either side of now: the stack's clock may be moved by other tests.
      await page.getByTestId('promo-startsAt').fill(beijingLocal(-1));
      await page.getByTestId('promo-endsAt').fill(beijingLocal(300));
      await page.getByTestId('promo-budgetYuan').fill('100');
      await page.getByTestId('promo-funding-percent').check();
      await page.locator(`[data-testid="promo-funding-row"][data-merchant-id="${FRUIT.merchantId}"] [data-testid="promo-share"]`).fill(fruitShare);
      await page.locator(`[data-testid="promo-funding-row"][data-merchant-id="${BAKERY.merchantId}"] [data-testid="promo-share"]`).fill('50');
    };

    await fill('60');
    await submit(page, page.getByTestId('propose-submit'));
    assert.match(await flashOf(page), /^error:/, 'a split of 60 + 50 is refused');
    const codes = await page.locator('[data-testid="field-error"], [data-testid="user-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    assert.ok(codes.includes('FUNDING_SUM'), `the split's error is shown (${codes.join(', ')})`);
    assert.equal(await page.getByTestId('promo-title').inputValue(), TITLE, 'what was typed is kept');
    await screenshot(page, 'promotions-propose-refused');

    await fill('50');
    await submit(page, page.getByTestId('propose-submit'));
    assert.equal(await flashOf(page), 'ok:proposed');
    assert.equal(await page.getByTestId('merchant-promotions').getAttribute('data-view'), 'mine');
    const mine = page.locator(`[data-testid="promotion"][data-title="${TITLE}"]`);
    await mine.waitFor();
    promotionId = (await mine.getAttribute('data-promotion-id')) ?? '';
    assert.ok(promotionId, 'the proposal is listed with its id');
    assert.equal(await mine.getAttribute('data-status'), 'PROPOSED');
    assert.equal(await mine.locator(`[data-testid="promotion-partner"][data-merchant-id="${BAKERY.merchantId}"]`).getAttribute('data-answer'), 'PENDING');
    assert.equal(await mine.getByTestId('promotion-my-share').getAttribute('data-value'), '50');
  });

  step('bakery-owner finds it in the inbox with the cost the bakery would carry, and accepts', async () => {
    const page = await personPage('bakery-owner', { width: 1280, height: 900 });
    await login(page, 'bakery-owner', '/merchant/promotions?view=inbox');
    const invitation = card(page);
    await invitation.waitFor();
    assert.equal(await page.getByTestId('merchant-promotions').getAttribute('data-merchant-id'), BAKERY.merchantId);
    const share = invitation.getByTestId('promotion-my-share');
    assert.equal(await share.getAttribute('data-kind'), 'percent');
    assert.equal(await share.getAttribute('data-value'), '50');
    assert.ok((await share.innerText()).includes(yuan(HALF_FEN)), `the most one redemption costs the bakery: ${await share.innerText()}`);
    assert.match(await invitation.getByTestId('promotion-rules').innerText(), /¥30\.00/);
    await screenshot(page, 'promotions-inbox');
    await invitation.getByTestId('promotion-note').fill('同意，五五分摊');
    await submit(page, invitation.getByTestId('promotion-accept'));
    assert.equal(await flashOf(page), 'ok:accepted');
    const answered = card(page);
    await answered.waitFor();
    assert.equal(await answered.getAttribute('data-status'), 'PENDING_APPROVAL', 'every partner accepted; the alliance approves next');
  });

  step('the admin approves it; it goes live; approval is no longer required', async () => {
    const page = await personPage('admin', { width: 1280, height: 900 });
    await open(page, '/admin/promotions');
    const pending = page.getByTestId('promotions-pending').locator(`[data-testid="promotion"][data-promotion-id="${promotionId}"]`);
    await pending.waitFor();
    await screenshot(page, 'promotions-admin');
    await submit(page, pending.getByTestId('promotion-approve'));
    assert.equal(await flashOf(page), 'ok:approved');
    assert.equal(await page.getByTestId('promotions-pending').locator(`[data-promotion-id="${promotionId}"]`).count(), 0);
    await eventually(async () => {
      await open(page, '/admin/promotions?status=ACTIVE');
      await page.getByTestId('promotions-all').locator(`[data-promotion-id="${promotionId}"][data-status="ACTIVE"]`).waitFor({ timeout: 2_000 });
    });
    const actions = await page.locator(`[data-promotion-id="${promotionId}"] [data-testid="promotion-audit-entry"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    for (const a of ['PROPOSED', 'ACCEPTED', 'APPROVED']) assert.ok(actions.includes(a), `audit has ${a} (${actions.join(', ')})`);
    await setApproval(page, policyWas);
  });

  step('the products carry the 满减 tag', async () => {
    const page = await personPage('alice');
    await eventually(async () => {
      await open(page, `/?merchant=${BAKERY.merchantId}`);
      const tags = await page.locator(`[data-testid="product-card"][data-product-id="${BAKERY.productId}"] [data-testid="promotion-tag"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-promotion-id')));
      assert.ok(tags.includes(promotionId), `the croissant's card is tagged (${tags.join(', ')})`);
    }, 30_000);
    await open(page, `/products/${FRUIT.productId}`);
    const tag = page.locator(`[data-testid="promotion-tag"][data-promotion-id="${promotionId}"]`);
    await tag.waitFor();
    assert.equal(await tag.getAttribute('data-kind'), 'SPEND_ACROSS_SHOPS');
  });

  step('alice\'s cart with a fruit and a bakery product shows the discount', async () => {
    const page = await personPage('alice');
    await login(page, 'alice', '/cart');
    // A journey that ran before on this stack may have left lines in her cart: remove them.
    for (let guard = 0; guard < 20; guard++) {
      const line = page.locator('[data-testid="cart-line"]').first();
      if ((await line.count()) === 0) break;
      await submit(page, line.getByTestId('cart-remove'));
    }
    for (const p of [FRUIT, BAKERY]) {
      await open(page, `/products/${p.productId}`);
      await page.getByTestId('quantity-input').fill(String(p.quantity));
      await submit(page, page.getByTestId('add-to-cart'));
      assert.equal(await flashOf(page), 'ok:added');
    }
    await open(page, '/cart');
    const applied = page.locator(`[data-testid="applied-promotion"][data-promotion-id="${promotionId}"]`);
    await applied.waitFor();
    assert.equal(await applied.getAttribute('data-amount-fen'), String(DISCOUNT_FEN));
    assert.match(await applied.getByTestId('applied-explanation').innerText(), /\S/, 'the shopper reads why');
    assert.equal(await page.getByTestId('cart-promotions').getAttribute('data-discount-fen'), String(DISCOUNT_FEN));
    assert.equal((await page.getByTestId('cart-total').innerText()).trim(), yuan(SUBTOTAL_FEN - DISCOUNT_FEN));
    assert.match(await page.getByTestId('cart-savings').innerText(), new RegExp(yuan(DISCOUNT_FEN).replace('.', '\\.')));
    const lineDiscounts = await page.getByTestId('cart-line-discount').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-discount-fen'))));
    assert.equal(lineDiscounts.reduce((a, b) => a + b, 0), DISCOUNT_FEN, `the lines' parts sum to the discount (${lineDiscounts.join(' + ')})`);
    assert.equal(await page.getByTestId('promotions-unavailable').count(), 0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
    await screenshot(page, 'promotions-phone-cart');
  });

  step('alice checks out with pickup and pays in the sandbox; the checkout and her orders show the discount', async () => {
    const page = await personPage('alice');
    await open(page, '/checkout');
    await page.getByTestId('checkout-form').waitFor();
    assert.equal(await page.getByTestId('checkout-discount').getAttribute('data-discount-fen'), String(DISCOUNT_FEN));
    assert.equal((await page.getByTestId('checkout-total').innerText()).trim(), yuan(SUBTOTAL_FEN - DISCOUNT_FEN));
    await page.locator(`[data-testid="checkout-promotions"] [data-testid="applied-promotion"][data-promotion-id="${promotionId}"]`).waitFor();
    await page.getByTestId('fulfilment-pickup').check();
    await page.locator(`[data-testid="pickup-point"][data-pickup-point-id="${PICKUP_POINT}"] input`).check();
    await page.getByTestId('payment-online').check();
    await screenshot(page, 'promotions-phone-checkout');
    await placeOrder(page, /\/pay\/sandbox\//, 'the sandbox');
    await page.getByTestId('sandbox-banner').waitFor({ timeout: 20_000 });
    assert.equal((await page.getByTestId('pay-amount').innerText()).trim(), yuan(SUBTOTAL_FEN - DISCOUNT_FEN), 'she pays the discounted total');
    assert.equal(await page.getByTestId('checkout-discount-total').getAttribute('data-discount-fen'), String(DISCOUNT_FEN));
    await submit(page, page.getByTestId('sandbox-pay'));
    await page.locator('[data-testid="sandbox-pay-page"][data-payment-status="PAID"]').waitFor({ timeout: 60_000 });
    const orders = await page.getByTestId('pay-order').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-order-id') ?? '', discount: Number(e.querySelector('[data-testid="pay-order-discount"]')?.getAttribute('data-discount-fen') ?? 0) })),
    );
    assert.equal(orders.length, 2, 'one order per shop');
    assert.equal(orders.reduce((n, o) => n + o.discount, 0), DISCOUNT_FEN, 'the orders\' parts sum to the discount');
    await screenshot(page, 'promotions-phone-paid');

    await open(page, `/me/orders/${encodeURIComponent(orders[0]!.id)}`);
    const discount = page.getByTestId('order-discount');
    await discount.waitFor();
    assert.equal(Number(await discount.getAttribute('data-discount-fen')), orders[0]!.discount);
    await page.locator(`[data-testid="order-detail"] [data-testid="applied-promotion"][data-promotion-id="${promotionId}"]`).waitFor();
  });

  step('each shop\'s promotions page shows its equal half of the cost', async () => {
    for (const [user, shop] of [
      ['fruit-owner', FRUIT.merchantId],
      ['bakery-owner', BAKERY.merchantId],
    ] as const) {
      const page = await personPage(user, { width: 1280, height: 900 });
      await eventually(async () => {
        await open(page, '/merchant/promotions?view=mine');
        const mine = card(page);
        await mine.waitFor({ timeout: 5_000 });
        assert.equal(await mine.getByTestId('promotion-redemptions').innerText(), '1');
        const costs = await mine.getByTestId('promotion-funder').evaluateAll((els) => els.map((e) => [e.getAttribute('data-merchant-id'), Number(e.getAttribute('data-cost-fen'))]));
        assert.deepEqual(
          costs.sort(),
          [
            [BAKERY.merchantId, HALF_FEN],
            [FRUIT.merchantId, HALF_FEN],
          ],
          `${user} sees each funder's cost`,
        );
      }, 45_000);
      const mine = card(page);
      assert.equal(await page.getByTestId('merchant-promotions').getAttribute('data-merchant-id'), shop);
      assert.equal((await mine.locator(`[data-testid="promotion-funder"][data-merchant-id="${shop}"] [data-testid="promotion-funder-cost"]`).innerText()).trim(), yuan(HALF_FEN));
      assert.equal((await mine.getByTestId('promotion-discount-given').innerText()).trim(), yuan(DISCOUNT_FEN));
      await screenshot(page, `promotions-${user}-cost`);
    }
  });

  step('fruit-owner ends the promotion', async () => {
    const page = await personPage('fruit-owner', { width: 1280, height: 900 });
    await endPromotion(page, promotionId);
  });
});
