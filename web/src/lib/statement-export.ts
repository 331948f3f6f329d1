/**
 * A statement as a document (CSV and PDF share this): its heading facts and its lines with Chinese
 * account names, in reading order, amounts in yuan. Pure: no I/O, no dates read from the clock.
 */
import { sortLines, periodBounds } from './commission-view';
import { CSV_BOM, csvRow, type Cell } from './csv';
import { fenToYuan } from './money';

/** What the documents need of a statement (a structural subset of the gateway's Statement). */
export interface StatementDoc {
  periodId: string;
  partyKind: string;
  partyId: string;
  opening: { amountFen: number };
  movement: { amountFen: number };
  closing: { amountFen: number };
  pending: { amountFen: number };
  lines: { account: string; confirmed: { amountFen: number }; pending: { amountFen: number } }[];
}

/** The account names a statement prints; a code without one prints as the code. */
export const STATEMENT_ACCOUNT_NAMES: Record<string, string> = {
  PAYMENT: '顾客实付',
  REVENUE: '店铺收入',
  FEE: '联盟服务费',
  COMMISSION_L1: '一级佣金',
  COMMISSION_L2: '二级佣金',
  LEADER_COMMISSION: '团长佣金',
  REFERRAL_FEE: '店铺引流费',
  PROMOTION_COST: '促销分摊',
  WITHDRAWAL: '提现（实发）',
  PAYOUT: '提现打款',
  TAX_WITHHELD: '代扣个税',
  COLLECTED: '店铺代收',
  PROFIT_SHARING: '分账',
  POINTS_CLEARING: '积分清算',
  POINTS_BREAKAGE: '过期积分分成',
};

export const PARTY_KIND_NAMES: Record<string, string> = { SHOP: '店铺', MEMBER: '会员', ALLIANCE: '联盟', CLEARING: '订单清算' };

export const accountName = (code: string) => STATEMENT_ACCOUNT_NAMES[code] ?? code;

/** Beijing time, as an accountant reads it: 2026-11-23 00:00. */
export function chinaTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** Text, or an amount in fen (each renderer prints it as yuan). */
export type DocValue = string | { fen: number };

export interface StatementHeading {
  /** Label, value: the rows above the lines (alliance, party, period, balances). */
  facts: [string, DocValue][];
  columns: [string, string, string, string];
  /** Account name, code, confirmed, pending. */
  rows: [string, string, { fen: number }, { fen: number }][];
}

/** Yuan with two decimals: what both documents print for an amount. */
export const docText = (v: DocValue): string => (typeof v === 'string' ? v : fenToYuan(v.fen));

/**
 * The document's content. `partyName`: a shop's name when the caller knows it. Positive amounts the
 * alliance owes the party, negative ones the party owes.
 */
export function statementContent(s: StatementDoc, allianceId: string, partyName?: string | null): StatementHeading {
  const bounds = periodBounds(s.periodId);
  const party = `${PARTY_KIND_NAMES[s.partyKind] ?? s.partyKind} ${partyName ? `${partyName} (${s.partyId})` : s.partyId}`;
  return {
    facts: [
      ['联盟', allianceId],
      ['对象', party],
      ['结算周期', s.periodId],
      ['开始（北京时间）', bounds ? chinaTime(bounds.startMs) : ''],
      ['结束（北京时间）', bounds ? chinaTime(bounds.endMs) : ''],
      ['期初余额（元）', { fen: s.opening.amountFen }],
      ['本期已确认（元）', { fen: s.movement.amountFen }],
      ['期末余额（元）', { fen: s.closing.amountFen }],
      ['待确认，结转下期（元）', { fen: s.pending.amountFen }],
    ],
    columns: ['科目', '代码', '已确认（元）', '待确认（元）'],
    rows: sortLines(s.lines).map((l) => [accountName(l.account), l.account, { fen: l.confirmed.amountFen }, { fen: l.pending.amountFen }]),
  };
}

/**
 * Amounts go out as raw cells: they are built here from integers, and a negative one must stay a number
 * a spreadsheet sums (the injection guard would prefix its minus sign). Every text cell is guarded.
 */
const csvValue = (v: DocValue): Cell => (typeof v === 'string' ? v : { raw: fenToYuan(v.fen) });

/** CSV for Excel: UTF-8 with a BOM, the heading facts, a blank row, then one row per account line. */
export function statementCsv(s: StatementDoc, allianceId: string, partyName?: string | null): string {
  const c = statementContent(s, allianceId, partyName);
  return CSV_BOM + csvRow(['对账单']) + c.facts.map(([k, v]) => csvRow([k, csvValue(v)])).join('') + csvRow([]) + csvRow(c.columns) + c.rows.map((r) => csvRow(r.map(csvValue))).join('');
}

/** The download's file name (ASCII only: it travels in a header). */
export function statementFilename(s: Pick<StatementDoc, 'periodId' | 'partyKind' | 'partyId'>, ext: 'csv' | 'pdf'): string {
  return `statement-${s.periodId}-${s.partyKind}-${s.partyId}.${ext}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
}
