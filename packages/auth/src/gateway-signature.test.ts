import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignature, newNonce, sign, signedHeaders, verifySignature, MAX_SKEW_MS, type SignedParts } from './gateway-signature.js';

const secret = 'x'.repeat(40);
const parts: SignedParts = {
  target: 'merchants',
  timestamp: String(Date.now()),
  nonce: newNonce(),
  allianceId: 'demo',
  authorization: 'Bearer abc',
  query: '{ me { id } }',
  operationName: 'Me',
  variables: { a: 1 },
};

test('a signature verifies only for the exact parts it signed', () => {
  const sig = sign(secret, parts);
  assert.equal(verifySignature(secret, parts, sig), true);
  const changed: Partial<SignedParts>[] = [
    { target: 'members' },
    { nonce: newNonce() },
    { allianceId: 'other' },
    { authorization: 'Bearer xyz' },
    { authorization: '' },
    { query: '{ x }' },
    { operationName: 'Other' },
    { operationName: null },
    { variables: { a: 2 } },
    { variables: null },
    { timestamp: String(Number(parts.timestamp) + 1) },
  ];
  for (const change of changed) assert.equal(verifySignature(secret, { ...parts, ...change }, sig), false, JSON.stringify(change));
  assert.equal(verifySignature('y'.repeat(40), parts, sig), false);
  assert.equal(verifySignature(secret, parts, undefined), false);
  assert.equal(verifySignature(secret, parts, 'nothex'), false);
});

test('a signature is bound to its subgraph: one signed for merchants fails at members', () => {
  const sig = sign(secret, parts);
  assert.deepEqual(checkSignature(secret, { ...parts, target: 'members' }, sig), { ok: false, reason: 'bad-signature' });
});

test('a timestamp outside the skew window, or a missing nonce, is refused before any HMAC', () => {
  // One instant for signing and checking: on a loaded machine a millisecond between two Date.now()
  // calls would pull a timestamp just past the window back inside it.
  const now = Date.now();
  for (const offset of [-MAX_SKEW_MS - 1, MAX_SKEW_MS + 1]) {
    const p = { ...parts, timestamp: String(now + offset) };
    assert.deepEqual(checkSignature(secret, p, sign(secret, p), now), { ok: false, reason: 'stale' });
  }
  for (const nonce of ['', 'short', 'has spaces in it!!!!']) {
    const p = { ...parts, nonce };
    assert.deepEqual(checkSignature(secret, p, sign(secret, p)), { ok: false, reason: 'malformed' });
  }
  const p = { ...parts, timestamp: '1e3' };
  assert.equal(checkSignature(secret, p, sign(secret, p)).ok, false);
});

test('signedHeaders carries a fresh nonce each time and verifies with the same parts', () => {
  const base = { target: 'members', allianceId: 'demo', authorization: '', query: '{ x }', variables: null };
  const a = signedHeaders(secret, base);
  const b = signedHeaders(secret, base);
  assert.notEqual(a['x-gateway-nonce'], b['x-gateway-nonce']);
  const ok = verifySignature(secret, { ...base, timestamp: a['x-gateway-ts']!, nonce: a['x-gateway-nonce']! }, a['x-gateway-signature']);
  assert.equal(ok, true);
});

test('what a check costs (printed, not asserted)', () => {
  // A realistic subgraph request: a ~1.5 KB planned query, a JWT and a few variables.
  const query = `query Storefront($first: Int, $after: String) { storefront(first: $first, after: $after) { ${'edges { node { id name price { amountFen currency } merchant { id } } } '.repeat(20)} } }`;
  const p: SignedParts = { ...parts, query, authorization: `Bearer ${'e'.repeat(900)}`, variables: { first: 24, after: null } };
  const sig = sign(secret, p);
  const n = 20_000;
  for (let i = 0; i < 2000; i++) checkSignature(secret, p, sig);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) checkSignature(secret, p, sig);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  console.log(`# checkSignature: ${us.toFixed(2)} µs per verify (query ${query.length} B)`);
  assert.ok(us < 1000);
});
