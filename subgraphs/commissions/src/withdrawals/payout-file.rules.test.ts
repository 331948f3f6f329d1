import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, payoutCsv } from './payout-file.rules.js';

test('formula starters are escaped, separators quoted', () => {
  assert.equal(csvField('=1+1'), "'=1+1");
  assert.equal(csvField('+86'), "'+86");
  assert.equal(csvField('-5'), "'-5");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('a,"b"'), '"a,""b"""');
  assert.equal(csvField('张三'), '张三');
});

test('a header and one row per withdrawal, BOM first', () => {
  const csv = payoutCsv([{ withdrawalId: 'WD1', realName: '=张三', idNumber: '11010519491231002X', grossFen: 5000, taxFen: 1000, netFen: 4000, note: '佣金提现' }]);
  assert.ok(csv.startsWith('\uFEFF明细单号,收款人姓名,身份证号,税前金额(元),代扣个税(元),实发金额(元),备注\r\n'));
  assert.equal(csv.split('\r\n')[1], "WD1,'=张三,11010519491231002X,50.00,10.00,40.00,佣金提现");
});
