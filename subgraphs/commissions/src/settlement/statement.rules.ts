import type { AccountKind, Stage } from '../ledger/ledger.types.js';

/**
 * A party's statement for a settled period: what its confirmed accounts moved in the period (by
 * account), its opening balance (the previous statement's closing) and its closing balance; pending
 * amounts (orders not completed yet) are shown but carried to the period in which they confirm.
 * Positive: the alliance owes the party (payable); negative: the party owes (receivable).
 */
export interface StatementLine {
  account: AccountKind;
  confirmedFen: number;
  pendingFen: number;
}

export interface Statement {
  periodId: string;
  party: string;
  openingFen: number;
  movementFen: number;
  closingFen: number;
  /** What the alliance owes the party at the close (closing > 0), else 0 (absent on statements stored before it was kept). */
  payableFen?: number;
  /**
   * What the party owes the alliance at the close (closing < 0), else 0: e.g. a shop that holds the
   * money of pay-at-pickup orders (or of online ones past the profit-sharing cap) owes the fee and the
   * commissions; it is invoiced or taken from a later profit sharing.
   */
  receivableFen?: number;
  pendingFen: number;
  lines: StatementLine[];
}

export type PeriodTotals = Record<Stage, Partial<Record<AccountKind, number>>>;

export function statementOf(periodId: string, party: string, totals: PeriodTotals, openingFen: number): Statement {
  const accounts = [...new Set([...Object.keys(totals.CONFIRMED), ...Object.keys(totals.PENDING)])].sort() as AccountKind[];
  const lines = accounts
    .map((account) => ({ account, confirmedFen: totals.CONFIRMED[account] ?? 0, pendingFen: totals.PENDING[account] ?? 0 }))
    .filter((l) => l.confirmedFen !== 0 || l.pendingFen !== 0);
  const movementFen = lines.reduce((s, l) => s + l.confirmedFen, 0);
  const closingFen = openingFen + movementFen;
  return { periodId, party, openingFen, movementFen, closingFen, ...payableOrReceivable(closingFen), pendingFen: lines.reduce((s, l) => s + l.pendingFen, 0), lines };
}

/** A closing balance read as what is owed which way (statements stored before these fields were kept get them from here). */
export function payableOrReceivable(closingFen: number): { payableFen: number; receivableFen: number } {
  return { payableFen: Math.max(0, closingFen), receivableFen: Math.max(0, -closingFen) };
}

/** Every party's period movements together: a balanced ledger sums to zero, confirmed and pending alike. */
export function trialBalance(statements: readonly Statement[]): { confirmedFen: number; pendingFen: number; balanced: boolean } {
  const confirmedFen = statements.reduce((s, x) => s + x.movementFen, 0);
  const pendingFen = statements.reduce((s, x) => s + x.pendingFen, 0);
  return { confirmedFen, pendingFen, balanced: confirmedFen === 0 && pendingFen === 0 };
}

/**
 * A period can be settled once it has ended, and only as the one right after the last settled period
 * (statements carry each closing into the next opening, so none may be skipped).
 */
export function settleProblem(periodId: string, periodEndMs: number, nowMs: number, lastSettled: string | null, nextAfterLast: string | null): { code: string; message: string } | null {
  if (periodEndMs > nowMs) return { code: 'PERIOD_NOT_ENDED', message: `period ${periodId} has not ended yet` };
  if (lastSettled !== null && periodId <= lastSettled) return { code: 'ALREADY_SETTLED', message: `period ${periodId} is settled already (last settled: ${lastSettled})` };
  if (nextAfterLast !== null && periodId !== nextAfterLast) return { code: 'OUT_OF_ORDER', message: `settle ${nextAfterLast} first` };
  return null;
}

/**
 * A period's opening: the party's previous closing; the same period's statement again (a resumed run)
 * keeps the opening it had.
 */
export function openingAfter(previous: Statement | null, periodId: string): number {
  if (!previous) return 0;
  return previous.periodId !== periodId ? previous.closingFen : previous.openingFen;
}
