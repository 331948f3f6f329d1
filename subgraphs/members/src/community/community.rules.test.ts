import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixOf, postProblems } from './community.rules.js';

test('the mix against 70/20/10, and what to post next', () => {
  assert.equal(mixOf({ VALUE: 0, INTERACTION: 0, PROMOTION: 0 }).advice, 'START_POSTING');
  assert.deepEqual(mixOf({ VALUE: 7, INTERACTION: 2, PROMOTION: 1 }), { total: 10, percent: { VALUE: 70, INTERACTION: 20, PROMOTION: 10 }, advice: 'BALANCED' });
  assert.equal(mixOf({ VALUE: 5, INTERACTION: 2, PROMOTION: 3 }).advice, 'FEWER_PROMOTIONS');
  assert.equal(mixOf({ VALUE: 5, INTERACTION: 5, PROMOTION: 1 }).advice, 'MORE_VALUE');
  assert.equal(mixOf({ VALUE: 9, INTERACTION: 0, PROMOTION: 1 }).advice, 'MORE_INTERACTION');
});

test('posts: 1 to 1000 characters; a promotion post names its promotion', () => {
  assert.deepEqual(postProblems('VALUE', '  ', null).map((p) => p.code), ['INVALID_TEXT']);
  assert.deepEqual(postProblems('PROMOTION', '周末水果节', null).map((p) => p.code), ['PROMOTION_REQUIRED']);
  assert.deepEqual(postProblems('PROMOTION', '周末水果节', 'pr-1'), []);
});
