/**
 * End-to-end: issue 10's catalogue on a phone, in headless Chromium against the running stack.
 *
 * fruit-owner creates a product in 商品 (/merchant/products) on her phone: a member price above the price
 * comes back on that spec's field, then it saves; she adds a photo (a JPEG made here with sharp, set through
 * the file input), which goes from the browser straight to storage by a presigned PUT and comes back as
 * renditions. alice finds it on the storefront with the photo (srcset, loaded). The alliance admin suspends
 * the bakery at /admin/merchants (on a phone too) and alice's next storefront load shows none of its
 * products; the bakery is reinstated right after, and through the API after the suite if a step failed
 * (later suites of a CI run buy its products). fruit-owner then delists the product
 * (下架) and alice's search no longer finds it.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/catalogue.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { after, describe } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { gatewayCaller, testEnv } from '@alliance/testing';
import { browserJourney, eventually, flashOf, hydrated, login, open, screenshot, submit } from './harness';

const OWNER = 'fruit-owner';
const SHOPPER = 'alice';
const BAKERY = 'm-bakery';
const NAME = `E2E蜜桃${Date.now().toString(36)}`;

const call = gatewayCaller(testEnv());

async function setBakeryStatus(op: 'suspend' | 'reinstate'): Promise<string> {
  const r =
    op === 'suspend'
      ? await call('admin', 'mutation($id: ID!) { suspendMerchant(id: $id, reason: "e2e: catalogue suite") { merchant { status } userErrors { code } } }', { id: BAKERY })
      : await call('admin', 'mutation($id: ID!) { reinstateMerchant(id: $id) { merchant { status } userErrors { code } } }', { id: BAKERY });
  const payload = r.data?.suspendMerchant ?? r.data?.reinstateMerchant;
  assert.ok(!r.errors?.length && payload && payload.userErrors.length === 0, `${op} ${BAKERY}: ${JSON.stringify(r.errors ?? payload)}`);
  return payload.merchant.status as string;
}

/** The storefront's cards for a search, as alice loads it now. */
async function cardsFor(page: Page, path: string) {
  await open(page, path);
  return page.getByTestId('product-card');
}

