import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signOffset, verifyOffset } from './dev-clock.js';

const secret = 'a-stack-secret-of-at-least-32-characters';

test('a signed offset verifies with the same secret only', () => {
  const v = JSON.stringify(signOffset(secret, 86_400_000));
  assert.equal(verifyOffset(secret, v), 86_400_000);
  assert.equal(verifyOffset('another-secret-of-at-least-32-characters', v), null);
});

test('a tampered, malformed or non-integer offset is refused', () => {
  const signed = signOffset(secret, 1000);
  assert.equal(verifyOffset(secret, JSON.stringify({ ...signed, offsetMs: 2000 })), null);
  assert.equal(verifyOffset(secret, JSON.stringify({ ...signed, sig: 'zz' })), null);
  assert.equal(verifyOffset(secret, 'not json'), null);
  assert.equal(verifyOffset(secret, '{"offsetMs":1.5,"issuedAt":"x","sig":"00"}'), null);
  assert.throws(() => signOffset(secret, 1.5), RangeError);
});
