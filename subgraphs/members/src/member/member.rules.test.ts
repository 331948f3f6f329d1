import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalFromClaims } from '@alliance/auth';
import { isMerchantId, memberIdFor, normalizeNeighborhood, profileChanged, profileFromPrincipal } from './member.rules.js';

test('display name comes from the token, falling back to the username', () => {
  const p = principalFromClaims({ sub: 's1', preferred_username: 'alice', given_name: 'Alice', family_name: 'Wang' });
  assert.deepEqual(profileFromPrincipal(p), { username: 'alice', displayName: 'Alice Wang' });
  const q = principalFromClaims({ sub: 's2', preferred_username: 'bob' });
  assert.deepEqual(profileFromPrincipal(q), { username: 'bob', displayName: 'bob' });
});

test('roles outside the alliance model are ignored; merchant ids always a list', () => {
  const p = principalFromClaims({ sub: 's', realm_access: { roles: ['shopper', 'offline_access'] }, merchant_ids: 'm-fruit' });
  assert.deepEqual(p.roles, ['shopper']);
  assert.deepEqual(p.merchantIds, ['m-fruit']);
  assert.throws(() => principalFromClaims({}));
});

test('profile writes happen only on change', () => {
  assert.equal(profileChanged({ username: 'a', displayName: 'A' }, { username: 'a', displayName: 'A' }), false);
  assert.equal(profileChanged({ username: 'a', displayName: 'A' }, { username: 'a', displayName: 'B' }), true);
});

test('merchant ids are short slugs', () => {
  assert.equal(isMerchantId('m-fruit'), true);
  assert.equal(isMerchantId(''), false);
  assert.equal(isMerchantId('$where'), false);
  assert.equal(isMerchantId('x'.repeat(65)), false);
});

test('member ids are derived from the alliance and the subject, and do not reveal the subject', () => {
  const a = memberIdFor('demo', 'f3c1-subject');
  assert.equal(a, memberIdFor('demo', 'f3c1-subject'));
  assert.notEqual(a, memberIdFor('other', 'f3c1-subject'));
  assert.notEqual(a, memberIdFor('demo', 'f3c1-subjecT'));
  assert.match(a, /^mem_[0-9a-f]{24}$/);
  assert.ok(!a.includes('f3c1'));
});

test('a home neighbourhood is trimmed; empty clears it; overlong is refused', () => {
  assert.deepEqual(normalizeNeighborhood(' 翠苑一区 '), { ok: true, value: '翠苑一区' });
  assert.deepEqual(normalizeNeighborhood(''), { ok: true, value: null });
  assert.deepEqual(normalizeNeighborhood(null), { ok: true, value: null });
  assert.equal(normalizeNeighborhood('小'.repeat(41)).ok, false);
});
