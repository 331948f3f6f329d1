import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideStatus, isNewerStatus, reasonProblems, statusProjection } from './suspension.rules.js';

const at = new Date('2025-06-01T02:00:00Z');

test('suspending an active shop is a fact; suspending a suspended one is nothing', () => {
  const fact = decideStatus(statusProjection.initial, 'SUSPENDED', '食品许可证过期', at, 'admin');
  assert.deepEqual(fact, { status: 'SUSPENDED', reason: '食品许可证过期', at: at.toISOString(), actor: 'admin' });
  const suspended = statusProjection.evolve(statusProjection.initial, fact!);
  assert.equal(decideStatus(suspended, 'SUSPENDED', 'again', at, 'admin'), null);
  const reinstated = decideStatus(suspended, 'ACTIVE', 'ignored', at, 'admin');
  assert.deepEqual(reinstated, { status: 'ACTIVE', reason: null, at: at.toISOString(), actor: 'admin' });
  assert.equal(decideStatus(statusProjection.initial, 'ACTIVE', null, at, 'admin'), null);
});

test('a reason is required and short', () => {
  assert.deepEqual(reasonProblems('  ').map((p) => p.code), ['INVALID_REASON']);
  assert.deepEqual(reasonProblems('x'.repeat(201)).map((p) => p.code), ['INVALID_REASON']);
  assert.deepEqual(reasonProblems('投诉较多'), []);
});

test('the document copies only a newer status version', () => {
  assert.equal(isNewerStatus(undefined, 1), true);
  assert.equal(isNewerStatus(2, 2), false);
  assert.equal(isNewerStatus(3, 2), false);
});
