import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chinaDay } from '@alliance/runtime/china-time';
import { consentProjection, decideConsent, isUnder14, normalizePurposes, parseBirthDate, pseudonymFor, receivedValues, shopView, spendTierOf, type ConsentFact, type ConsentState, type Purpose } from './consent.rules.js';

const at = '2026-11-29T02:00:00.000Z';
const member = { id: 'mem_aaaaaaaaaaaaaaaaaaaaaaaa', displayName: 'Alice Wang', phone: '13800000001', homeNeighborhood: '翠苑一区' };
const orders = { 'm-fruit': { orders: 2, spendFen: 5_000, lastAt: at }, 'm-bakery': { orders: 3, spendFen: 12_000, lastAt: at } };

function fold(...facts: Array<ConsentFact | null>): ConsentState {
  return facts.reduce<ConsentState>((s, f) => (f ? consentProjection.evolve(s, f) : s), consentProjection.initial);
}
const change = (s: ConsentState, merchantId: string, purposes: Purpose[], grant: boolean) => decideConsent(s, { merchantId, purposes, grant, at, shopName: merchantId === 'm-fruit' ? '鲜果时光水果店' : '麦香烘焙' });

test('a grant records the purposes that change, with the text shown naming the shop; repeating it changes nothing', () => {
  const g = change(consentProjection.initial, 'm-fruit', ['PROFILE', 'MARKETING'], true)!;
  assert.equal(g.action, 'GRANTED');
  assert.deepEqual(g.purposes, ['PROFILE', 'MARKETING']);
  assert.match(g.texts[0]!, /鲜果时光水果店/);
  assert.match(g.texts[0]!, /姓名、手机号/);
  const s = fold(g);
  assert.equal(change(s, 'm-fruit', ['PROFILE'], true), null, 'granting what is granted is not a change');
  assert.deepEqual(change(s, 'm-fruit', ['PROFILE', 'ORDER_HISTORY'], true)!.purposes, ['ORDER_HISTORY']);
  assert.equal(change(s, 'm-bakery', ['PROFILE'], false), null, 'revoking what was never granted is not a change');
});

test('purposes: at least one, known ones only, each counted once', () => {
  assert.deepEqual(normalizePurposes(['MARKETING', 'PROFILE']), ['PROFILE', 'MARKETING']);
  assert.equal(normalizePurposes([]), null);
  assert.deepEqual(normalizePurposes(['PROFILE', 'PROFILE']), ['PROFILE']);
  assert.equal(normalizePurposes(['EVERYTHING']), null);
});

/**
 * The consent matrix, field by field: for every combination of granted purposes at the viewing shop, a
 * shop sees exactly the fields of those purposes; another shop, and an under-14 member without a
 * guardian, see nothing at all.
 */
test('the consent matrix: every field under every consent state, own shop and other shop', () => {
  const combos: Purpose[][] = [[], ['PROFILE'], ['ORDER_HISTORY'], ['MARKETING'], ['PROFILE', 'ORDER_HISTORY'], ['PROFILE', 'MARKETING'], ['ORDER_HISTORY', 'MARKETING'], ['PROFILE', 'ORDER_HISTORY', 'MARKETING']];
  for (const granted of combos) {
    for (const revokedAfter of [false, true]) {
      let s = fold(granted.length ? change(consentProjection.initial, 'm-fruit', granted, true) : null);
      if (revokedAfter && granted.length) s = fold(...[change(consentProjection.initial, 'm-fruit', granted, true), change(s, 'm-fruit', granted, false)]);
      const effective = revokedAfter ? [] : granted;
      const own = shopView(member, s, 'm-fruit', orders, true, at);
      const other = shopView(member, s, 'm-bakery', orders, true, at);
      const label = `${granted.join('+') || 'nothing'}${revokedAfter ? ' then revoked' : ''}`;
      assert.equal(other, null, `${label}: another shop sees nothing`);
      assert.equal(shopView(member, s, 'm-fruit', orders, false, at), null, `${label}: no guardian, nothing`);
      if (effective.length === 0) {
        assert.equal(own, null, `${label}: the shop sees nothing`);
        continue;
      }
      assert.ok(own, label);
      assert.deepEqual(own.purposes, effective);
      const profile = effective.includes('PROFILE');
      const history = effective.includes('ORDER_HISTORY');
      assert.deepEqual([own.name, own.phone, own.neighborhood], profile ? ['Alice Wang', '13800000001', '翠苑一区'] : [null, null, null], `${label}: PROFILE fields`);
      // Her orders elsewhere: the bakery's, never the fruit shop's own.
      assert.deepEqual([own.ordersElsewhere, own.spendElsewhere], history ? [3, 12_000] : [null, null], `${label}: ORDER_HISTORY fields`);
      assert.equal(own.marketing, effective.includes('MARKETING'), `${label}: MARKETING`);
      assert.equal(own.id, pseudonymFor(member.id, 'm-fruit'));
      assert.equal(own.spendTier, 'LOW', 'the shop’s own sales with her: ¥50');
    }
  }
});

test('a shop knows a member by an id of its own: not her pool id, different at every shop', () => {
  const a = pseudonymFor(member.id, 'm-fruit');
  assert.notEqual(a, pseudonymFor(member.id, 'm-bakery'));
  assert.ok(!a.includes(member.id.slice(4)));
  assert.match(a, /^sm_[0-9a-f]{20}$/);
});

test('what she is shown beside a purpose is what the shop would receive', () => {
  assert.deepEqual(receivedValues('PROFILE', member, orders, 'm-fruit'), [
    { key: 'name', value: 'Alice Wang' },
    { key: 'phone', value: '13800000001' },
    { key: 'neighborhood', value: '翠苑一区' },
  ]);
  assert.deepEqual(receivedValues('ORDER_HISTORY', member, orders, 'm-fruit'), [
    { key: 'ordersElsewhere', value: '3' },
    { key: 'spendElsewhere', value: '120.00' },
  ]);
  assert.deepEqual(receivedValues('PROFILE', { ...member, phone: null }, {}, 'm-fruit')[1], { key: 'phone', value: null });
});

test('under 14 is counted on the date in China, birthday included', () => {
  assert.equal(isUnder14('2012-11-30', '2026-11-29'), true, 'the day before her 14th birthday');
  assert.equal(isUnder14('2012-11-29', '2026-11-29'), false, 'her 14th birthday');
  assert.equal(isUnder14(null, '2026-11-29'), false);
  assert.equal(chinaDay(new Date('2026-11-28T16:30:00Z')), '2026-11-29', '00:30 in Beijing is the next day');
});

test('a birth date is a real date, not in the future, at most 120 years back', () => {
  assert.deepEqual(parseBirthDate(' 2015-02-28 ', '2026-11-29'), { ok: true, value: '2015-02-28' });
  assert.equal(parseBirthDate('2015-02-29', '2026-11-29').ok, false);
  assert.equal(parseBirthDate('2027-01-01', '2026-11-29').ok, false);
  assert.equal(parseBirthDate('1890-01-01', '2026-11-29').ok, false);
  assert.equal(parseBirthDate('15/02/2015', '2026-11-29').ok, false);
});

test('spend tiers: under ¥100, under ¥1000, from ¥1000', () => {
  assert.deepEqual([0, 9_999, 10_000, 99_999, 100_000].map(spendTierOf), ['LOW', 'LOW', 'MID', 'MID', 'HIGH']);
});
