import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCallerMember, memberIdFor } from './member-id.js';

test('only the member herself is the caller of her record: not another member, a service or anonymous', () => {
  const id = memberIdFor('demo', 'sub-alice');
  assert.equal(isCallerMember({ allianceId: 'demo', principal: { subject: 'sub-alice' } }, id), true);
  assert.equal(isCallerMember({ allianceId: 'demo', principal: { subject: 'sub-bob' } }, id), false);
  assert.equal(isCallerMember({ allianceId: 'other', principal: { subject: 'sub-alice' } }, id), false, 'another alliance');
  assert.equal(isCallerMember({ allianceId: 'demo', principal: { subject: 'sub-alice', service: 'svc-members' } }, id), false);
  assert.equal(isCallerMember({ allianceId: 'demo', principal: null }, id), false);
});
