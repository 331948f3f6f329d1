import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invitationExpiry, invitationLink, isOpen, isTokenShaped, newInvitationToken, passwordProblems, realmRoleOf, tokenHash } from './invitation.rules.js';

test('a token is 32 random bytes in base64url; only its sha256 is kept', () => {
  const a = newInvitationToken();
  const b = newInvitationToken();
  assert.notEqual(a, b);
  assert.equal(Buffer.from(a, 'base64url').length, 32);
  assert.ok(isTokenShaped(a));
  assert.ok(!isTokenShaped(`${a}=`) && !isTokenShaped('short'));
  assert.match(tokenHash(a), /^[0-9a-f]{64}$/);
  assert.notEqual(tokenHash(a), tokenHash(b));
  assert.equal(invitationLink('https://portal.example/', a), `https://portal.example/invite/${a}`);
});

test('an invitation is open for 7 days until it is accepted', () => {
  const made = new Date('2025-06-01T00:00:00Z');
  const expiresAt = invitationExpiry(made);
  assert.equal(expiresAt.toISOString(), '2025-06-08T00:00:00.000Z');
  assert.equal(isOpen({ expiresAt }, false, new Date('2025-06-07T23:59:59Z')), true);
  assert.equal(isOpen({ expiresAt }, false, expiresAt), false);
  assert.equal(isOpen({ expiresAt }, true, made), false);
});

test('passwords: at least 8 characters; roles map to realm roles', () => {
  assert.deepEqual(passwordProblems('1234567').map((p) => `${p.code}@${p.field}`), ['WEAK_PASSWORD@password']);
  assert.deepEqual(passwordProblems('12345678'), []);
  assert.equal(realmRoleOf('MERCHANT_OWNER'), 'merchant-owner');
  assert.equal(realmRoleOf('MERCHANT_STAFF'), 'merchant-staff');
});
