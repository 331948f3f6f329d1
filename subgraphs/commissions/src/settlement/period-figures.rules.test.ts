import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodFiguresOf } from './period-figures.rules.js';
import { statementOf, type StatementLine } from './statement.rules.js';

const P = '2026-W48';
const st = (party: string, lines: StatementLine[]) => {
  const totals = { CONFIRMED: {} as Record<string, number>, PENDING: {} as Record<string, number> };
  for (const l of lines) {
    totals.CONFIRMED[l.account] = (totals.CONFIRMED[l.account] ?? 0) + l.confirmedFen;
    totals.PENDING[l.account] = (totals.PENDING[l.account] ?? 0) + l.pendingFen;
  }
  return statementOf(P, party, totals, 0);
};
const line = (account: StatementLine['account'], confirmedFen: number, pendingFen = 0): StatementLine => ({ account, confirmedFen, pendingFen });
// What a shop holds of the shoppers' money, on both the clearing party and the shop: never GMV.
const COLLECTED = 'COLLECTED' as string as StatementLine['account'];

test('GMV, commissions, promotion cost and fees come from the confirmed lines of the statements', () => {
  const figures = periodFiguresOf(P, [
    st('CLEARING:orders', [line('PAYMENT', -10_000, -500), line(COLLECTED, 9_000)]),
    st('SHOP:m-fruit', [line('REVENUE', 8_500), line('PROMOTION_COST', -300), line(COLLECTED, -9_000)]),
    st('SHOP:m-bakery', [line('REVENUE', 300), line('PROMOTION_COST', 0, -40)]),
    st('MEMBER:bob', [line('COMMISSION_L1', 900, 50)]),
    st('MEMBER:carol', [line('COMMISSION_L2', 100)]),
    st('MEMBER:leader', [line('LEADER_COMMISSION', 250)]),
    st('ALLIANCE:demo', [line('FEE', 300)]),
  ]);
  assert.deepEqual(figures, { periodId: P, gmvFen: 10_000, commissionsFen: 1_250, promotionCostFen: 300, feesFen: 300 });
});

test('refunds confirmed in the period come off its GMV and commissions; no statements, all zero', () => {
  const figures = periodFiguresOf(P, [st('CLEARING:orders', [line('PAYMENT', -2_000), line('PAYMENT', 500)]), st('MEMBER:bob', [line('COMMISSION_L1', -50)])]);
  assert.equal(figures.gmvFen, 1_500, 'net of the refund');
  assert.equal(figures.commissionsFen, -50, 'a clawed-back commission');
  assert.deepEqual(periodFiguresOf(P, []), { periodId: P, gmvFen: 0, commissionsFen: 0, promotionCostFen: 0, feesFen: 0 });
});

test('a statement of another period is refused', () => {
  assert.throws(() => periodFiguresOf(P, [{ ...st('MEMBER:bob', []), periodId: '2026-W47' }]), /not 2026-W48/);
});
