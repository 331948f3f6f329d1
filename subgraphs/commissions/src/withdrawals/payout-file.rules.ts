/**
 * The payout batch file: approved withdrawals as a CSV shaped like a WeChat Pay 商家转账 / bank batch
 * upload (UTF-8 with a BOM for Excel). Amounts in yuan with two decimals, from integer fen.
 */
import { fenToYuan } from '@alliance/money/yuan';

export const PAYOUT_COLUMNS = ['明细单号', '收款人姓名', '身份证号', '税前金额(元)', '代扣个税(元)', '实发金额(元)', '备注'] as const;

export interface PayoutLine {
  withdrawalId: string;
  realName: string;
  idNumber: string;
  grossFen: number;
  taxFen: number;
  netFen: number;
  note: string;
}

/**
 * One CSV field: a value a spreadsheet would run as a formula (= + - @, or a tab / CR that starts one)
 * is prefixed with ' ; quotes, commas and line breaks are quoted. Amounts are never negative here.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function payoutCsv(lines: readonly PayoutLine[]): string {
  const row = (cells: readonly string[]) => `${cells.map(csvField).join(',')}\r\n`;
  return '\uFEFF' + row(PAYOUT_COLUMNS) + lines.map((l) => row([l.withdrawalId, l.realName, l.idNumber, fenToYuan(l.grossFen), fenToYuan(l.taxFen), fenToYuan(l.netFen), l.note])).join('');
}
