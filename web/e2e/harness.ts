/**
 * What every end-to-end journey shares: where the portal and Chromium are, the waits that make a headless
 * browser's steps reliable (hydration, full-page form posts, retried assertions), the real Keycloak login
 * page, one browser context per person, and steps that explain their own failure (a full-page screenshot in
 * test-results/, git-ignored, the flash on the page, what the browser said, the requests still pending).
 *
 * Not a test file (no `.test.ts`): the journeys import it; `npm test` hands them PORTAL_URL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page, type Request } from 'playwright-core';

export const PORTAL_URL = (process.env.PORTAL_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = process.env.E2E_PASSWORD ?? 'demo1234';
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** ¥12.80 from 1280 fen, as the portal shows money. */
export const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** A datetime-local value in Beijing time, `days` from now (the form reads times as Beijing's). */
export function beijingLocal(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** Retries an assertion until it passes (the UI updates asynchronously; events reach read models later). */
export async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
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

/** Waits until React has hydrated (before that, selects and links are not wired). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/**
 * Full page load, then wait until React has hydrated.
 * The storefront's content streams in its own Suspense boundary, which hydrates after the layout:
 * its filter select reports `data-ready` once that boundary is interactive.
 */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${PORTAL_URL}${path}`);
  await hydrated(page);
  if (path === '/' || path.startsWith('/?')) {
    await page.locator('select[data-testid="filter-merchant"][data-ready]').waitFor();
  }
}

/** Submits a form by its button (a full page load: post, 303, get) and waits for the page it lands on. */
export async function submit(page: Page, button: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

export async function screenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/** What a form post reported: the success key, or the error codes shown. */
export async function flashOf(page: Page): Promise<string> {
  const ok = page.getByTestId('flash-ok');
  if (await ok.count()) return `ok:${await ok.getAttribute('data-ok')}`;
  const error = page.getByTestId('flash-error');
  if (await error.count()) {
    const codes = await page.locator('[data-testid="user-error"], [data-testid="field-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    return `error:${(await error.getAttribute('data-error-code')) ?? codes.join(',')} ${(await error.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`;
  }
  return 'none';
}

/** Signs in on the real Keycloak page by way of the portal's /auth/login, and lands on `returnTo`, hydrated. */
export async function login(page: Page, username: string, returnTo: string): Promise<void> {
  await page.goto(`${PORTAL_URL}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.waitForURL(/\/realms\/alliance\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#kc-login').click();
  await page.waitForURL((url) => url.href.startsWith(PORTAL_URL) && url.pathname === returnTo.split('?')[0]);
  await hydrated(page);
  await page.getByTestId('member-name').waitFor();
}

/**
 * Places the checkout on the page (its form already filled) and waits for the page placeOrder leads to;
 * when it does not get there, the error says what the portal flashed instead.
 */
export async function placeOrder(page: Page, leadsTo: RegExp, what: string): Promise<void> {
  await submit(page, page.getByTestId('place-order'));
  await page.waitForURL(leadsTo).catch(async (err: Error) => {
    throw new Error(`placeOrder did not lead to ${what}: ${await flashOf(page)} (${err.message})`);
  });
}

/** Ends a promotion from the merchant's promotions page, so the other journeys on the same stack price as before. */
export async function endPromotion(page: Page, promotionId: string): Promise<void> {
  const card = () => page.locator(`[data-testid="promotion"][data-promotion-id="${promotionId}"]`);
  await open(page, '/merchant/promotions?view=mine');
  await submit(page, card().getByTestId('promotion-end'));
  assert.equal(await flashOf(page), 'ok:ended');
  assert.equal(await card().getAttribute('data-status'), 'ENDED');
}

export interface Journey {
  /** Chromium, once the suite's `before` has launched it. */
  readonly browser: Browser | undefined;
  /** What the browsers said (errors, failed and refused requests, navigations), newest last. */
  readonly log: string[];
  /** The page a failing step screenshots: the last one `personPage` handed out, or the one a step set. */
  current: Page | undefined;
  /** One browser context per person, as on their own phones or desks (a phone unless the viewport is wider). */
  personPage(username: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** A test that, on failure, keeps a screenshot of the page and says what the browser said. */
  step(name: string, fn: () => Promise<void>, getPage?: () => Page | undefined): void;
}

/**
 * A browser journey: call it inside `describe`. It checks the portal answers and launches Chromium before
 * the steps, and closes it after; `name` prefixes the failure screenshots.
 */
export function browserJourney(name: string, { stepTimeout = 120_000 }: { stepTimeout?: number } = {}): Journey {
  let browser: Browser | undefined;
  const pages = new Map<string, Page>();
  const pending = new Map<Request, number>();

  const journey: Journey = {
    get browser() {
      return browser;
    },
    log: [],
    current: undefined,

    async personPage(username, viewport = { width: 390, height: 844 }) {
      const existing = pages.get(username);
      if (existing) return (journey.current = existing);
      assert.ok(browser);
      const context = await browser.newContext({ viewport, locale: 'zh-CN', isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.setDefaultNavigationTimeout(30_000);
      // What the browser said goes into a failing step's message: the post-mortem needs it.
      const log = journey.log;
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') log.push(`${username} console.${m.type()}: ${m.text().slice(0, 300)}`);
      });
      page.on('pageerror', (e) => log.push(`${username} pageerror: ${e.message.slice(0, 300)}`));
      page.on('requestfailed', (r) => log.push(`${username} request failed: ${r.url().slice(0, 120)} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => {
        if (r.status() >= 400) log.push(`${username} HTTP ${r.status()}: ${r.url().slice(0, 120)}`);
      });
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) log.push(`${username} navigated: ${f.url().slice(0, 140)}`);
      });
      page.on('load', () => log.push(`${username} document loaded: ${page.url().slice(0, 120)}`));
      page.on('request', (r) => pending.set(r, Date.now()));
      page.on('requestfinished', (r) => pending.delete(r));
      page.on('requestfailed', (r) => pending.delete(r));
      pages.set(username, page);
      return (journey.current = page);
    },

    step(stepName, fn, getPage = () => journey.current) {
      it(stepName, { timeout: stepTimeout }, async () => {
        try {
          await fn();
        } catch (err) {
          const page = getPage();
          const file = await screenshot(page, `${name}-${stepName}`);
          if (err instanceof Error) {
            if (file) err.message += `\n  (screenshot: ${file}; url: ${page?.url()})`;
            if (page && !page.isClosed()) err.message += `\n  flash on the page: ${await flashOf(page).catch(() => '?')}`;
            if (journey.log.length) err.message += `\n  browser said:\n    ${journey.log.slice(-25).join('\n    ')}`;
            const open = [...pending].map(([r, t]) => `${r.method()} ${r.url().slice(0, 120)} (${Math.round((Date.now() - t) / 1000)} s)`);
            if (open.length) err.message += `\n  requests still pending:\n    ${open.slice(0, 10).join('\n    ')}`;
          }
          throw err;
        }
      });
    },
  };

  before(async () => {
    const health = await fetch(`${PORTAL_URL}/healthz`).catch((err: Error) => err);
    assert.ok(!(health instanceof Error) && health.ok, `portal answers at ${PORTAL_URL}/healthz`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: LAUNCH_ARGS });
  });

  after(async () => {
    await browser?.close();
  });

  return journey;
}
