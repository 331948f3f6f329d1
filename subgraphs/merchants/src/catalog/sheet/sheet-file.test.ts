import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { HEADERS, readProductSheet } from './product-sheet.rules.js';
import { isXlsx, parseCsv, readTable, SheetFileError, writeXlsx } from './sheet-file.js';

test('CSV: quotes, doubled quotes, commas and line breaks inside fields, CRLF, a BOM', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\r\n'), [
    ['a', 'b', 'c'],
    ['1', 'x, y', 'say "hi"'],
    ['2', 'two\nlines', ''],
  ]);
  assert.deepEqual(parseCsv('a,b'), [['a', 'b']], 'no final line break');
  assert.deepEqual(parseCsv(''), []);
});

test('a UTF-8 CSV reads; a GBK one is refused with how to save it', async () => {
  const csv = `\uFEFF${HEADERS.join(',')}\n"A1",黄桃,时令水果,斤,5斤,39.90,,10,"甜, 脆",是\n`;
  const table = await readTable(Buffer.from(csv, 'utf8'));
  const sheet = readProductSheet(table, 'm-fruit');
  assert.deepEqual(sheet.errors, []);
  assert.equal(sheet.products[0]!.draft.description, '甜, 脆');
  // "黄桃" in GBK: bytes that are not valid UTF-8.
  await assert.rejects(readTable(Buffer.from([0xbb, 0xc6, 0xcc, 0xd2, 0x0a])), (e: unknown) => e instanceof SheetFileError && e.code === 'INVALID_ENCODING');
});

test('xlsx: what we write reads back as the same cell texts; numbers typed by hand read as Excel shows them', async () => {
  const bytes = await writeXlsx('商品', HEADERS, [['001', '黄桃', '时令水果', '斤', '5斤', '39.90', '', 10, '', '是']], [5, 6]);
  assert.ok(isXlsx(bytes));
  const table = await readTable(bytes);
  assert.deepEqual(table[0], [...HEADERS]);
  assert.deepEqual(table[1]!.slice(0, 8), ['001', '黄桃', '时令水果', '斤', '5斤', '39.9', '', '10'], 'a code stays text, a price is a number');

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([...HEADERS]);
  ws.addRow([1001, { richText: [{ text: '锦绣' }, { text: '黄桃' }] }, 'fruit', '斤', null, 0.1 + 0.2, { formula: 'F2-0.05', result: 0.25 }, 7]);
  ws.addRow([]);
  ws.addRow(['B1', '西瓜', 'fruit', '个', '大', 12, '', 3]);
  const table2 = await readTable(Buffer.from(await wb.xlsx.writeBuffer()));
  const sheet = readProductSheet(table2, 'm-fruit');
  assert.deepEqual(sheet.errors, []);
  assert.deepEqual(sheet.products.map((p) => [p.code, p.rows, p.draft.name, p.draft.specs.map((s) => [s.name, s.priceFen, s.memberPriceFen, s.stock])]), [
    ['1001', [2], '锦绣黄桃', [['斤', 30, 25, 7]]],
    ['B1', [4], '西瓜', [['大', 1200, null, 3]]],
  ], 'row numbers are the sheet rows, blank rows included');
});

test('bytes that claim to be xlsx but are not a workbook are refused, not thrown', async () => {
  await assert.rejects(readTable(Buffer.from('PK\u0003\u0004not a zip')), (e: unknown) => e instanceof SheetFileError && e.code === 'UNREADABLE_SHEET');
});
