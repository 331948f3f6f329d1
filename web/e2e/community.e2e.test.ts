/**
 * End-to-end: issue 9's community groups (社群) in headless Chromium against the running stack.
 *
 * leader starts a group on /community (a fresh name per run) and lands on its page, where he posts a
 * VALUE tip and sees the mix against 70/20/10 with its advice; alice opens the group's share link, sees
 * no posts before joining, joins, reads the tip and finds the group on 我的; the leader's page counts her
 * and still shows him (only him) the mix. alice leaves at the end, so her groups stay as other suites expect.
 *
 *   TEST_PORT_OFFSET=200 npm test -- web/e2e/community.e2e.test.ts
 *
 * On a failed step a full-page screenshot is saved to test-results/ (git-ignored).
 */
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PORTAL_URL, browserJourney, flashOf, login, open, screenshot, submit } from './harness';

const NEIGHBORHOOD = '翠苑一区';
const INTEREST = '水果控';
const TIP = `桃子常温放两天更甜 ${randomBytes(3).toString('hex')}`;

describe('community groups: a leader starts one and posts, a neighbour joins by its link (headless Chromium, real Keycloak)', { timeout: 10 * 60_000 }, () => {
  const { personPage, step } = browserJourney('community');
  const name = `翠苑水果控 ${randomBytes(2).toString('hex')}`;
  let groupPath = '';
  let shareUrl = '';
  let membersBefore = 0;

  step('leader starts a group on /community and lands on its page, as its leader', async () => {
    const page = await personPage('leader');
    await login(page, 'leader', '/community');
    const form = page.getByTestId('create-group-form');
    await form.getByTestId('create-group-name').fill(name);
    await form.getByTestId('create-group-neighborhood').fill(NEIGHBORHOOD);
    await form.getByTestId('create-group-interest').fill(INTEREST);
    await submit(page, form.getByTestId('create-group-submit'));
    assert.equal(await flashOf(page), 'ok:created');
    groupPath = new URL(page.url()).pathname;
    assert.match(groupPath, /^\/community\/grp-[0-9a-f]+$/);
    const group = page.getByTestId('community-group');
    assert.equal(await group.getAttribute('data-leads'), 'true');
    assert.equal((await page.getByTestId('group-name').innerText()).trim(), name);
    assert.equal(await page.getByTestId('group-mix').getAttribute('data-advice'), 'START_POSTING');
    shareUrl = await page.getByTestId('group-share-url').inputValue();
    assert.ok(shareUrl.endsWith(groupPath), `the share link opens this page: ${shareUrl}`);
    assert.match((await page.getByTestId('group-share-qr').getAttribute('src')) ?? '', /^data:image\/svg\+xml;base64,/);
    membersBefore = Number(await group.getAttribute('data-member-count'));
  });

  step('leader posts a VALUE tip: it is listed, and the mix counts it with advice in words', async () => {
    const page = await personPage('leader');
    const form = page.getByTestId('group-post-form');
    await form.getByTestId('post-kind-VALUE').check();
    await form.getByTestId('post-text').fill(TIP);
    await submit(page, form.getByTestId('post-submit'));
    assert.equal(await flashOf(page), 'ok:posted');
    const post = page.getByTestId('group-post').first();
    assert.equal(await post.getAttribute('data-kind'), 'VALUE');
    assert.equal((await post.getByTestId('group-post-text').innerText()).trim(), TIP);
    const mix = page.getByTestId('group-mix');
    assert.equal(await mix.getAttribute('data-total'), '1');
    assert.equal(await mix.getAttribute('data-value'), '100');
    // All tips and no interaction: the advice asks for a poll or a check-in.
    assert.equal(await mix.getAttribute('data-advice'), 'MORE_INTERACTION');
    assert.ok((await page.getByTestId('group-mix-advice').innerText()).trim().length > 0);
    await mix.waitFor({ state: 'visible' });
    await screenshot(page, 'community-leader');
  });

  step('alice opens the share link: no posts before she joins; she joins and reads the tip; 我的 lists the group', async () => {
    const page = await personPage('alice');
    await login(page, 'alice', '/me');
    // The link as shared (it names the portal the stack runs).
    await page.goto(shareUrl.startsWith(PORTAL_URL) ? shareUrl : `${PORTAL_URL}${groupPath}`);
    await page.getByTestId('community-group').waitFor();
    assert.equal(await page.getByTestId('community-group').getAttribute('data-leads'), 'false');
    assert.equal(await page.getByTestId('group-mix').count(), 0, 'the mix is the leader’s');
    assert.equal(await page.getByTestId('group-post-form').count(), 0);
    assert.equal(await page.getByTestId('group-post').count(), 0, 'posts are for members');
    await submit(page, page.getByTestId('group-join'));
    assert.equal(await flashOf(page), 'ok:joined');
    assert.equal(await page.getByTestId('community-group').getAttribute('data-joined'), 'true');
    assert.equal((await page.getByTestId('group-post').first().getByTestId('group-post-text').innerText()).trim(), TIP);
    await page.getByTestId('group-post').first().waitFor({ state: 'visible' });
    await screenshot(page, 'community-member');
    await open(page, '/me');
    const id = groupPath.split('/').pop();
    assert.equal(await page.locator(`[data-testid="me-group"][data-group-id="${id}"]`).count(), 1);
  });

  step('leader’s page counts her and still shows him the mix; alice leaves again', async () => {
    const leader = await personPage('leader');
    await open(leader, groupPath);
    assert.equal(Number(await leader.getByTestId('community-group').getAttribute('data-member-count')), membersBefore + 1);
    assert.equal(await leader.getByTestId('group-mix').getAttribute('data-total'), '1');

    const alice = await personPage('alice');
    await open(alice, groupPath);
    await submit(alice, alice.getByTestId('group-leave'));
    assert.equal(await flashOf(alice), 'ok:left');
    assert.equal(await alice.getByTestId('community-group').getAttribute('data-joined'), 'false');
  });
});
