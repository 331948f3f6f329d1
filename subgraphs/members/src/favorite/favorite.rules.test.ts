import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideFollow, favoritesProjection, type FavoriteFact } from './favorite.rules.js';

const fold = (facts: FavoriteFact[]) => facts.reduce(favoritesProjection.evolve, favoritesProjection.initial);

test('follows keep their order; unfollow removes; repeats change nothing', () => {
  assert.deepEqual(fold([{ follow: 'm1' }, { follow: 'm2' }, { follow: 'm1' }, { unfollow: 'm3' }]), ['m1', 'm2']);
  assert.deepEqual(fold([{ follow: 'm1' }, { follow: 'm2' }, { unfollow: 'm1' }]), ['m2']);
});

test('a click appends a fact only when it changes the state', () => {
  assert.deepEqual(decideFollow([], 'm1', true), { follow: 'm1' });
  assert.equal(decideFollow(['m1'], 'm1', true), null);
  assert.deepEqual(decideFollow(['m1'], 'm1', false), { unfollow: 'm1' });
  assert.equal(decideFollow([], 'm1', false), null);
});
