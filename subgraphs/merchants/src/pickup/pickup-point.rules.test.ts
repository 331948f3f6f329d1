import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickupPointProblems, pickupPointsProjection, visiblePoints, type PickupPoint, type PickupPointFact } from './pickup-point.rules.js';

const point = (id: string, neighborhood: string): PickupPoint => ({ id, name: id, neighborhood, address: 'a', openingHours: 'h', leaderUsername: 'leader', open: true });
const fold = (facts: PickupPointFact[]) => facts.reduce(pickupPointsProjection.evolve, pickupPointsProjection.initial);

test('facts fold into the list: added, updated, closed, reopened', () => {
  const list = fold([
    { added: point('a', '翠苑一区') },
    { added: point('b', '文新小区') },
    { updated: { id: 'a', name: '东门', neighborhood: '翠苑一区', address: 'x', openingHours: 'y', leaderUsername: null } },
    { closed: 'b' },
  ]);
  assert.deepEqual(list.map((p) => [p.id, p.name, p.leaderUsername, p.open]), [['a', '东门', null, true], ['b', 'b', 'leader', false]]);
  assert.equal(fold([{ added: point('b', 'x') }, { closed: 'b' }, { reopened: 'b' }])[0]!.open, true);
});

test('shoppers see open points of their neighbourhood; admins also closed ones', () => {
  const list = [point('a', '翠苑一区'), { ...point('b', '翠苑一区'), open: false }, point('c', '文新小区')];
  assert.deepEqual(visiblePoints(list, '翠苑一区', false).map((p) => p.id), ['a']);
  assert.deepEqual(visiblePoints(list, ' 翠苑一区 ', true).map((p) => p.id), ['a', 'b']);
  assert.deepEqual(visiblePoints(list, null, false).map((p) => p.id), ['a', 'c']);
});

test('every field is required and bounded; a leader is a username', () => {
  const ok = { name: 'n', neighborhood: 'h', address: 'a', openingHours: 'o', leaderUsername: 'leader' };
  assert.deepEqual(pickupPointProblems(ok), []);
  assert.deepEqual(pickupPointProblems({ ...ok, leaderUsername: null }), []);
  assert.deepEqual(pickupPointProblems({ ...ok, address: 'x'.repeat(101), leaderUsername: 'Bad Name' }).map((p) => p.field!.join('.')), ['input.address', 'input.leaderUsername']);
});
