/**
 * CSV for spreadsheets (RFC 4180): CRLF rows, fields quoted when needed, and a UTF-8 byte-order mark
 * first so Excel opens Chinese text as UTF-8. Cells that a spreadsheet would run as a formula
 * (= + - @ at the start) get a leading apostrophe (OWASP "CSV injection").
 */
import { fenToYuan } from './money';

export const CSV_BOM = '\uFEFF';

/** A cell written exactly as given (only for values the portal builds itself). */
export interface RawCell {
  raw: string;
}
export type Cell = string | number | boolean | null | undefined | RawCell;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return value.raw;
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: readonly Cell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** What the export needs of an order (a structural subset of the gateway's Order). */
export interface CsvOrder {
  id: string;
  status: string;
  /** DateTime scalar: an ISO-8601 string. */
  placedAt: unknown;
  paymentMethod: string;
  paid: boolean;
  fulfilment: string;
  pickupCode: string;
  buyer: { name: string; maskedPhone: string };
  pickupPoint: { name: string } | null;
  lines: { productName: string; specName: string; quantity: number }[];
  subtotal: { amountFen: number };
  deliveryFee: { amountFen: number };
  total: { amountFen: number };
  refunded: { amountFen: number };
}

export const ORDER_CSV_COLUMNS = {
  zh: ['订单号', '状态', '下单时间', '支付方式', '已支付', '配送方式', '自提点', '提货码', '买家', '手机', '商品', '小计', '配送费', '合计', '已退款'],
  en: ['Order', 'Status', 'Placed at', 'Payment', 'Paid', 'Fulfilment', 'Pickup point', 'Pickup code', 'Buyer', 'Phone', 'Items', 'Subtotal', 'Delivery fee', 'Total', 'Refunded'],
} as const;

/** Digits kept as text (a spreadsheet would drop the leading zero of 012345): ="012345". */
export const textCell = (digits: string): Cell => (/^\d{1,20}$/.test(digits) ? { raw: `="${digits}"` } : digits);

export function orderCsvRow(o: CsvOrder): string {
  const items = o.lines.map((l) => `${l.productName}${l.specName ? ` (${l.specName})` : ''} ×${l.quantity}`).join('; ');
  return csvRow([
    o.id,
    o.status,
    typeof o.placedAt === 'string' ? o.placedAt : '',
    o.paymentMethod,
    o.paid ? 'Y' : 'N',
    o.fulfilment,
    o.pickupPoint?.name ?? '',
    textCell(o.pickupCode),
    o.buyer.name,
    o.buyer.maskedPhone,
    items,
    fenToYuan(o.subtotal.amountFen),
    fenToYuan(o.deliveryFee.amountFen),
    fenToYuan(o.total.amountFen),
    fenToYuan(o.refunded.amountFen),
  ]);
}
