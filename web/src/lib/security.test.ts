import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesState, contentSecurityPolicy, isSameOriginRequest } from './security';

const own = ['http://localhost:3000'];

test('the CSP allows only this response\'s scripts, no framing, and forms to us and Keycloak', () => {
  const csp = contentSecurityPolicy({ nonce: 'abc123', keycloakUrl: 'https://id.example.com/realms', development: false, https: true });
  const d = new Map(csp.split('; ').map((x) => [x.split(' ')[0], x]));
  assert.equal(d.get('frame-ancestors'), "frame-ancestors 'none'");
  assert.equal(d.get('script-src'), "script-src 'self' 'nonce-abc123' 'strict-dynamic'");
  assert.equal(d.get('form-action'), "form-action 'self' https://id.example.com");
  assert.equal(d.get('object-src'), "object-src 'none'");
  assert.equal(d.get('base-uri'), "base-uri 'self'");
  assert.ok(d.has('upgrade-insecure-requests'));
  assert.ok(!csp.includes('unsafe-eval'));
  assert.ok(!/script-src[^;]*unsafe-inline/.test(csp));
  const dev = contentSecurityPolicy({ nonce: 'n', keycloakUrl: 'http://localhost:8080', development: true, https: false });
  assert.match(dev, /'unsafe-eval'/);
  assert.ok(!dev.includes('upgrade-insecure-requests'));
});

test('product photos load from the media host and uploads go to object storage, nothing else', () => {
  const csp = contentSecurityPolicy({ nonce: 'n', keycloakUrl: 'http://localhost:8080', development: false, https: false, mediaOrigin: 'https://img.example.com/photos', uploadOrigin: 'http://127.0.0.1:8333' });
  const d = new Map(csp.split('; ').map((x) => [x.split(' ')[0], x]));
  assert.equal(d.get('img-src'), "img-src 'self' data: blob: https://img.example.com");
  assert.equal(d.get('connect-src'), "connect-src 'self' http://127.0.0.1:8333");
  const without = contentSecurityPolicy({ nonce: 'n', keycloakUrl: 'http://localhost:8080', development: false, https: false });
  assert.ok(without.includes("img-src 'self' data: blob:;") && without.includes("connect-src 'self';"));
});

test('state-changing requests pass only from our own pages', () => {
  const post = (secFetchSite: string | null, origin: string | null) => isSameOriginRequest({ method: 'POST', secFetchSite, origin, ownOrigins: own });
  assert.equal(post('same-origin', 'http://localhost:3000'), true);
  assert.equal(post('none', null), true, 'typed or bookmarked by the member');
  assert.equal(post('cross-site', 'https://evil.example'), false);
  assert.equal(post('same-site', 'http://localhost:4000'), false, 'a sibling site is not us');
  // Browsers without Fetch Metadata: the Origin decides.
  assert.equal(post(null, 'http://localhost:3000'), true);
  assert.equal(post(null, 'https://evil.example'), false);
  assert.equal(post(null, 'null'), false, 'sandboxed frames and data: URLs');
  assert.equal(post(null, null), false, 'a POST with neither header is refused');
  assert.equal(isSameOriginRequest({ method: 'GET', secFetchSite: null, origin: null, ownOrigins: own }), true);
  assert.equal(isSameOriginRequest({ method: 'GET', secFetchSite: 'cross-site', origin: null, ownOrigins: own }), false);
});

test('which requests change state', () => {
  assert.equal(changesState('POST', '/auth/logout'), true);
  assert.equal(changesState('DELETE', '/anything'), true);
  assert.equal(changesState('GET', '/lang'), true, 'sets the language cookie');
  assert.equal(changesState('GET', '/'), false);
  assert.equal(changesState('GET', '/auth/callback'), false, 'Keycloak sends the browser back cross-site; state and PKCE protect it');
});
