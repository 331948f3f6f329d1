import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUP_WINDOW_MS, groupProjection, joinRefusal, shouldFail, type GroupFact, type GroupState } from './group.rules.js';

const t0 = Date.parse('2026-11-29T08:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
const opened: GroupFact = { type: 'OPENED', groupId: 'g1', allianceId: 'demo', promotionId: 'pr-1', size: 3, deadline: at(GROUP_WINDOW_MS), member: { memberId: 'alice', checkoutId: 'co-a', at: at(0) } };
const fold = (facts: GroupFact[]) => facts.reduce<GroupState | null>((s, f) => groupProjection.evolve(s, f), null)!;

test('a group fills with its size-th member, and nobody joins after', () => {
  const g = fold([opened, { type: 'JOINED', member: { memberId: 'bob', checkoutId: 'co-b', at: at(10) } }]);
  assert.equal(g.status, 'OPEN');
  assert.equal(joinRefusal(g, 'carol', 'co-c', t0 + 20), null);
  const full = groupProjection.evolve(g, { type: 'JOINED', member: { memberId: 'carol', checkoutId: 'co-c', at: at(20) } })!;
  assert.equal(full.status, 'FILLED');
  assert.equal(joinRefusal(full, 'dave', 'co-d', t0 + 30), 'GROUP_FULL');
  assert.equal(joinRefusal(full, 'carol', 'co-c', t0 + 30), 'ALREADY_JOINED');
});

test('one member joins once; nobody joins after the deadline, when an open group fails', () => {
  const g = fold([opened]);
  assert.equal(joinRefusal(g, 'alice', 'co-a2', t0 + 10), 'ALREADY_IN_GROUP');
  assert.equal(joinRefusal(g, 'bob', 'co-b', t0 + GROUP_WINDOW_MS), 'GROUP_EXPIRED');
  assert.equal(shouldFail(g, t0 + GROUP_WINDOW_MS - 1), false);
  assert.equal(shouldFail(g, t0 + GROUP_WINDOW_MS), true);
  const failed = groupProjection.evolve(g, { type: 'FAILED', at: at(GROUP_WINDOW_MS) })!;
  assert.deepEqual([failed.status, failed.checkoutIds], ['FAILED', ['co-a']]);
  assert.equal(joinRefusal(null, 'bob', 'co-b', t0), 'UNKNOWN_GROUP');
});

test('a member whose checkout was abandoned leaves, freeing her place', () => {
  const g = fold([opened, { type: 'JOINED', member: { memberId: 'bob', checkoutId: 'co-b', at: at(10) } }, { type: 'LEFT', checkoutId: 'co-b', at: at(20) }]);
  assert.deepEqual(g.members.map((m) => m.memberId), ['alice']);
  assert.equal(joinRefusal(g, 'bob', 'co-b2', t0 + 30), null);
});