describe('catalogue: a shop adds a product with a photo on a phone, shoppers see it; a suspended shop leaves the storefront (headless Chromium, real Keycloak, SeaweedFS)', { timeout: 15 * 60_000 }, () => {
  const { personPage, step } = browserJourney('catalogue');
  let productId = '';
  let suspended = false;

  after(async () => {
    // Every later suite of the run buys bakery products: never leave it suspended.
    if (suspended) await setBakeryStatus('reinstate');
  });

  step('fruit-owner creates a product from 商品: a member price above the price is refused on its spec, then it saves', async () => {
    const page = await personPage(OWNER);
    await login(page, OWNER, '/merchant/products');
    await page.getByTestId('catalogue-page').waitFor();
    await submit(page, page.getByTestId('catalogue-new'));
    const form = page.getByTestId('product-form');
    await form.getByTestId('product-name-input').fill(NAME);
    await form.getByTestId('product-category').selectOption('fruit');
    await form.getByTestId('product-unit').fill('盒');
    await form.getByTestId('product-description').fill('端到端测试的商品');
    const row = form.getByTestId('spec-row').first();
    await row.getByTestId('spec-name').fill('6 个装');
    await row.getByTestId('spec-price').fill('12.80');
    await row.getByTestId('spec-member-price').fill('13');
    await row.getByTestId('spec-stock').fill('20');
    await submit(page, form.getByTestId('product-save'));
    const refused = page.getByTestId('spec-row').first().getByTestId('field-error');
    assert.ok((await refused.count()) > 0, `the member price's error shows on its spec row (page says ${await flashOf(page)})`);
    assert.equal(await page.getByTestId('product-name-input').inputValue(), NAME, 'what was typed comes back');
    assert.equal(await page.getByTestId('spec-price').first().inputValue(), '12.80');

    await page.getByTestId('spec-member-price').first().fill('11.50');
    await submit(page, page.getByTestId('product-save'));
    assert.equal(await flashOf(page), 'ok:created');
    const edit = page.getByTestId('product-edit-page');
    productId = (await edit.getAttribute('data-product-id')) ?? '';
    assert.ok(productId, 'the new product’s page');
    assert.equal(await edit.getAttribute('data-listed'), 'true');
    assert.equal(await page.getByTestId('product-photos').getAttribute('data-count'), '0');
  });

  step('she adds a photo through the file input: the browser PUTs it to storage and the page shows it', async () => {
    const page = await personPage(OWNER);
    await hydrated(page);
    const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 250, g: 170, b: 80 } } })
      .composite([{ input: Buffer.from('<svg width="1200" height="900"><circle cx="600" cy="450" r="300" fill="#e8590c"/></svg>'), top: 0, left: 0 }])
      .jpeg({ quality: 80 })
      .toBuffer();
    await page.getByTestId('photo-upload-input').setInputFiles({ name: 'peach.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const photo = page.getByTestId('product-photo-item').first();
    await photo.waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
      const upload = page.getByTestId('photo-upload');
      const state = (await upload.count()) ? `${await upload.getAttribute('data-state')} ${await upload.innerText()}` : 'no upload on the page';
      throw new Error(`the photo did not appear (upload: ${state}): ${err.message}`);
    });
    assert.match((await photo.locator('img').getAttribute('srcset')) ?? '', /\s\d+w/);
    await screenshot(page, 'catalogue-product-photo');

    await open(page, '/merchant/products');
    const item = page.locator(`[data-testid="catalogue-item"][data-product-id="${productId}"]`);
    assert.equal(await item.getAttribute('data-images'), '1');
    assert.equal(await item.getAttribute('data-listed'), 'true');
  });

  step('alice finds it on the storefront with its photo: a srcset, loaded', async () => {
    const page = await personPage(SHOPPER);
    await login(page, SHOPPER, '/');
    await eventually(async () => {
      const cards = await cardsFor(page, `/?q=${encodeURIComponent(NAME)}`);
      assert.equal(await cards.count(), 1);
      assert.equal(await cards.first().getAttribute('data-product-id'), productId);
    });
    const img = page.getByTestId('product-card').first().getByTestId('product-photo');
    assert.match((await img.getAttribute('srcset')) ?? '', /\s\d+w/);
    assert.ok(Number(await img.getAttribute('width')) > 0 && Number(await img.getAttribute('height')) > 0, 'width and height reserve its box');
    assert.equal(await img.getAttribute('fetchpriority'), 'high', 'the first card is the LCP candidate');
    // Asked for from the head, before the page's scripts (the <img> is parsed only later on a slow link).
    const preload = page.locator('link[rel="preload"][as="image"][fetchpriority="high"]');
    assert.equal(await preload.count(), 1, 'the first card’s photo is preloaded');
    assert.equal(await preload.getAttribute('imagesrcset'), await img.getAttribute('srcset'));
    // As served: the preload in the head, and the cards in the document's own flow rather than a streamed
    // segment React reveals later in a batch (which held a phone's LCP back by about half a second).
    const html = await (await page.request.get(page.url())).text();
    const firstCard = html.indexOf('data-testid="product-card"');
    assert.ok(firstCard > 0, 'the served HTML has the cards');
    assert.ok(html.indexOf('rel="preload" as="image"') < html.indexOf('<body'), 'the photo preload is in the head');
    assert.equal(html.lastIndexOf('<div hidden id="S:', firstCard), -1, 'no streamed segment holds the cards');
    await eventually(async () => assert.ok(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), 'the photo has loaded'));
    await open(page, `/products/${encodeURIComponent(productId)}`);
    const cover = page.getByTestId('gallery-photo').first();
    await eventually(async () => assert.ok(await cover.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), 'the product page shows it too'));
    await screenshot(page, 'catalogue-storefront-photo');
  });

  step('the admin suspends the bakery at /admin/merchants: alice’s next storefront load shows none of its products', async () => {
    const page = await personPage(SHOPPER);
    assert.ok((await (await cardsFor(page, `/?merchant=${BAKERY}`)).count()) > 0, 'the bakery sells before');
    const admin = await personPage('admin');
    await login(admin, 'admin', '/admin/merchants');
    const row = () => admin.locator(`[data-testid="admin-merchant"][data-merchant-id="${BAKERY}"]`);
    await row().getByTestId('admin-merchant-suspend-open').click();
    await row().getByTestId('admin-merchant-reason-input').fill('端到端测试：食品经营许可证核验中');
    await row().getByTestId('admin-merchant-confirm').check();
    suspended = true;
    await submit(admin, row().getByTestId('admin-merchant-suspend'));
    assert.equal(await flashOf(admin), 'ok:suspended');
    assert.equal(await row().getAttribute('data-status'), 'SUSPENDED');
    await cardsFor(page, '/');
    assert.equal(await page.locator(`[data-testid="product-card"][data-merchant-id="${BAKERY}"]`).count(), 0, 'none on the first page');
    assert.equal(await (await cardsFor(page, `/?merchant=${BAKERY}`)).count(), 0, 'none when filtered to it');
    await screenshot(page, 'catalogue-bakery-suspended');
    await submit(admin, row().getByTestId('admin-merchant-reinstate'));
    assert.equal(await flashOf(admin), 'ok:reinstated');
    suspended = false;
    assert.ok((await (await cardsFor(page, `/?merchant=${BAKERY}`)).count()) > 0, 'back once reinstated');
  });

  step('fruit-owner delists it (下架): alice’s search no longer finds it', async () => {
    const page = await personPage(OWNER);
    await open(page, '/merchant/products');
    const item = () => page.locator(`[data-testid="catalogue-item"][data-product-id="${productId}"]`);
    await submit(page, item().getByTestId('catalogue-toggle'));
    assert.equal(await flashOf(page), 'ok:delisted');
    assert.equal(await item().getAttribute('data-listed'), 'false', 'staff still see it');
    const shopper = await personPage(SHOPPER);
    assert.equal(await (await cardsFor(shopper, `/?q=${encodeURIComponent(NAME)}`)).count(), 0);
  });
});
