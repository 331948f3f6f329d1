/**
 * End-to-end: issue 9's consent journey in headless Chromium against the running stack. alice opens
 * 我的 → 隐私 and grants PROFILE to 鲜果时光水果店 only; fruit-owner's 会员 page (and its CSV) shows her name,
 * bakery-owner's does not; alice revokes, and fruit-owner's very next page load no longer shows her. A
 * guardian reaches the confirmation form without an account (the full guardian flow needs an under-14
 * member, which no demo user is: a birth date is set once, so it is covered by the members API tests).
 *
 * Other suites (or an earlier run) may have left alice with grants: the first step revokes everything but
 * the one grant under test, so the journey is repeatable on the same stack.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/member-pool.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { PORTAL_URL, browserJourney, eventually, flashOf, login, open, screenshot, submit } from './harness';

/** Demo data (subgraphs/merchants/src/seed/demo-alliance.ts and deploy/keycloak/alliance-realm.json). */
const FRUIT = 'm-fruit'; // 鲜果时光水果店, fruit-owner's shop
const BAKERY = 'm-bakery'; // bakery-owner's shop
const ALICE = 'Alice Wang';
const DESK = { width: 1280, height: 900 };

const grantRow = (page: Page, merchantId: string, purpose: string) =>
  page.locator(`[data-testid="consent-shop"][data-merchant-id="${merchantId}"] [data-testid="consent-grant"][data-purpose="${purpose}"]`);

/** Unfolds a shop's card (folded while she has granted it nothing). */
async function unfold(page: Page, merchantId: string): Promise<void> {
  const card = page.locator(`[data-testid="consent-shop"][data-merchant-id="${merchantId}"]`);
  if ((await card.getAttribute('open')) === null) await card.getByTestId('consent-shop-summary').click();
}

/** The names on a shop's 会员 page, freshly loaded. */
async function memberNames(page: Page, merchantId: string): Promise<string[]> {
  await open(page, `/merchant/members?shop=${merchantId}`);
  await page.getByTestId('merchant-members').waitFor();
  assert.equal(await page.getByTestId('merchant-members').getAttribute('data-merchant-id'), merchantId);
  return page.getByTestId('shop-member-name').allInnerTexts();
}

/** The shop's CSV export, fetched with the page's own session. */
async function membersCsv(page: Page, merchantId: string): Promise<string> {
  const res = await page.request.get(`${PORTAL_URL}/merchant/members.csv?shop=${merchantId}`);
  assert.equal(res.status(), 200, `the CSV export answers (${res.status()})`);
  assert.match(res.headers()['content-type'] ?? '', /^text\/csv/);
  return res.text();
}

