import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowMatrix, type FlowPair } from './shop-flow-matrix';

const pair = (fromId: string, toId: string, orders: number, fen: number): FlowPair => ({ fromId, toId, from: { name: fromId.toUpperCase() }, to: { name: toId.toUpperCase() }, orders, gmv: { amountFen: fen } });

test('rows are referring shops, columns selling shops, ordered by GMV; empty pairs are empty cells', () => {
  const m = flowMatrix([pair('m-fruit', 'm-bakery', 2, 1_500), pair('m-tea', 'm-bakery', 1, 300), pair('m-bakery', 'm-fruit', 1, 2_000)]);
  assert.deepEqual(m.columns.map((c) => c.id), ['m-fruit', 'm-bakery'], 'm-fruit received 2000, m-bakery 1800');
  assert.deepEqual(m.rows.map((r) => r.shop.id), ['m-bakery', 'm-fruit', 'm-tea'], 'by GMV sent');
  assert.deepEqual(m.rows[1]!.cells, [null, { orders: 2, gmvFen: 1_500 }], 'm-fruit sent to the bakery only');
  assert.deepEqual(m.rows[0]!.cells, [{ orders: 1, gmvFen: 2_000 }, null], 'the reverse pair is its own cell');
  assert.deepEqual(m.columnTotals, [{ orders: 1, gmvFen: 2_000 }, { orders: 3, gmvFen: 1_800 }], 'received per shop');
  assert.deepEqual(m.total, { orders: 4, gmvFen: 3_800 }, 'every flow once');
  assert.equal(m.rows[2]!.shop.name, 'M-TEA', 'the shop names come with the pairs');
});

test('no flows, no rows; a shop without a name shows its id', () => {
  assert.deepEqual(flowMatrix([]), { columns: [], rows: [], columnTotals: [], total: { orders: 0, gmvFen: 0 } });
  const m = flowMatrix([{ ...pair('m-a', 'm-b', 1, 10), from: null }]);
  assert.equal(m.rows[0]!.shop.name, 'm-a', 'the id stands in');
});
