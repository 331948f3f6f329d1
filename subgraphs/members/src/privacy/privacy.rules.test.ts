import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmsErasure, erasedUsername } from './privacy.rules.js';

test('an erasure is confirmed by typing 确认注销 (or ERASE), nothing else', () => {
  assert.equal(confirmsErasure('确认注销'), true);
  assert.equal(confirmsErasure(' ERASE '), true);
  for (const no of ['', 'yes', 'erase', '注销', 'ERASE ME']) assert.equal(confirmsErasure(no), false, no);
});

test('an erased username keeps nothing of the one she chose', () => {
  assert.equal(erasedUsername('mem_0123456789abcdef01234567'), 'erased-01234567');
});
