import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EFFECTIVE_GRACE_MS, cancellationProblem, cancelUserError, effectiveFromOf, foldSettingFacts, policyInForce, versionStatus, type SettingVersion } from './versioned-setting.js';

const v = (version: number, effectiveFrom: number): SettingVersion<{ n: number }> => ({ version, values: { n: version }, effectiveFrom, setAt: null, setBy: null });

test('none in force: no versions, or only future ones', () => {
  assert.equal(policyInForce([], 1e15), null);
  assert.equal(policyInForce([v(1, 100), v(2, 200)], 99), null);
});

test('a version is in force from its own instant on, not a millisecond before', () => {
  const versions = [v(1, 100)];
  assert.equal(policyInForce(versions, 99), null);
  assert.equal(policyInForce(versions, 100)?.version, 1);
});

test('a future version waits for its time while the earlier one stays in force', () => {
  const versions = [v(1, 100), v(2, 500)];
  assert.equal(policyInForce(versions, 499)?.version, 1);
  assert.equal(policyInForce(versions, 500)?.version, 2);
  assert.equal(versionStatus(versions, versions[1]!, 499), 'SCHEDULED');
  assert.equal(versionStatus(versions, versions[0]!, 499), 'IN_FORCE');
  assert.equal(versionStatus(versions, versions[0]!, 500), 'SUPERSEDED');
});

test('several versions: the latest effective date wins whatever the saving order, the higher version on the same instant', () => {
  const versions = [v(0, 0), v(1, 300), v(2, 200), v(3, 300), v(4, 900)];
  assert.equal(policyInForce(versions, 50)?.version, 0, 'the pre-versions setting, in force since ever');
  assert.equal(policyInForce(versions, 250)?.version, 2);
  assert.equal(policyInForce(versions, 300)?.version, 3, 'saved later for the same instant');
  assert.equal(policyInForce(versions, 899)?.version, 3);
  assert.equal(policyInForce(versions, 900)?.version, 4);
  assert.equal(versionStatus(versions, versions[1]!, 250), 'SCHEDULED');
  assert.equal(versionStatus(versions, versions[1]!, 300), 'SUPERSEDED', 'never in force: a later save took its instant');
});

test('effective from: left out is now; a minute in the past is grace, more is refused; a non-date is refused', () => {
  const now = Date.parse('2025-06-01T10:00:00Z');
  assert.deepEqual(effectiveFromOf(null, now), { ms: now });
  assert.deepEqual(effectiveFromOf(undefined, now), { ms: now });
  assert.deepEqual(effectiveFromOf(new Date(now - EFFECTIVE_GRACE_MS), now), { ms: now - EFFECTIVE_GRACE_MS });
  assert.deepEqual(effectiveFromOf(new Date(now - EFFECTIVE_GRACE_MS - 1).toISOString(), now), { problem: 'EFFECTIVE_IN_PAST' });
  assert.deepEqual(effectiveFromOf('2025-07-01T00:00:00+08:00', now), { ms: Date.parse('2025-06-30T16:00:00Z') });
  assert.deepEqual(effectiveFromOf('next week', now), { problem: 'INVALID_DATE' });
});

test('a cancelled version is never in force and is listed as cancelled; the one before it stays in force', () => {
  const versions = foldSettingFacts([v(1, 100), v(2, 500), { cancels: 2, setAt: '2025-06-01T00:00:00.000Z', setBy: 'admin' }, v(4, 700)]);
  assert.deepEqual(
    versions.map((x) => [x.version, x.cancelledAt ?? null, x.cancelledBy ?? null]),
    [
      [1, null, null],
      [2, '2025-06-01T00:00:00.000Z', 'admin'],
      [4, null, null],
    ],
    'the cancellation took position 3: no version 3, and the next save is 4',
  );
  assert.equal(policyInForce(versions, 600)?.version, 1, 'version 2 skipped');
  assert.equal(policyInForce(versions, 700)?.version, 4);
  assert.equal(versionStatus(versions, versions[1]!, 100), 'CANCELLED');
  assert.equal(versionStatus(versions, versions[1]!, 600), 'CANCELLED', 'still cancelled once its instant has passed');
  assert.equal(versionStatus(versions, versions[0]!, 600), 'IN_FORCE');
  assert.equal(versionStatus(versions, versions[2]!, 600), 'SCHEDULED');
});

test('only all-cancelled versions: none in force (the defaults or the pre-versions setting)', () => {
  const versions = foldSettingFacts([v(1, 100), { cancels: 1, setAt: 'x', setBy: 'a' }]);
  assert.equal(policyInForce(versions, 1e15), null);
});

test('a cancellation of an unknown version, or a second one, changes nothing', () => {
  const once = foldSettingFacts([v(1, 100), { cancels: 1, setAt: 'first', setBy: 'a' }, { cancels: 1, setAt: 'second', setBy: 'b' }, { cancels: 9, setAt: 'x', setBy: 'c' }]);
  assert.deepEqual(
    once.map((x) => [x.version, x.cancelledAt, x.cancelledBy]),
    [[1, 'first', 'a']],
  );
});

test('what can be cancelled: a version that exists, is not cancelled and is still to come', () => {
  const versions = [v(0, 0), v(1, 100), { ...v(2, 500), cancelledAt: 'x' }, v(3, 900)];
  assert.equal(cancellationProblem(versions, 3, 899), null);
  assert.equal(cancellationProblem(versions, 3, 900), 'NOT_SCHEDULED', 'from its instant on it may have priced something');
  assert.equal(cancellationProblem(versions, 1, 200), 'NOT_SCHEDULED', 'in force');
  assert.equal(cancellationProblem(versions, 0, 200), 'NOT_SCHEDULED', 'the pre-versions setting');
  assert.equal(cancellationProblem(versions, 2, 200), 'ALREADY_CANCELLED', 'even while still to come');
  assert.equal(cancellationProblem(versions, 7, 200), 'NOT_FOUND');
  assert.deepEqual(cancelUserError('NOT_FOUND', 7).field, ['version']);
});
