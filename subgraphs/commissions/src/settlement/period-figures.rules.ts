import type { AccountKind } from '../ledger/ledger.types.js';
import type { Statement } from './statement.rules.js';

/**
 * A settled period's headline figures for the admin charts, taken from the statements the run wrote
 * (confirmed amounts only: pending ones belong to the period in which they confirm). Kept as one small
 * document per period at settlement time, so a chart of a year reads 52 documents by `_id` and never
 * the statements again.
 */
export interface PeriodFigures {
  periodId: string;
  /** What shoppers paid for confirmed orders, net of refunds: the clearing party's PAYMENT line, sign flipped. */
  gmvFen: number;
  /** Sharers' (both levels) and group leaders' commissions. */
  commissionsFen: number;
  /** What funding shops paid for promotions on other shops' orders (their PROMOTION_COST debits, as a cost). */
  promotionCostFen: number;
  /** The alliance's fee. */
  feesFen: number;
}

export const CLEARING_ORDERS = 'CLEARING:orders';
const COMMISSIONS: ReadonlySet<AccountKind> = new Set(['COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION']);

export function periodFiguresOf(periodId: string, statements: readonly Statement[]): PeriodFigures {
  const figures: PeriodFigures = { periodId, gmvFen: 0, commissionsFen: 0, promotionCostFen: 0, feesFen: 0 };
  for (const st of statements) {
    if (st.periodId !== periodId) throw new RangeError(`statement of ${st.party} is for ${st.periodId}, not ${periodId}`);
    for (const line of st.lines) {
      const fen = line.confirmedFen;
      // Other lines of the clearing party (what shops collected) are not what shoppers paid.
      if (line.account === 'PAYMENT' && st.party === CLEARING_ORDERS) figures.gmvFen -= fen;
      else if (COMMISSIONS.has(line.account)) figures.commissionsFen += fen;
      else if (line.account === 'PROMOTION_COST') figures.promotionCostFen -= fen;
      else if (line.account === 'FEE') figures.feesFen += fen;
    }
  }
  return figures;
}
