/**
 * End-to-end: issue 10's shop onboarding in headless Chromium against the running stack. The alliance
 * admin onboards a new shop (a fresh id each run) with its business licence photo on /admin/merchants and
 * is shown the owner's one-time link; the owner, in a browser of her own, opens it, sets a password, signs
 * in on the real Keycloak page with it and lands on /merchant for the new shop; she invites a staff member
 * (the link is shown once) and sees the onboarding in the audit log; the shop's public page shows the
 * licence number and photo. The admin then suspends and reinstates only this new shop (never a demo
 * shop: later suites of the same stack buy from those).
 *
 *   TEST_PORT_OFFSET=700 npm test -- web/e2e/shops.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { PORTAL_URL, browserJourney, eventually, flashOf, hydrated, login, open, submit } from './harness';

const DESK = { width: 1280, height: 900 };
const RUN = randomBytes(3).toString('hex');
const SHOP_ID = `m-e2e-${RUN}`;
const SHOP_NAME = `端到端果园${RUN}`;
const OWNER = `e2e-owner-${RUN}`;
const OWNER_PASSWORD = `Orchard-${RUN}-pw`;

/** 统一社会信用代码 with a valid check character (GB 32100-2015), so any checksum rule accepts it. */
function creditCode(): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91330106';
  for (const b of randomBytes(9)) body += chars[b % 31];
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i]!, 0);
  return body + chars[(31 - (sum % 31)) % 31];
}
const LICENCE = creditCode();

/** A licence "photo": a real JPEG, 900×600, made here. */
const licenceJpeg = () => sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 200, g: 40, b: 40 } } }).jpeg({ quality: 80 }).toBuffer();

/** The portal path of a link the merchants subgraph made (its PORTAL_URL may name another host for the same portal). */
const pathOf = (link: string) => {
  const u = new URL(link);
  return `${u.pathname}${u.search}`;
};

/** Keycloak may ask a fresh account for the profile fields it lacks before it lets her in. */
async function completeProfileIfAsked(page: Page): Promise<void> {
  const form = page.locator('#kc-update-profile-form, form#kc-update-profile');
  if (!(await form.count())) return;
  for (const [sel, value] of [
    ['#firstName', 'E2E'],
    ['#lastName', 'Owner'],
    ['#email', `${OWNER}@example.com`],
  ] as const) {
    const input = page.locator(sel);
    if ((await input.count()) && !(await input.inputValue())) await input.fill(value);
  }
  await page.locator('input[type="submit"], button[type="submit"]').first().click();
}

