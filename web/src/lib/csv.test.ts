import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_BOM, csvCell, csvRow, orderCsvRow, ORDER_CSV_COLUMNS, type CsvOrder } from './csv';
import { fenToYuan } from './money';

test('cells are quoted when needed and formulas are defused', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell(-5), '-5', 'numbers are numbers');
  assert.equal(csvCell(null), '');
  assert.equal(csvRow(['a', 1, true]), 'a,1,true\r\n');
});

test('fen become yuan without floats', () => {
  assert.equal(fenToYuan(1250), '12.50');
  assert.equal(fenToYuan(7), '0.07');
  assert.equal(fenToYuan(-1999), '-19.99');
  assert.equal(fenToYuan(9007199254740991), '90071992547409.91');
  assert.throws(() => fenToYuan(1.5));
});

test('an order row: items in one cell, the pickup code kept as text, amounts in yuan', () => {
  const o: CsvOrder = {
    id: 'o-1',
    status: 'PAID',
    placedAt: '2026-11-29T08:00:00.000Z',
    paymentMethod: 'ONLINE',
    paid: true,
    fulfilment: 'PICKUP',
    pickupCode: '012345',
    buyer: { name: 'Alice, Wang', maskedPhone: '138****8000' },
    pickupPoint: { name: '翠苑一区东门自提点' },
    lines: [
      { productName: '6 寸草莓奶油蛋糕', specName: '8 寸', quantity: 1 },
      { productName: '原味可颂', specName: '', quantity: 2 },
    ],
    subtotal: { amountFen: 24560 },
    deliveryFee: { amountFen: 0 },
    total: { amountFen: 24560 },
    refunded: { amountFen: 880 },
  };
  const row = orderCsvRow(o);
  assert.ok(row.endsWith('\r\n'));
  assert.equal(
    row,
    'o-1,PAID,2026-11-29T08:00:00.000Z,ONLINE,Y,PICKUP,翠苑一区东门自提点,="012345","Alice, Wang",138****8000,6 寸草莓奶油蛋糕 (8 寸) ×1; 原味可颂 ×2,245.60,0.00,245.60,8.80\r\n',
  );
  assert.equal(ORDER_CSV_COLUMNS.zh.length, ORDER_CSV_COLUMNS.en.length);
  assert.equal(row.split(',').length - 1, ORDER_CSV_COLUMNS.zh.length, 'one cell per column (one comma sits inside a quoted name)');
  assert.equal(CSV_BOM.charCodeAt(0), 0xfeff);
});
