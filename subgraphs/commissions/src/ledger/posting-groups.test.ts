import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOnce, assertBalanced, balances, groupSum, journalGroups } from './balances.js';
import { postingKey, type PostingGroup } from './ledger.types.js';
import { accrualGroup, confirmationGroup, promotionCostConfirmationGroup, promotionCostGroup, reversalGroup } from './posting-groups.js';
import type { SplitPart } from './split.rules.js';

const parts: SplitPart[] = [
  { party: { kind: 'SHOP', id: 'shop-a' }, account: 'REVENUE', amountFen: 870 },
  { party: { kind: 'ALLIANCE', id: 'al-1' }, account: 'FEE', amountFen: 30 },
  { party: { kind: 'MEMBER', id: 'bob' }, account: 'COMMISSION_L1', amountFen: 50 },
  { party: { kind: 'MEMBER', id: 'lena' }, account: 'LEADER_COMMISSION', amountFen: 50 },
];
const show = (g: PostingGroup) => g.postings.map((p) => `${p.stage} ${p.party.kind}:${p.party.id}/${p.account} ${p.amountFen}`);
const of = (groups: PostingGroup[], id: string) => balances(groups).find((b) => b.party.id === id);

test('accrual: clearing pays the parts, pending', () => {
  const g = accrualGroup('ev-1', 'o1', parts);
  assert.equal(g.kind, 'ACCRUAL');
  assert.deepEqual(show(g), [
    'PENDING CLEARING:orders/PAYMENT -1000',
    'PENDING SHOP:shop-a/REVENUE 870',
    'PENDING ALLIANCE:al-1/FEE 30',
    'PENDING MEMBER:bob/COMMISSION_L1 50',
    'PENDING MEMBER:lena/LEADER_COMMISSION 50',
  ]);
  assertBalanced(g);
});

test('confirmation moves every pending accrual to confirmed', () => {
  const groups = [accrualGroup('ev-1', 'o1', parts), confirmationGroup('ev-2', 'o1', parts)];
  groups.forEach(assertBalanced);
  for (const b of balances(groups)) {
    assert.equal(b.PENDING, 0, b.party.id);
  }
  assert.deepEqual(of(groups, 'bob'), { party: { kind: 'MEMBER', id: 'bob' }, PENDING: 0, CONFIRMED: 50, accounts: { COMMISSION_L1: { PENDING: 0, CONFIRMED: 50 } } });
  assert.equal(of(groups, 'orders')!.CONFIRMED, -1000);
});

test('refunds reverse cumulatively with the opposite sign; the last one ends at exactly 0', () => {
  const r1 = reversalGroup('ev-3', 'o1', parts, 1000, 0, 333, 'CONFIRMED');
  const r2 = reversalGroup('ev-4', 'o1', parts, 1000, 333, 667, 'CONFIRMED');
  for (const r of [r1, r2]) {
    assertBalanced(r);
    assert.equal(r.kind, 'REVERSAL');
    for (const p of r.postings) assert.ok(p.party.kind === 'CLEARING' ? p.amountFen > 0 : p.amountFen < 0);
  }
  assert.equal(r1.postings.find((p) => p.party.kind === 'CLEARING')!.amountFen, 333);
  const groups = [accrualGroup('ev-1', 'o1', parts), confirmationGroup('ev-2', 'o1', parts), r1, r2];
  for (const b of balances(groups)) assert.deepEqual([b.PENDING, b.CONFIRMED], [0, 0], b.party.id);
});

test('a refund before completion reverses pending, and completion confirms only what is left', () => {
  const groups = [
    accrualGroup('ev-1', 'o1', parts),
    reversalGroup('ev-2', 'o1', parts, 1000, 0, 100, 'PENDING'),
    confirmationGroup('ev-3', 'o1', parts, 100),
  ];
  groups.forEach(assertBalanced);
  for (const b of balances(groups)) assert.equal(b.PENDING, 0, b.party.id);
  assert.equal(of(groups, 'bob')!.CONFIRMED, 45);
  groups.push(reversalGroup('ev-4', 'o1', parts, 1000, 100, 900, 'CONFIRMED'));
  for (const b of balances(groups)) assert.deepEqual([b.PENDING, b.CONFIRMED], [0, 0], b.party.id);
});

