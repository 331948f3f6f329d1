/**
 * The portal `npm test` started, over plain HTTP: security headers on every kind of response, a
 * per-response script nonce, and the same-origin rule for requests that change state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PORTAL_URL as portalUrl } from './harness';

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${portalUrl}${path}`, { headers, redirect: 'manual' });

function assertHardened(res: Response, what: string): void {
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', `${what}: referrer policy`);
}

test('pages carry a CSP with frame-ancestors none and a fresh nonce their scripts use', async () => {
  const [a, b] = await Promise.all([get('/'), get('/')]);
  for (const res of [a, b]) {
    assert.equal(res.status, 200);
    assertHardened(res, 'page');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0);
    for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`), `script carries the nonce: ${s.slice(0, 120)}`);
  }
  const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
  assert.notEqual(nonceOf(a), nonceOf(b), 'one nonce per response');
});

test('routes, redirects and build assets are hardened too', async () => {
  const health = await get('/healthz');
  assertHardened(health, '/healthz');
  assert.match(health.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  const login = await get('/auth/login');
  assert.equal(login.status, 303);
  assertHardened(login, '/auth/login');
  const html = await (await get('/')).text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  assert.ok(asset, 'the page links a build asset');
  assertHardened(await get(asset), asset);
});

test('state-changing requests are accepted from the portal itself only', async () => {
  const logout = (headers: Record<string, string>) => fetch(`${portalUrl}/auth/logout`, { method: 'POST', headers, redirect: 'manual' });
  assert.equal((await logout({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).status, 403);
  assert.equal((await logout({ origin: 'https://evil.example' })).status, 403);
  assert.equal((await logout({})).status, 403, 'neither Sec-Fetch-Site nor Origin');
  const own = await logout({ 'sec-fetch-site': 'same-origin', origin: new URL(portalUrl).origin });
  assert.equal(own.status, 303);
  assert.equal((await get('/lang?to=en&returnTo=/', { 'sec-fetch-site': 'cross-site' })).status, 403);
  const lang = await get('/lang?to=en&returnTo=/', { 'sec-fetch-site': 'same-origin' });
  assert.equal(lang.status, 303);
  assert.match(lang.headers.get('set-cookie') ?? '', /lang=en/);
});