describe('the member pool: consent per shop and purpose, seen from both sides (headless Chromium, real Keycloak)', { timeout: 15 * 60_000 }, () => {
  const { personPage, step } = browserJourney('member-pool');

  step('alice grants PROFILE to 鲜果时光水果店 only, and sees exactly what the shop will get', async () => {
    const page = await personPage('alice');
    await login(page, 'alice', '/me');
    await submit(page, page.getByTestId('me-privacy'));
    await page.getByTestId('privacy-page').waitFor();
    assert.ok((await page.locator('[data-testid="consent-shop"]').count()) >= 2, 'every allied shop has a card');

    // Whatever earlier runs left: revoke every grant but the one under test (one form post each).
    for (let guard = 0; guard < 30; guard++) {
      const stale = page.locator('[data-testid="consent-grant"][data-granted="true"]');
      const rows = await stale.evaluateAll((els) => els.map((e) => `${e.closest('[data-testid="consent-shop"]')?.getAttribute('data-merchant-id')}|${e.getAttribute('data-purpose')}`));
      const other = rows.find((r) => r !== `${FRUIT}|PROFILE`);
      if (!other) break;
      const [merchantId, purpose] = other.split('|') as [string, string];
      await unfold(page, merchantId);
      await submit(page, grantRow(page, merchantId, purpose).getByTestId('consent-toggle'));
      assert.equal(await flashOf(page), 'ok:revoked', `revoked ${other}`);
    }

    const profile = grantRow(page, FRUIT, 'PROFILE');
    await unfold(page, FRUIT);
    if ((await profile.getAttribute('data-granted')) !== 'true') {
      assert.match(await profile.getByTestId('consent-receives').innerText(), new RegExp(`姓名 ${ALICE}`), 'the shop would receive her name');
      assert.match(await profile.getByTestId('consent-text').innerText(), /鲜果时光水果店/, 'the text names the shop');
      await submit(page, profile.getByTestId('consent-toggle'));
      assert.equal(await flashOf(page), 'ok:granted');
    }
    assert.equal(await grantRow(page, FRUIT, 'PROFILE').getAttribute('data-granted'), 'true');
    assert.match(await grantRow(page, FRUIT, 'PROFILE').getByTestId('consent-receives').innerText(), new RegExp(`该店获得：姓名 ${ALICE}`));
    assert.equal(await page.locator('[data-testid="consent-grant"][data-granted="true"]').count(), 1, 'one grant in all');
    assert.equal(await page.getByTestId('guardian-banner').count(), 0, 'an adult: her consent takes effect');

    const newest = page.getByTestId('consent-record').first();
    assert.equal(await newest.getAttribute('data-action'), 'GRANTED');
    assert.equal(await newest.getAttribute('data-merchant-id'), FRUIT);
    // The grants list is on the page once it has rendered: wait for it, do not sample it earlier.
    await page.getByTestId('consent-shops').waitFor({ state: 'visible' });
    await screenshot(page, 'member-pool-granted');
  });

  step('fruit-owner sees her name on the shop’s 会员 page and in its CSV; bakery-owner does not', async () => {
    const fruit = await personPage('fruit-owner', DESK);
    await login(fruit, 'fruit-owner', '/merchant');
    await submit(fruit, fruit.getByTestId('desk-members-link'));
    await fruit.getByTestId('merchant-members').waitFor();
    await eventually(async () => {
      assert.ok((await memberNames(fruit, FRUIT)).includes(ALICE), 'her name on the fruit shop’s list');
    });
    const row = fruit.locator('[data-testid="shop-member"]').filter({ has: fruit.getByTestId('shop-member-name').getByText(ALICE, { exact: true }) });
    assert.equal(await row.getAttribute('data-purposes'), 'PROFILE', 'only what she granted');
    assert.match((await row.locator('code').innerText()).trim(), /^\S+$/, 'a pseudonymous id');
    assert.ok((await membersCsv(fruit, FRUIT)).includes(ALICE), 'and in the CSV export');
    await screenshot(fruit, 'member-pool-fruit');

    const bakery = await personPage('bakery-owner', DESK);
    await login(bakery, 'bakery-owner', `/merchant/members?shop=${BAKERY}`);
    assert.ok(!(await memberNames(bakery, BAKERY)).includes(ALICE), 'her name is not on the bakery’s list');
    assert.ok(!(await membersCsv(bakery, BAKERY)).includes(ALICE), 'nor in its CSV');
    // Another shop's list is not the bakery's to ask for: the page shows its own shop instead.
    await open(bakery, `/merchant/members?shop=${FRUIT}`);
    assert.equal(await bakery.getByTestId('merchant-members').getAttribute('data-merchant-id'), BAKERY);
    assert.ok(!(await bakery.getByTestId('shop-member-name').allInnerTexts()).includes(ALICE), 'asking for the fruit shop shows nothing of hers');
    const other = await bakery.request.get(`${PORTAL_URL}/merchant/members.csv?shop=${FRUIT}`);
    assert.equal(other.status(), 403, 'nor can it export the fruit shop’s members');
  });

  step('alice revokes, and fruit-owner’s very next page load no longer shows her', async () => {
    const page = await personPage('alice');
    await open(page, '/me/privacy');
    await unfold(page, FRUIT);
    await submit(page, grantRow(page, FRUIT, 'PROFILE').getByTestId('consent-toggle'));
    assert.equal(await flashOf(page), 'ok:revoked');
    assert.equal(await grantRow(page, FRUIT, 'PROFILE').getAttribute('data-granted'), 'false');
    assert.equal(await page.getByTestId('consent-record').first().getAttribute('data-action'), 'REVOKED');

    // No retry: a revocation holds from the shop's very next request.
    const fruit = await personPage('fruit-owner', DESK);
    assert.ok(!(await memberNames(fruit, FRUIT)).includes(ALICE), 'her name is gone from the fruit shop’s list');
    assert.ok(!(await membersCsv(fruit, FRUIT)).includes(ALICE), 'and from its CSV');
    await screenshot(fruit, 'member-pool-revoked');
  });

  step('a guardian needs no account: the member number from the SMS leads to the form, and a wrong one gets a clear answer', async () => {
    const page = await personPage('guardian');
    await open(page, '/guardian');
    await page.locator('input[name="member"]').fill('mem_000000000000000000000000');
    await submit(page, page.locator('[data-testid="guardian-start"] button[type="submit"]'));
    assert.match(new URL(page.url()).pathname, /^\/guardian\/mem_0{24}$/);
    await page.locator('input[name="code"]').fill('123456');
    await page.locator('input[name="guardianName"]').fill('王芳');
    await submit(page, page.getByTestId('guardian-confirm-submit'));
    assert.doesNotMatch(page.url(), /\/auth\/login|\/realms\//, 'no sign-in is asked for');
    await page.getByTestId('guardian-invalid').waitFor();
  });
});
