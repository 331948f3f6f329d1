import { test } from 'node:test';
import assert from 'node:assert/strict';
import { principalFromClaims } from './auth.js';
import { resolveTenant } from './tenant.js';

const member = principalFromClaims({ sub: 's', alliance_id: 'demo' });
const homeless = principalFromClaims({ sub: 's2' });

test('a signed-in caller acts in the alliance of their token only', () => {
  assert.deepEqual(resolveTenant(member, null, 'fallback'), { ok: true, allianceId: 'demo' });
  assert.deepEqual(resolveTenant(member, 'demo', null), { ok: true, allianceId: 'demo' });
  const other = resolveTenant(member, 'other', null);
  assert.equal(other.ok, false);
  assert.equal(!other.ok && other.code, 'FORBIDDEN');
});

test('a token that names no alliance is refused, whatever the header says', () => {
  for (const requested of [null, 'demo', 'other']) {
    const r = resolveTenant(homeless, requested, 'demo');
    assert.equal(r.ok, false, String(requested));
    assert.equal(!r.ok && r.status, 403);
  }
});

test('anonymous callers choose an alliance, or get the default', () => {
  assert.deepEqual(resolveTenant(null, 'other', 'demo'), { ok: true, allianceId: 'other' });
  assert.deepEqual(resolveTenant(null, null, 'demo'), { ok: true, allianceId: 'demo' });
  assert.equal(resolveTenant(null, null, null).ok, false);
  const bad = resolveTenant(null, 'DROP TABLE', 'demo');
  assert.equal(!bad.ok && bad.code, 'BAD_USER_INPUT');
});
