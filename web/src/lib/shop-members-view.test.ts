import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memberFilterQuery, parseAfter, parseMemberFilter, SHOP_MEMBER_CSV_COLUMNS, shopMemberCsvRow, type CsvShopMember } from './shop-members-view';

const full: CsvShopMember = {
  id: 'sm_0123456789abcdef0123',
  purposes: ['PROFILE', 'ORDER_HISTORY', 'MARKETING'],
  since: '2026-11-29T08:00:00.000Z',
  name: 'Alice Wang',
  phone: '13800138000',
  neighborhood: '翠苑一区',
  ordersElsewhere: 3,
  spendElsewhere: 24560,
  marketing: true,
  spendTier: 'MID',
  interests: ['宝妈', '健身'],
};

test('a member who consented to everything: every column filled, phone kept as text, spend in yuan', () => {
  const row = shopMemberCsvRow(full);
  assert.equal(row, 'sm_0123456789abcdef0123,PROFILE ORDER_HISTORY MARKETING,2026-11-29T08:00:00.000Z,Alice Wang,="13800138000",翠苑一区,3,245.60,Y,MID,宝妈 健身\r\n');
  assert.equal(row.trimEnd().split(',').length, SHOP_MEMBER_CSV_COLUMNS.zh.length, 'one cell per column');
  assert.equal(SHOP_MEMBER_CSV_COLUMNS.zh.length, SHOP_MEMBER_CSV_COLUMNS.en.length);
});

test('fields she did not consent to stay empty cells, never a placeholder that looks like data', () => {
  const profileOnly: CsvShopMember = { ...full, purposes: ['PROFILE'], ordersElsewhere: null, spendElsewhere: null, marketing: false, spendTier: 'LOW' };
  assert.equal(shopMemberCsvRow(profileOnly), 'sm_0123456789abcdef0123,PROFILE,2026-11-29T08:00:00.000Z,Alice Wang,="13800138000",翠苑一区,,,N,LOW,宝妈 健身\r\n');
  const historyOnly: CsvShopMember = { ...full, purposes: ['ORDER_HISTORY'], name: null, phone: null, neighborhood: null, interests: null, ordersElsewhere: 0, spendElsewhere: 0, marketing: false };
  assert.equal(shopMemberCsvRow(historyOnly), 'sm_0123456789abcdef0123,ORDER_HISTORY,2026-11-29T08:00:00.000Z,,,,0,0.00,N,MID,\r\n');
});

test('a name that would run as a formula is defused, and commas are quoted', () => {
  const row = shopMemberCsvRow({ ...full, name: '=HYPERLINK("x")', neighborhood: '翠苑, 一区' });
  assert.match(row, /,"'=HYPERLINK\(""x""\)",/);
  assert.match(row, /,"翠苑, 一区",/);
});

test('filters come from GET parameters; unknown values are ignored', () => {
  assert.deepEqual(parseMemberFilter({ neighborhood: ' 翠苑一区 ', tier: 'HIGH', purpose: 'MARKETING' }), { neighborhood: '翠苑一区', spendTier: 'HIGH', purpose: 'MARKETING' });
  assert.deepEqual(parseMemberFilter({ neighborhood: '', tier: 'HUGE', purpose: ['PROFILE', 'X'] }), { neighborhood: null, spendTier: null, purpose: 'PROFILE' });
  assert.deepEqual(parseMemberFilter(new URLSearchParams('tier=LOW')), { neighborhood: null, spendTier: 'LOW', purpose: null });
  assert.equal(parseMemberFilter({ neighborhood: 'x'.repeat(100) }).neighborhood?.length, 40);
  assert.equal(parseAfter({ after: 'abc' }), 'abc');
  assert.equal(parseAfter({ after: 'a'.repeat(301) }), null);
  assert.equal(parseAfter({}), null);
});

test('the filter query keeps the shop and only the filters set', () => {
  assert.equal(memberFilterQuery('m-fruit', { neighborhood: null, spendTier: null, purpose: null }), 'shop=m-fruit');
  assert.equal(memberFilterQuery('m-fruit', { neighborhood: '翠苑一区', spendTier: 'LOW', purpose: 'PROFILE' }, 'c1'), 'shop=m-fruit&neighborhood=%E7%BF%A0%E8%8B%91%E4%B8%80%E5%8C%BA&tier=LOW&purpose=PROFILE&after=c1');
});

test('the interest segment travels in the URL and counts as a filter', () => {
  const f = parseMemberFilter({ interest: ' 宝妈 ' });
  assert.deepEqual(f, { neighborhood: null, spendTier: null, purpose: null, interest: '宝妈' });
  assert.equal(memberFilterQuery('m-fruit', f), 'shop=m-fruit&interest=%E5%AE%9D%E5%A6%88');
});
