import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { periodBounds } from './commission-view';
import { chinaTime, statementCsv, statementFilename, type StatementDoc } from './statement-export';
import { statementPdf } from './statement-pdf';
import { DEFAULT_STATEMENT_FONT } from '../config';

const m = (amountFen: number) => ({ amountFen });
const SHOP: StatementDoc = {
  periodId: '2026-W48',
  partyKind: 'SHOP',
  partyId: 'm-fruit',
  opening: m(10_000),
  movement: m(-1_205),
  closing: m(8_795),
  pending: m(500),
  lines: [
    { account: 'REFERRAL_FEE', confirmed: m(95), pending: m(0) },
    { account: 'REVENUE', confirmed: m(12_345), pending: m(500) },
    { account: 'PROMOTION_COST', confirmed: m(-13_645), pending: m(0) },
    { account: 'SOMETHING_NEW', confirmed: m(0), pending: m(0) },
  ],
};

test('ISO weeks have their China-time bounds; malformed ids have none', () => {
  const b = periodBounds('2026-W48')!;
  assert.equal(chinaTime(b.startMs), '2026-11-23 00:00');
  assert.equal(chinaTime(b.endMs), '2026-11-30 00:00');
  assert.equal(chinaTime(periodBounds('2026-W01')!.startMs), '2025-12-29 00:00');
  assert.equal(chinaTime(periodBounds('2020-W53')!.startMs), '2020-12-28 00:00');
  assert.equal(chinaTime(periodBounds('2026-W53')!.startMs), '2026-12-28 00:00', '2026 starts on a Thursday: 53 weeks');
  assert.equal(periodBounds('2025-W53'), null, '2025 has 52 weeks');
  assert.equal(periodBounds('2026-48'), null);
});

test('the CSV opens with a BOM and the heading rows, then a line per account with Chinese names in yuan', () => {
  const csv = statementCsv(SHOP, 'demo', '鲜果时光水果店');
  assert.ok(csv.startsWith('\uFEFF对账单\r\n'));
  const rows = csv.slice(1).split('\r\n');
  assert.ok(rows.includes('联盟,demo'));
  assert.ok(rows.includes('对象,店铺 鲜果时光水果店 (m-fruit)'));
  assert.ok(rows.includes('结算周期,2026-W48'));
  assert.ok(rows.includes('开始（北京时间）,2026-11-23 00:00'));
  assert.ok(rows.includes('结束（北京时间）,2026-11-30 00:00'));
  assert.ok(rows.includes('期初余额（元）,100.00'));
  // A negative amount stays a number a spreadsheet sums (no apostrophe from the injection guard).
  assert.ok(rows.includes('本期已确认（元）,-12.05'));
  assert.ok(rows.includes('期末余额（元）,87.95'));
  assert.ok(rows.includes('待确认，结转下期（元）,5.00'));
  const table = rows.slice(rows.indexOf('科目,代码,已确认（元）,待确认（元）'));
  // Reading order: revenue first, then referral fees and promotion costs, unknown codes last, as codes.
  assert.deepEqual(table.slice(1, 5), ['店铺收入,REVENUE,123.45,5.00', '店铺引流费,REFERRAL_FEE,0.95,0.00', '促销分摊,PROMOTION_COST,-136.45,0.00', 'SOMETHING_NEW,SOMETHING_NEW,0.00,0.00']);
  assert.equal(table[5], '');
});

test('text a spreadsheet would run as a formula is defused', () => {
  const csv = statementCsv({ ...SHOP, partyKind: 'MEMBER', partyId: '=HYPERLINK("x")', lines: [{ account: '@SUM(A1)', confirmed: m(1), pending: m(0) }] }, '+demo');
  assert.ok(csv.includes(`联盟,'+demo\r\n`));
  assert.ok(csv.includes(`对象,"会员 =HYPERLINK(""x"")"\r\n`));
  assert.ok(csv.includes(`'@SUM(A1),'@SUM(A1),0.01,0.00\r\n`));
  assert.equal(statementFilename({ periodId: '2026-W48', partyKind: 'MEMBER', partyId: '../../x y' }, 'pdf'), 'statement-2026-w48-member-.._.._x_y.pdf');
});

test('the PDF is a PDF with the CJK font embedded (a subset) and the statement in it', async () => {
  assert.ok(existsSync(DEFAULT_STATEMENT_FONT.path), `install fonts-noto-cjk (${DEFAULT_STATEMENT_FONT.path})`);
  const pdf = await statementPdf(SHOP, 'demo', { data: readFileSync(DEFAULT_STATEMENT_FONT.path), family: DEFAULT_STATEMENT_FONT.family }, '鲜果时光水果店');
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-'));
  assert.ok(text.trimEnd().endsWith('%%EOF'));
  // The font program is embedded (FontFile2 / FontFile3), under a subset name of the Noto face.
  assert.match(text, /\/FontFile[23]?\s/);
  assert.match(text, /\/BaseFont\s*\/[A-Z]{6}\+NotoSansCJKsc-Regular/);
  assert.ok(pdf.length < 200_000, `a subset, not the whole 19 MB collection (${pdf.length} bytes)`);
  // The page draws text through the embedded font (its content stream, deflated, shows glyphs).
  const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((x) => {
    try {
      return inflateSync(Buffer.from(x[1]!, 'latin1')).toString('latin1');
    } catch {
      return '';
    }
  });
  assert.ok(streams.some((st) => /\bTJ\b|\bTj\b/.test(st)), 'text is drawn');
});
