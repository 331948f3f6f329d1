import ExcelJS from 'exceljs';

/**
 * Sheet files as tables of cell texts, and back: .xlsx through exceljs (maintained; the registry's
 * `xlsx` has known CVEs and is not used), .csv (UTF-8, a BOM tolerated) through the small reader
 * below. What the cells mean is product-sheet.rules'.
 */
export type Table = string[][];

export class SheetFileError extends Error {
  constructor(
    readonly code: 'INVALID_ENCODING' | 'UNREADABLE_SHEET',
    message: string,
  ) {
    super(message);
  }
}

/** An .xlsx is a zip: it starts with `PK\x03\x04`. Anything else is read as CSV. */
export const isXlsx = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readTable(bytes: Buffer): Promise<Table> {
  return isXlsx(bytes) ? readXlsx(bytes) : parseCsv(decodeUtf8(bytes));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel's plain "CSV" on a Chinese Windows is GBK: say how to save it rather than import mojibake.
    throw new SheetFileError('INVALID_ENCODING', 'the CSV is not UTF-8: save it as "CSV UTF-8" (or upload the .xlsx)');
  }
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes (doubled) and line breaks; CRLF, LF or CR end a
 * record. Row n of the result is record n of the file, as a spreadsheet numbers them.
 */
export function parseCsv(text: string): Table {
  const rows: Table = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (s[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i += 1;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length) endRow();
  return rows;
}

/** A cell's value as the text a person sees (numbers to Excel's 15 significant digits: 0.1+0.2 is 0.3). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(Number(v.toPrecision(15)));
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return String(v.text);
  return '';
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new SheetFileError('UNREADABLE_SHEET', 'the file is not a readable .xlsx workbook');
  }
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const table: Table = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    table[n - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(table, (r) => r ?? []);
}

/** An .xlsx of one sheet: the header row bold and frozen, money columns as numbers shown with 2 decimals. */
export async function writeXlsx(sheetName: string, headers: readonly string[], rows: readonly (readonly (string | number)[])[], moneyColumns: readonly number[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...headers]).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v, i) => (moneyColumns.includes(i) && v !== '' ? Number(v) : v)));
  headers.forEach((h, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, h.length * 2 + 4);
    if (moneyColumns.includes(i)) col.numFmt = '0.00';
    // Codes stay text: "001" must not become 1.
    if (i === 0) col.numFmt = '@';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
