import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamSettings } from './stream.js';
import { assertEventId, subjectFor } from './envelope.js';

test('one stream for every event, replicas from config, a duplicate window that covers the relay', () => {
  const s = streamSettings({ replicas: 3 });
  assert.deepEqual(s.subjects, ['evt.>']);
  assert.equal(s.num_replicas, 3);
  assert.ok((s.duplicate_window ?? 0) >= 60 * 1e9, 'at least a minute, in nanoseconds');
  assert.equal(subjectFor('catalog.price-changed'), 'evt.catalog.price-changed');
});

test('event ids are deterministic keys that lead with their alliance', () => {
  assert.doesNotThrow(() => assertEventId('demo:catalog:0000000003', 'demo'));
  assert.throws(() => assertEventId('other:catalog:1', 'demo'), /must start with its alliance/);
  assert.throws(() => assertEventId('demo:has space', 'demo'), /must be 1-255/);
});
