import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupPathOf, mixRows, postFieldsOf } from './community-view';

const form = (o: Record<string, string>) => new Map(Object.entries(o));

test('the mix is set against 70/20/10 kind by kind', () => {
  assert.deepEqual(mixRows({ total: 10, value: 50, interaction: 20, promotion: 30 }), [
    { kind: 'VALUE', percent: 50, guideline: 70, gap: -20 },
    { kind: 'INTERACTION', percent: 20, guideline: 20, gap: 0 },
    { kind: 'PROMOTION', percent: 30, guideline: 10, gap: 20 },
  ]);
});

test('a post keeps its promotion id only when it is a PROMOTION post; an unknown kind is a tip', () => {
  assert.deepEqual(postFieldsOf(form({ kind: 'PROMOTION', text: ' 周末满减 ', promotionId: 'promo-1' })), { kind: 'PROMOTION', text: '周末满减', promotionId: 'promo-1' });
  assert.deepEqual(postFieldsOf(form({ kind: 'VALUE', text: '桃子常温放两天更甜', promotionId: 'promo-1' })), { kind: 'VALUE', text: '桃子常温放两天更甜', promotionId: null });
  assert.deepEqual(postFieldsOf(form({ kind: 'SPAM', text: 'x' })), { kind: 'VALUE', text: 'x', promotionId: null });
  assert.deepEqual(postFieldsOf(form({ kind: 'PROMOTION', text: 'x' })), { kind: 'PROMOTION', text: 'x', promotionId: null });
});

test('a share link opens on this portal whatever host it names', () => {
  assert.equal(groupPathOf('http://localhost:3000/community/grp_1', 'grp_1'), '/community/grp_1');
  assert.equal(groupPathOf('https://portal.example/other/grp_1', 'grp_1'), '/community/grp_1');
  assert.equal(groupPathOf('not a url', 'a b'), '/community/a%20b');
});
