import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settleProblem, statementOf, trialBalance } from './statement.rules.js';

test('a statement carries the opening balance forward and shows pending apart', () => {
  const s = statementOf('2026-W48', 'MEMBER:bob', { CONFIRMED: { COMMISSION_L1: 299, COMMISSION_L2: 0 }, PENDING: { COMMISSION_L1: 120 } }, 1000);
  assert.deepEqual([s.openingFen, s.movementFen, s.closingFen, s.pendingFen], [1000, 299, 1299, 120]);
  assert.deepEqual(s.lines.map((l) => l.account), ['COMMISSION_L1']);
});

test('the trial balance of a balanced period is zero', () => {
  const a = statementOf('p', 'CLEARING:orders', { CONFIRMED: { PAYMENT: -2990 }, PENDING: {} }, 0);
  const b = statementOf('p', 'SHOP:m-fruit', { CONFIRMED: { REVENUE: 2602 }, PENDING: {} }, 0);
  const c = statementOf('p', 'MEMBER:bob', { CONFIRMED: { COMMISSION_L1: 299 }, PENDING: {} }, 0);
  const d = statementOf('p', 'ALLIANCE:demo', { CONFIRMED: { FEE: 89 }, PENDING: {} }, 0);
  assert.deepEqual(trialBalance([a, b, c, d]), { confirmedFen: 0, pendingFen: 0, balanced: true });
  assert.equal(trialBalance([a, b]).balanced, false);
});

test('periods settle once they end, in order', () => {
  assert.equal(settleProblem('2026-W48', 2000, 1000, null, null)?.code, 'PERIOD_NOT_ENDED');
  assert.equal(settleProblem('2026-W47', 1000, 2000, '2026-W47', '2026-W48')?.code, 'ALREADY_SETTLED');
  assert.equal(settleProblem('2026-W46', 1000, 2000, '2026-W47', '2026-W48')?.code, 'ALREADY_SETTLED');
  assert.equal(settleProblem('2026-W49', 1000, 2000, '2026-W47', '2026-W48')?.code, 'OUT_OF_ORDER');
  assert.equal(settleProblem('2026-W48', 1000, 2000, '2026-W47', '2026-W48'), null);
  assert.equal(settleProblem('2026-W40', 1000, 2000, null, null), null);
});

test('a shop holding the money of a pay-at-pickup order closes with a receivable; a member with commission, a payable', () => {
  const shop = statementOf('p', 'SHOP:m-fruit', { CONFIRMED: { REVENUE: 85, COLLECTED: -100 }, PENDING: {} }, 0);
  assert.deepEqual([shop.closingFen, shop.payableFen, shop.receivableFen], [-15, 0, 15]);
  assert.deepEqual(shop.lines.map((l) => l.account), ['COLLECTED', 'REVENUE']);
  const bob = statementOf('p', 'MEMBER:bob', { CONFIRMED: { COMMISSION_L1: 10 }, PENDING: {} }, 0);
  assert.deepEqual([bob.payableFen, bob.receivableFen], [10, 0]);
});

test("a statement opens at the party's previous closing; a resumed run keeps the opening it had", async () => {
  const { openingAfter } = await import('./statement.rules.js');
  const previous = statementOf('2026-W47', 'SHOP:m', { PENDING: {}, CONFIRMED: { REVENUE: 500 } }, 100);
  assert.equal(openingAfter(null, '2026-W48'), 0);
  assert.equal(openingAfter(previous, '2026-W48'), 600);
  assert.equal(openingAfter(previous, '2026-W47'), 100);
});
