import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invitationExpiry, invitationLink, isOpen, isTokenShaped, newInvitationToken, ownerReissueOf, passwordProblems, realmRoleOf, tokenHash } from './invitation.rules.js';

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

test("an owner's link is issued again for the newest owner link's account, revoking the unused ones, never once the owner joined", () => {
  const owner = { userId: 'kc-1', username: 'new-owner' };
  const row = (id: string, role: 'MERCHANT_OWNER' | 'MERCHANT_STAFF', use: 'JOINED' | 'REVOKED' | null, email = 'o@shop.cn') => ({ invitation: { id, role, email, owner: role === 'MERCHANT_OWNER' ? owner : null }, use });
  assert.deepEqual(ownerReissueOf([row('b', 'MERCHANT_OWNER', null, 'new@shop.cn'), row('a', 'MERCHANT_OWNER', 'REVOKED')]), { kind: 'REISSUE', email: 'new@shop.cn', owner, revoke: ['b'] });
  assert.deepEqual(ownerReissueOf([row('a', 'MERCHANT_OWNER', null)]), { kind: 'REISSUE', email: 'o@shop.cn', owner, revoke: ['a'] });
  // Expired and unused is still unused: revoking it costs nothing and keeps the rule one.
  assert.deepEqual(ownerReissueOf([row('s', 'MERCHANT_STAFF', 'JOINED'), row('b', 'MERCHANT_OWNER', 'REVOKED'), row('a', 'MERCHANT_OWNER', 'JOINED')]), { kind: 'JOINED' });
  assert.deepEqual(ownerReissueOf([row('s', 'MERCHANT_STAFF', null)]), { kind: 'NONE' });
  assert.deepEqual(ownerReissueOf([]), { kind: 'NONE' });
});
