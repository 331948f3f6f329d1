import { fenToYuan, yuanToFen } from '@alliance/money/yuan';
import type { UserError } from '@alliance/runtime/domain-error';
import { CATEGORIES } from '../categories.js';
import type { CatalogProduct } from '../catalog.projection.js';
import { cleanDraft, productDraftProblems, type CleanDraft, type SpecDraft } from '../product-edit.rules.js';

/**
 * The product sheet (商品表): what a shop imports and what an export writes, one row per spec (规格);
 * rows with the same 商品编码 are one product's specs. Plain rules over a table of cell texts: reading
 * the .xlsx or .csv file is sheet-file.ts's. Field limits are the product form's (product-edit.rules),
 * so a sheet and a form accept exactly the same products.
 */
export const COLUMNS = {
  code: '商品编码',
  name: '商品名称',
  category: '分类',
  unit: '单位',
  spec: '规格',
  price: '价格(元)',
  memberPrice: '会员价(元)',
  stock: '库存',
  description: '描述',
  listed: '上架(是/否)',
} as const;
export type ColumnKey = keyof typeof COLUMNS;
export const HEADERS: readonly string[] = Object.values(COLUMNS);
const REQUIRED: readonly ColumnKey[] = ['code', 'name', 'category', 'unit', 'price'];
/** Product-level columns: the first row of a product gives them; its other rows may leave them blank. */
const PRODUCT_COLUMNS: readonly ColumnKey[] = ['name', 'category', 'unit', 'description', 'listed'];

export const MAX_ROWS = 5000;
export const MAX_CODE_LENGTH = 40;

export interface RowError {
  /** The row in the sheet, the header being row 1. */
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** One product a sheet describes, valid as a form would require. */
export interface SheetProduct {
  code: string;
  /** Its rows (one per spec), in order. */
  rows: number[];
  draft: CleanDraft;
}

export interface ReadSheet {
  /** Data rows read (blank rows and the header not counted). */
  rows: number;
  products: SheetProduct[];
  errors: RowError[];
  /** What stops the whole sheet (a missing column, too many rows). */
  userErrors: UserError[];
}

/** 全角 brackets, stray spaces and a BOM are how hand-made headers differ from the template's. */
const normalHeader = (h: string) => h.replace(/^\uFEFF/, '').replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '');
const HEADER_KEYS = new Map(Object.entries(COLUMNS).map(([k, v]) => [normalHeader(v), k as ColumnKey]));

const CATEGORY_BY_TEXT = new Map(CATEGORIES.flatMap((c) => [[c.code, c.code], [c.name, c.code], [c.nameEn.toLowerCase(), c.code]]));
/** A category by its code or its Chinese (or English) name; unknown text stays as written, for the error. */
export const categoryOf = (text: string) => CATEGORY_BY_TEXT.get(text.trim()) ?? CATEGORY_BY_TEXT.get(text.trim().toLowerCase()) ?? text.trim();
const categoryName = (code: string) => CATEGORIES.find((c) => c.code === code)?.name ?? code;

const LISTED = new Map([['是', true], ['否', false], ['上架', true], ['下架', false], ['y', true], ['n', false], ['yes', true], ['no', false], ['true', true], ['false', false], ['1', true], ['0', false]]);

/** Whether a later row repeats the product's value (a category by code or name, 上架 as 是 or 上架, …). */
function sameValue(key: ColumnKey, a: string, b: string): boolean {
  if (key === 'category') return categoryOf(a) === categoryOf(b);
  if (key === 'listed') return (LISTED.get(a.toLowerCase()) ?? a) === (LISTED.get(b.toLowerCase()) ?? (b === '' ? true : b));
  return a === b;
}

/** Where a form field's problem sits in a sheet: the column, and the row of the spec (or the product's first). */
function columnOfField(field: readonly string[]): ColumnKey {
  const last = field.at(-1);
  if (field[0] === 'specs' && field.length > 2) return last === 'priceFen' ? 'price' : last === 'memberPriceFen' ? 'memberPrice' : last === 'stock' ? 'stock' : 'spec';
  if (last === 'specs') return 'spec';
  return (['name', 'description', 'unit', 'category'] as const).find((k) => k === last) ?? 'name';
}

/**
 * Reads a sheet's cell texts (`table[0]` the header) into valid products and the bad rows. A product
 * with any bad row is not imported: its other rows are reported too (PRODUCT_HAS_BAD_ROWS), since
 * importing some of its specs would make a re-run of the corrected sheet skip the rest.
 */
