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
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { beijingLocal, browserJourney, endPromotion, eventually, flashOf, login, open, placeOrder, screenshot, submit, yuan } from './harness';

const GATEWAY_URL = process.env.TEST_GATEWAY_URL ?? 'http://localhost:4000/graphql';
const ALLIANCE_ID = process.env.ALLIANCE_ID ?? 'demo';

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts): 红心火龙果 ¥8.80, one spec, at the fruit shop of 翠苑一区. */
const FRUIT = { merchantId: 'm-fruit', productId: 'p-fruit-07' };
const GROUP_SIZE = 2;
const OFF_FEN = 100;
const PICKUP_POINT = 'pp-cuiyuan';
const TITLE = `火龙果2人团 e2e-${Date.now().toString(36)}`;

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
  const { personPage, step } = browserJourney('groupbuy');

  let promotionId = '';
  let groupPath = '';
  let shareLink = '';
  let aliceCartLines = -1;

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
    await placeOrder(page, /\/groups\//, 'the group page');
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
    await endPromotion(page, promotionId);
  });
});
