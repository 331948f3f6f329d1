import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seal, unseal } from './seal';

const secret = 'a-test-secret-that-is-long-enough-123456';

test('round-trips a payload', () => {
  const sealed = seal({ a: 1, b: 'x' }, { secret, purpose: 'session', ttlSeconds: 60 });
  const opened = unseal<{ a: number; b: string }>(sealed, { secret, purpose: 'session' });
  assert.equal(opened?.a, 1);
  assert.equal(opened?.b, 'x');
});

test('refuses another purpose, another secret, tampering and expiry', () => {
  const sealed = seal({ a: 1 }, { secret, purpose: 'session', ttlSeconds: 60 });
  assert.equal(unseal(sealed, { secret, purpose: 'auth-flow' }), undefined);
  assert.equal(unseal(sealed, { secret: `${secret}x`, purpose: 'session' }), undefined);
  const mid = Math.floor(sealed.length / 2);
  const flipped = sealed[mid] === 'A' ? 'B' : 'A';
  const tampered = sealed.slice(0, mid) + flipped + sealed.slice(mid + 1);
  assert.equal(unseal(tampered, { secret, purpose: 'session' }), undefined);
  assert.equal(unseal('garbage', { secret, purpose: 'session' }), undefined);
  const expired = seal({ a: 1 }, { secret, purpose: 'session', ttlSeconds: -1 });
  assert.equal(unseal(expired, { secret, purpose: 'session' }), undefined);
});