export function readProductSheet(table: readonly (readonly string[])[], merchantId: string): ReadSheet {
  const out: ReadSheet = { rows: 0, products: [], errors: [], userErrors: [] };
  const header = (table[0] ?? []).map(normalHeader);
  const index = new Map<ColumnKey, number>();
  header.forEach((h, i) => {
    const key = HEADER_KEYS.get(h);
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = REQUIRED.filter((k) => !index.has(k));
  if (missing.length) {
    out.userErrors.push({ code: 'MISSING_COLUMN', message: `the sheet's first row must name the columns ${missing.map((k) => COLUMNS[k]).join(', ')} (download the template)`, field: ['uploadId'] });
    return out;
  }
  const data = table.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  out.rows = data.length;
  if (data.length > MAX_ROWS) {
    out.userErrors.push({ code: 'TOO_MANY_ROWS', message: `at most ${MAX_ROWS} rows per import (this sheet has ${data.length}): split it`, field: ['uploadId'] });
    return out;
  }

  const groups = new Map<string, { row: number; cells: readonly string[] }[]>();
  for (const r of data) {
    const code = (r.cells[index.get('code')!] ?? '').trim();
    if (!code) out.errors.push({ row: r.row, column: COLUMNS.code, code: 'MISSING_CODE', message: '商品编码 is required: rows with the same code are one product' });
    else if (code.length > MAX_CODE_LENGTH) out.errors.push({ row: r.row, column: COLUMNS.code, code: 'INVALID_CODE', message: `a 商品编码 of at most ${MAX_CODE_LENGTH} characters` });
    else groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  for (const [code, rows] of groups) {
    const read = readProduct(code, rows, index, merchantId);
    if ('errors' in read) out.errors.push(...read.errors);
    else out.products.push(read.product);
  }
  out.errors.sort((a, b) => a.row - b.row);
  return out;
}

function readProduct(
  code: string,
  rows: readonly { row: number; cells: readonly string[] }[],
  index: ReadonlyMap<ColumnKey, number>,
  merchantId: string,
): { product: SheetProduct } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (row: number, key: ColumnKey, errCode: string, message: string) => {
    if (!errors.some((e) => e.row === row && e.column === COLUMNS[key])) errors.push({ row, column: COLUMNS[key], code: errCode, message });
  };
  const cell = (cells: readonly string[], key: ColumnKey) => (index.has(key) ? (cells[index.get(key)!] ?? '').trim() : '');
  const first = rows[0]!;
  for (const r of rows.slice(1)) {
    for (const key of PRODUCT_COLUMNS) {
      const v = cell(r.cells, key);
      if (v && !sameValue(key, v, cell(first.cells, key))) fail(r.row, key, 'INCONSISTENT_PRODUCT', `this row repeats 商品编码 ${code} but its ${COLUMNS[key]} differs from row ${first.row}: leave it blank or the same`);
    }
  }
  const listedText = cell(first.cells, 'listed');
  const listed = listedText === '' ? true : LISTED.get(listedText.toLowerCase());
  if (listed === undefined) fail(first.row, 'listed', 'INVALID_LISTED', '上架 is 是 or 否');
  const specs = rows.map((r): SpecDraft => {
    const priceText = cell(r.cells, 'price');
    const priceFen = yuanToFen(priceText);
    if (priceFen === null) fail(r.row, 'price', 'INVALID_PRICE', `a price in 元 with at most 2 decimals, not "${priceText}"`);
    const memberText = cell(r.cells, 'memberPrice');
    const memberPriceFen = memberText === '' ? null : yuanToFen(memberText);
    if (memberPriceFen === null && memberText !== '') fail(r.row, 'memberPrice', 'INVALID_MEMBER_PRICE', `a member price in 元 with at most 2 decimals, not "${memberText}"`);
    const stockText = cell(r.cells, 'stock');
    const stock = stockText === '' ? 0 : /^\d{1,9}$/.test(stockText) ? Number(stockText) : null;
    if (stock === null) fail(r.row, 'stock', 'INVALID_STOCK', `stock is a whole number, not "${stockText}"`);
    return { name: cell(r.cells, 'spec') || cell(first.cells, 'unit'), priceFen: priceFen ?? 0, memberPriceFen, stock: stock ?? 0 };
  });
  const draft = cleanDraft({
    merchantId,
    name: cell(first.cells, 'name'),
    description: cell(first.cells, 'description'),
    category: categoryOf(cell(first.cells, 'category')),
    unit: cell(first.cells, 'unit'),
    specs,
    listed: listed ?? true,
  });
  for (const p of productDraftProblems(draft, [])) {
    const field = p.field ?? [];
    const specRow = field[0] === 'specs' && field.length > 2 ? rows[Number(field[1])]! : null;
    // A blank 规格 is named after the unit: a bad unit is reported once, on 单位.
    if (specRow && p.code === 'INVALID_SPEC_NAME' && cell(specRow.cells, 'spec') === '') continue;
    fail(specRow?.row ?? first.row, columnOfField(field), p.code, p.message);
  }
  if (!errors.length) return { product: { code, rows: rows.map((r) => r.row), draft } };
  for (const r of rows) {
    if (!errors.some((e) => e.row === r.row)) errors.push({ row: r.row, column: COLUMNS.code, code: 'PRODUCT_HAS_BAD_ROWS', message: `another row of 商品编码 ${code} has an error: the product is imported only whole` });
  }
  return { errors };
}

/** The sheet's rows for a catalogue (an export): one row per spec, every column filled, in the template's order. */
export function productSheetRows(products: readonly CatalogProduct[]): (string | number)[][] {
  return products.flatMap((p) =>
    p.specs.map((s) => [
      p.code ?? p.id,
      p.name,
      categoryName(p.category),
      p.unit,
      s.name,
      fenToYuan(s.priceFen),
      s.memberPriceFen != null ? fenToYuan(s.memberPriceFen) : '',
      s.stock,
      p.description,
      p.listed ? '是' : '否',
    ]),
  );
}

/** The template's example: one product in two specs, showing how rows share a 商品编码. */
export const TEMPLATE_EXAMPLE: readonly (string | number)[][] = [
  ['HT-001', '锦绣黄桃', '时令水果', '箱', '5斤装', '39.90', '35.90', 100, '产地直发，坏果包赔', '是'],
  ['HT-001', '', '', '', '10斤装', '69.90', '', 50, '', ''],
];
