import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineExport, exportFileName, parseConsentForm, receivesLine } from './privacy-view';

const labels = { name: '姓名', phone: '手机', neighborhood: '小区', ordersElsewhere: '其他店订单数', spendElsewhere: '其他店消费', messages: '向你发送活动和优惠消息' };

test('what a shop would receive: her own values, 未填写 for what she has not given', () => {
  const profile = [
    { key: 'name', value: 'Alice Wang' },
    { key: 'phone', value: null },
    { key: 'neighborhood', value: '翠苑一区' },
  ];
  assert.equal(receivesLine(profile, labels, '未填写', 'zh'), '姓名 Alice Wang、手机 未填写、小区 翠苑一区');
  assert.equal(receivesLine(profile, labels, 'not given', 'en'), '姓名 Alice Wang, 手机 not given, 小区 翠苑一区');
});

test('spend is shown in yuan, and marketing is a permission without a value', () => {
  assert.equal(
    receivesLine(
      [
        { key: 'ordersElsewhere', value: '3' },
        { key: 'spendElsewhere', value: '245.60' },
      ],
      labels,
      '未填写',
      'zh',
    ),
    '其他店订单数 3、其他店消费 ¥245.60',
  );
  assert.equal(receivesLine([{ key: 'messages', value: null }], labels, '未填写', 'zh'), '向你发送活动和优惠消息');
  assert.equal(receivesLine([{ key: 'somethingNew', value: 'x' }], labels, '未填写', 'zh'), 'somethingNew x', 'an unknown key still shows');
});

test('the consent form: grant or revoke one purpose of one shop', () => {
  const form = (v: Record<string, string>) => (name: string) => v[name] ?? '';
  assert.deepEqual(parseConsentForm(form({ op: 'grant', merchantId: 'm-fruit', purpose: 'PROFILE' })), { grant: true, merchantId: 'm-fruit', purpose: 'PROFILE' });
  assert.deepEqual(parseConsentForm(form({ op: 'revoke', merchantId: 'm-fruit', purpose: 'MARKETING' })), { grant: false, merchantId: 'm-fruit', purpose: 'MARKETING' });
  assert.equal(parseConsentForm(form({ op: 'grant', merchantId: 'm-fruit', purpose: 'EVERYTHING' })), null);
  assert.equal(parseConsentForm(form({ op: 'toggle', merchantId: 'm-fruit', purpose: 'PROFILE' })), null);
  assert.equal(parseConsentForm(form({ op: 'grant', merchantId: '../x', purpose: 'PROFILE' })), null);
});

test('the export: every subgraph’s document parsed into one object, with her member id', () => {
  const doc = combineExport({
    exportedAt: '2026-11-29T10:00:00.000Z',
    member: {
      id: 'mem_1',
      heldByMembers: '{"profile":{"displayName":"Alice Wang"}}',
      heldByMerchants: '{"orders":[]}',
      heldByPromotions: null,
      heldByCommissions: 'not json',
    },
  });
  assert.deepEqual(doc, {
    exportedAt: '2026-11-29T10:00:00.000Z',
    memberId: 'mem_1',
    members: { profile: { displayName: 'Alice Wang' } },
    merchants: { orders: [] },
    promotions: null,
    commissions: { unparsed: 'not json' },
  });
  assert.deepEqual(combineExport({ exportedAt: null, member: null }), { exportedAt: null, memberId: null, members: null, merchants: null, promotions: null, commissions: null });
});

test('the export’s file name carries the China date of the export', () => {
  assert.equal(exportFileName('2026-11-29T15:59:00.000Z', 0), 'my-data-2026-11-29.json');
  assert.equal(exportFileName('2026-11-29T16:00:00.000Z', 0), 'my-data-2026-11-30.json');
  assert.equal(exportFileName(null, Date.parse('2026-01-01T00:00:00.000Z')), 'my-data-2026-01-01.json');
});