test('reversal refuses a net that is not the parts, or a refund past the order', () => {
  assert.throws(() => reversalGroup('e', 'o1', parts, 999, 0, 1, 'PENDING'), RangeError);
  assert.throws(() => reversalGroup('e', 'o1', parts, 1000, 900, 101, 'PENDING'), RangeError);
  assert.throws(() => reversalGroup('e', 'o1', parts, 1000, 0, -1, 'PENDING'), RangeError);
  assert.deepEqual(reversalGroup('e', 'o1', parts, 1000, 0, 0, 'PENDING').postings, []);
  assert.deepEqual(reversalGroup('e', 'o1', [], 0, 0, 0, 'PENDING').postings, []);
  assert.throws(() => accrualGroup('e', 'o1', [...parts, parts[0]!]), RangeError, 'two parts for one party and account');
});

test('promotion cost: the funder owes the selling shop; its own shop owes nobody', () => {
  const g = promotionCostGroup('pc-1', 'o1', 'shop-a', 'shop-b', 'ALLOCATED', 120, 'PENDING');
  assert.deepEqual(show(g), ['PENDING SHOP:shop-a/REVENUE 120', 'PENDING SHOP:shop-b/PROMOTION_COST -120']);
  const back = promotionCostGroup('pc-2', 'o1', 'shop-a', 'shop-b', 'REVERSED', 120, 'PENDING');
  assert.deepEqual(show(back), ['PENDING SHOP:shop-a/REVENUE -120', 'PENDING SHOP:shop-b/PROMOTION_COST 120']);
  assert.deepEqual(promotionCostGroup('pc-3', 'o1', 'shop-a', 'shop-a', 'ALLOCATED', 120, 'PENDING').postings, []);
  const confirm = promotionCostConfirmationGroup('pc-4', 'o1', 'shop-a', 'shop-b', 120);
  const groups = [g, confirm];
  groups.forEach(assertBalanced);
  assert.deepEqual([of(groups, 'shop-b')!.PENDING, of(groups, 'shop-b')!.CONFIRMED], [0, -120]);
  assert.throws(() => promotionCostGroup('pc', 'o1', 'a', 'b', 'ALLOCATED', -1, 'PENDING'), RangeError);
});

test('posting keys: (sourceEventId, party, account, stage), unambiguous', () => {
  const p = { party: { kind: 'SHOP' as const, id: 'a|b' }, account: 'REVENUE' as const, stage: 'PENDING' as const };
  assert.notEqual(postingKey({ sourceEventId: 'e' }, p), postingKey({ sourceEventId: 'e' }, { ...p, stage: 'CONFIRMED' }));
  assert.notEqual(postingKey({ sourceEventId: 'e|SHOP' }, { ...p, party: { kind: 'SHOP', id: 'b' } }), postingKey({ sourceEventId: 'e' }, p));
});

test('applyOnce inserts each posting once: a replay is skipped, a changed amount is a conflict', () => {
  const groups = [accrualGroup('ev-1', 'o1', parts), reversalGroup('ev-2', 'o1', parts, 1000, 0, 100, 'PENDING')];
  const first = applyOnce(groups);
  assert.equal(first.inserted, 10);
  const again = applyOnce(groups, first.journal);
  assert.deepEqual([again.inserted, again.replayed, again.conflicts.length], [0, 10, 0]);
  const other = reversalGroup('ev-2', 'o1', parts, 1000, 0, 200, 'PENDING');
  const bad = applyOnce([other], first.journal);
  assert.equal(bad.conflicts.length, 5);
  assert.deepEqual(balances(journalGroups(first.journal)), balances(groups));
  const unbalanced: PostingGroup = { ...groups[0]!, sourceEventId: 'x', postings: groups[0]!.postings.slice(1) };
  assert.notEqual(groupSum(unbalanced), 0);
  assert.throws(() => applyOnce([unbalanced], first.journal), RangeError);
  assert.equal(first.journal.size, 10);
});
