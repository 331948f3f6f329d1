import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figuresSeries } from './period-figures-view';

const row = (periodId: string, gmv: number, commissions: number, promotionCost: number, fees: number) => ({
  periodId,
  gmv: { amountFen: gmv },
  commissions: { amountFen: commissions },
  promotionCost: { amountFen: promotionCost },
  fees: { amountFen: fees },
});

test('the series keep the periods in order and show yuan', () => {
  const s = figuresSeries([row('2026-W47', 123_456, 1_001, 0, 370), row('2026-W48', 5, 0, 99, 0)]);
  assert.deepEqual(s.periods, ['2026-W47', '2026-W48'], 'oldest first, as given');
  assert.deepEqual(s.gmv, [1234.56, 0.05], 'GMV in yuan');
  assert.deepEqual(s.commissions, [10.01, 0], 'commissions in yuan');
  assert.deepEqual(s.promotionCost, [0, 0.99], 'promotion cost in yuan');
  assert.deepEqual(s.fees, [3.7, 0], 'fees in yuan');
});

test('no periods, empty series', () => {
  assert.deepEqual(figuresSeries([]), { periods: [], gmv: [], commissions: [], promotionCost: [], fees: [] }, 'nothing to chart');
});
