/** A settled period's figures as the API returns them (fen). */
export interface PeriodFiguresRow {
  periodId: string;
  gmv: { amountFen: number };
  commissions: { amountFen: number };
  promotionCost: { amountFen: number };
  fees: { amountFen: number };
}

/** What the chart draws: yuan per period, in the order of `periods`. */
export interface FiguresSeries {
  periods: string[];
  gmv: number[];
  commissions: number[];
  promotionCost: number[];
  fees: number[];
}

/** Yuan for a chart axis only (amounts stay integer fen everywhere else; 2 decimals are exact here). */
const yuan = (fen: number) => Math.round(fen) / 100;

/** The chart's series, oldest period first, as the API returns them. */
export function figuresSeries(rows: readonly PeriodFiguresRow[]): FiguresSeries {
  return {
    periods: rows.map((r) => r.periodId),
    gmv: rows.map((r) => yuan(r.gmv.amountFen)),
    commissions: rows.map((r) => yuan(r.commissions.amountFen)),
    promotionCost: rows.map((r) => yuan(r.promotionCost.amountFen)),
    fees: rows.map((r) => yuan(r.fees.amountFen)),
  };
}
