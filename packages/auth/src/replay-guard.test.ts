import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReplayGuard } from './replay-guard.js';

test('a nonce is accepted once within its window', () => {
  const g = createReplayGuard({ ttlMs: 1000 });
  assert.equal(g.firstUse('n1', 0), true);
  assert.equal(g.firstUse('n1', 10), false);
  assert.equal(g.firstUse('n1', 999), false);
  assert.equal(g.firstUse('n2', 999), true);
});

test('expired nonces are forgotten, so memory stays bounded by the window', () => {
  const g = createReplayGuard({ ttlMs: 1000 });
  for (let i = 0; i < 100; i++) g.firstUse(`a${i}`, i);
  assert.equal(g.size, 100);
  g.firstUse('late', 1098);
  assert.equal(g.size, 2, 'every a* expired except a99');
});

test('a clock stepping back does not resurrect or shorten anything', () => {
  const g = createReplayGuard({ ttlMs: 1000 });
  g.firstUse('x', 5000);
  assert.equal(g.firstUse('x', 100), false);
});

test('when full it refuses new nonces instead of forgetting live ones (fail closed)', () => {
  const g = createReplayGuard({ ttlMs: 1000, maxEntries: 2 });
  assert.equal(g.firstUse('a', 0), true);
  assert.equal(g.firstUse('b', 0), true);
  assert.equal(g.firstUse('c', 0), false);
  assert.equal(g.firstUse('a', 0), false, 'a is still remembered');
  assert.equal(g.firstUse('c', 1000), true, 'room again once the old ones expired');
});
