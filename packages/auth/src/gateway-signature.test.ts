import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sign, verifySignature, type SignedParts } from './gateway-signature.js';

const secret = 'x'.repeat(40);
const parts: SignedParts = {
  timestamp: String(Date.now()),
  allianceId: 'demo',
  authorization: 'Bearer abc',
  query: '{ me { id } }',
  variables: { a: 1 },
};

test('a signature verifies only for the exact parts it signed', () => {
  const sig = sign(secret, parts);
  assert.equal(verifySignature(secret, parts, sig), true);
  assert.equal(verifySignature(secret, { ...parts, allianceId: 'other' }, sig), false);
  assert.equal(verifySignature(secret, { ...parts, authorization: 'Bearer xyz' }, sig), false);
  assert.equal(verifySignature(secret, { ...parts, query: '{ x }' }, sig), false);
  assert.equal(verifySignature(secret, { ...parts, variables: { a: 2 } }, sig), false);
  assert.equal(verifySignature('y'.repeat(40), parts, sig), false);
  assert.equal(verifySignature(secret, parts, undefined), false);
  assert.equal(verifySignature(secret, parts, 'nothex'), false);
});

test('an old signature is refused', () => {
  const old = { ...parts, timestamp: String(Date.now() - 5 * 60_000) };
  assert.equal(verifySignature(secret, old, sign(secret, old)), false);
});