describe('shop onboarding: licence photo, the owner’s one-time link, her first sign-in, the shop page (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const { personPage, step } = browserJourney('shops');
  let ownerLink = '';

  step('the admin onboards a shop with its business licence photo and is shown the owner’s link once', async () => {
    const page = await personPage('admin', DESK);
    await login(page, 'admin', '/admin/merchants');
    await page.getByTestId('admin-merchants').waitFor();
    assert.ok(await page.getByTestId('nav-admin-merchants').count(), 'the admin nav links here');

    const form = page.getByTestId('onboard-form');
    await form.getByTestId('onboard-id').fill(SHOP_ID);
    await form.getByTestId('onboard-name').fill(SHOP_NAME);
    await form.getByTestId('onboard-kind').selectOption('FRUIT');
    await form.getByTestId('onboard-neighborhood').fill('翠苑一区');
    await form.getByTestId('onboard-served-other').fill('翠苑一区，翠苑二区');
    await form.getByTestId('onboard-address').fill('文一西路 1 号');
    await form.getByTestId('onboard-fee').fill('5');
    await form.getByTestId('onboard-free-from').fill('39.90');
    await form.getByTestId('onboard-licence-number').fill(LICENCE);
    await form.getByTestId('onboard-food-permit-number').fill(`JY1330106${RUN}0`);
    await form.getByTestId('onboard-owner-username').fill(OWNER);
    await form.getByTestId('onboard-owner-email').fill(`${OWNER}@example.com`);

    // The photo goes from the browser straight to object storage; the form posts only its upload id.
    await form.getByTestId('onboard-licence-photo-file').setInputFiles({ name: 'licence.jpg', mimeType: 'image/jpeg', buffer: await licenceJpeg() });
    await eventually(async () => assert.equal(await form.getByTestId('onboard-licence-photo').getAttribute('data-state'), 'uploaded'), 30_000);

    await submit(page, form.getByTestId('onboard-submit'));
    assert.equal(await flashOf(page), 'ok:onboarded');
    assert.equal(await page.getByTestId('flash-ok').getAttribute('data-merchant-id'), SHOP_ID);
    ownerLink = await page.getByTestId('owner-link-url').inputValue();
    assert.match(ownerLink, /\/invite\/[A-Za-z0-9_-]{20,}$/, 'the owner’s one-time link is shown');
    assert.ok(await page.getByTestId('owner-link').getByTestId('copy-share-link').count(), 'with a copy button');

    const row = page.locator(`[data-testid="admin-merchant"][data-merchant-id="${SHOP_ID}"]`);
    assert.equal(await row.getAttribute('data-status'), 'ACTIVE', 'the new shop is in the list, active');
  });

  step('the link is lost: the admin makes a new one, and the first stops working', async () => {
    const page = await personPage('admin', DESK);
    const row = page.locator(`[data-testid="admin-merchant"][data-merchant-id="${SHOP_ID}"]`);
    await submit(page, row.getByTestId('admin-merchant-reissue'));
    assert.equal(await flashOf(page), 'ok:reissued');
    const lost = ownerLink;
    ownerLink = await page.getByTestId('owner-link-url').inputValue();
    assert.match(ownerLink, /\/invite\/[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(ownerLink, lost);
    await page.goto(`${PORTAL_URL}${pathOf(lost)}`);
    await page.getByTestId('invite-invalid').waitFor();
  });

  step('the owner opens the link in her own browser and sets a password', async () => {
    const page = await personPage('new-owner', DESK);
    await page.goto(`${PORTAL_URL}${pathOf(ownerLink)}`);
    await hydrated(page);
    await page.getByTestId('invite-page').waitFor();
    assert.equal(await page.getByTestId('invite-page').getAttribute('data-role'), 'MERCHANT_OWNER');
    assert.match(await page.getByTestId('invite-shop').innerText(), new RegExp(SHOP_NAME));

    await page.getByTestId('invite-password').fill(OWNER_PASSWORD);
    await page.getByTestId('invite-password2').fill(OWNER_PASSWORD);
    await submit(page, page.getByTestId('invite-submit'));
    await page.getByTestId('invite-done').waitFor();
    assert.equal(await page.getByTestId('invite-done').getAttribute('data-username'), OWNER);

    // The link works once.
    await page.goto(`${PORTAL_URL}${pathOf(ownerLink)}`);
    await page.getByTestId('invite-invalid').waitFor();
  });

  step('once the owner has joined, the admin is told to let her sign in instead of getting another link', async () => {
    const page = await personPage('admin', DESK);
    await open(page, '/admin/merchants');
    const row = page.locator(`[data-testid="admin-merchant"][data-merchant-id="${SHOP_ID}"]`);
    await submit(page, row.getByTestId('admin-merchant-reissue'));
    assert.match(await flashOf(page), /^error:.*OWNER_JOINED/);
    assert.equal(await page.getByTestId('owner-link').count(), 0);
  });

  step('she signs in with that password on the Keycloak page and sees /merchant for the new shop', async () => {
    const page = await personPage('new-owner', DESK);
    await page.goto(`${PORTAL_URL}/auth/login?returnTo=${encodeURIComponent('/merchant')}`);
    await page.waitForURL(/\/realms\/alliance\/protocol\/openid-connect\/auth/);
    await page.locator('#username').fill(OWNER);
    await page.locator('#password').fill(OWNER_PASSWORD);
    await page.locator('#kc-login').click();
    await page.waitForLoadState('load');
    await completeProfileIfAsked(page);
    await page.waitForURL((url) => url.href.startsWith(PORTAL_URL) && url.pathname === '/merchant');
    await hydrated(page);
    const desk = page.getByTestId('merchant-desk');
    await desk.waitFor();
    assert.equal(await desk.getAttribute('data-merchant-id'), SHOP_ID);
    assert.match(await page.locator('h1.page-title').innerText(), new RegExp(SHOP_NAME));
  });

  step('she invites a staff member (the link is shown once) and finds the onboarding in the audit log', async () => {
    const page = await personPage('new-owner', DESK);
    await submit(page, page.getByTestId('desk-staff-link'));
    await page.getByTestId('merchant-staff').waitFor();
    const email = `e2e-staff-${RUN}@example.com`;
    await page.getByTestId('staff-email').fill(email);
    await submit(page, page.getByTestId('staff-invite'));
    assert.match(await page.getByTestId('staff-link-url').inputValue(), /\/invite\/[A-Za-z0-9_-]{20,}$/, `${await flashOf(page)}`);
    await open(page, `/merchant/staff?shop=${SHOP_ID}`);
    assert.equal(await page.getByTestId('staff-link').count(), 0, 'the link is not shown again');
    assert.ok(await page.locator(`[data-testid="staff-invitation"][data-email="${email}"]`).count(), 'the invitation is pending');

    await open(page, `/merchant/audit?shop=${SHOP_ID}`);
    await eventually(async () => {
      await open(page, `/merchant/audit?shop=${SHOP_ID}`);
      assert.ok(await page.locator('[data-testid="audit-entry"][data-action="merchant.onboarded"]').count(), 'merchant.onboarded is in the log');
    });
  });

  step('the shop page shows the licence number and photo', async () => {
    const page = await personPage('new-owner', DESK);
    await open(page, `/shops/${SHOP_ID}`);
    await page.getByTestId('shop-page').waitFor();
    assert.equal(await page.getByTestId('shop-title').innerText(), SHOP_NAME);
    assert.equal(await page.getByTestId('licence-business-number').innerText(), LICENCE);
    assert.match(await page.getByTestId('shop-served').innerText(), /翠苑二区/);
    assert.match(await page.getByTestId('shop-delivery').innerText(), /¥5\.00/);
    const photo = page.getByTestId('licence-business-photo');
    await photo.scrollIntoViewIfNeeded();
    assert.ok(await photo.getAttribute('srcset'), 'the photo has a srcset');
    assert.ok(Number(await photo.getAttribute('width')) > 0 && Number(await photo.getAttribute('height')) > 0, 'and its width and height');
    await eventually(async () => assert.ok(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the licence photo loaded'));
  });

  step('the admin suspends only this new shop with a reason, then reinstates it', async () => {
    const page = await personPage('admin', DESK);
    await open(page, '/admin/merchants');
    const row = () => page.locator(`[data-testid="admin-merchant"][data-merchant-id="${SHOP_ID}"]`);
    await row().getByTestId('admin-merchant-suspend-open').click();
    await row().getByTestId('admin-merchant-reason-input').fill('端到端测试：暂停后立即恢复');
    await row().getByTestId('admin-merchant-confirm').check();
    await submit(page, row().getByTestId('admin-merchant-suspend'));
    assert.equal(await flashOf(page), 'ok:suspended');
    assert.equal(await row().getAttribute('data-status'), 'SUSPENDED');
    assert.match(await row().getByTestId('admin-merchant-reason').innerText(), /暂停后立即恢复/);
    await submit(page, row().getByTestId('admin-merchant-reinstate'));
    assert.equal(await flashOf(page), 'ok:reinstated');
    assert.equal(await row().getAttribute('data-status'), 'ACTIVE');
  });
});
