import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupSum } from '../ledger/balances.js';
import { balanceOf, decideDecision, decideRequest, taxSplit, withdrawalId, withdrawalPostingGroup, withdrawalProjection, WITHDRAWAL_ID, type DecisionInput, type RequestInput, type WithdrawalAccount, type WithdrawalFact } from './withdrawal.rules.js';

const AT = '2026-11-29T08:00:00.000Z';
const fold = (facts: WithdrawalFact[]) => facts.reduce((s, f) => withdrawalProjection.evolve(s, f), withdrawalProjection.initial);
const ask = (s: WithdrawalAccount, over: Partial<RequestInput> = {}) =>
  decideRequest(s, { id: 'WD1', idempotencyKey: 'key-00001', amountFen: 5000, confirmedFen: 10_000, minFen: 1000, taxBp: 2000, hasIdentity: true, at: AT, ...over });
const factOf = (d: ReturnType<typeof ask>) => {
  assert.ok('fact' in d, JSON.stringify(d));
  return d.fact;
};
const codeOf = (d: { error: { code: string } } | object) => ('error' in d ? (d as { error: { code: string } }).error.code : null);
const decide = (s: WithdrawalAccount, id: string, approve: boolean, over: Partial<DecisionInput> = {}) => decideDecision(s, { id, approve, by: 'admin', note: null, at: AT, confirmedFen: 10_000, ...over });

describe('tax withheld', () => {
  test('tax + net is the gross, the tax rounded to the nearest fen (a half fen up)', () => {
    assert.deepEqual(taxSplit(10_000, 2000), { taxFen: 2000, netFen: 8000 });
    assert.deepEqual(taxSplit(1001, 2000), { taxFen: 200, netFen: 801 }); // 200.2
    assert.deepEqual(taxSplit(1003, 2000), { taxFen: 201, netFen: 802 }); // 200.6
    assert.deepEqual(taxSplit(1025, 2000), { taxFen: 205, netFen: 820 });
    assert.deepEqual(taxSplit(1, 5000), { taxFen: 1, netFen: 0 }); // half a fen: up
    assert.deepEqual(taxSplit(1234, 0), { taxFen: 0, netFen: 1234 });
    for (let g = 1000; g < 1300; g++) for (const bp of [0, 1, 333, 2000, 5000]) {
      const { taxFen, netFen } = taxSplit(g, bp);
      assert.equal(taxFen + netFen, g);
      assert.ok(Math.abs(taxFen - (g * bp) / 10_000) <= 0.5);
    }
  });
});

describe('requests', () => {
  test('a request holds its gross; what is left is withdrawable', () => {
    const f = factOf(ask(withdrawalProjection.initial));
    assert.deepEqual([f.type, 'taxFen' in f && f.taxFen, 'netFen' in f && f.netFen], ['REQUESTED', 1000, 4000]);
    const s = fold([f]);
    assert.equal(s.heldFen, 5000);
    assert.deepEqual(balanceOf(10_000, s), { withdrawableFen: 5000, receivableFen: 0 });
  });

  test('refused: below the minimum, more than withdrawable, no identity; a bad amount', () => {
    const s = withdrawalProjection.initial;
    assert.equal(codeOf(ask(s, { amountFen: 999 })), 'BELOW_MINIMUM');
    assert.equal(codeOf(ask(s, { amountFen: 10_001 })), 'INSUFFICIENT_BALANCE');
    assert.equal(codeOf(ask(s, { hasIdentity: false })), 'IDENTITY_REQUIRED');
    assert.equal(codeOf(ask(s, { amountFen: 0 })), 'INVALID_AMOUNT');
    assert.ok('fact' in ask(s, { amountFen: 10_000 }), 'all of it');
  });

  test('requests together never exceed the confirmed commission', () => {
    let s = withdrawalProjection.initial;
    let granted = 0;
    for (let i = 0; i < 20; i++) {
      const d = ask(s, { id: `WD${i}`, idempotencyKey: `key-0000${i}`, amountFen: 1500 });
      if ('fact' in d) {
        s = withdrawalProjection.evolve(s, d.fact);
        granted += 1500;
      } else assert.equal(codeOf(d), 'INSUFFICIENT_BALANCE');
    }
    assert.equal(granted, 9000);
    assert.equal(balanceOf(10_000, s).withdrawableFen, 1000);
  });

  test('the same key replays the withdrawal; with another amount it is refused', () => {
    const s = fold([factOf(ask(withdrawalProjection.initial))]);
    const again = ask(s, { hasIdentity: false });
    assert.ok('replay' in again && again.replay.id === 'WD1');
    assert.equal(codeOf(ask(s, { amountFen: 6000 })), 'IDEMPOTENCY_KEY_REUSED');
  });

  test('the id is deterministic per alliance, member and key', () => {
    const a = withdrawalId('al', 'bob', 'key-00001');
    assert.match(a, WITHDRAWAL_ID);
    assert.equal(a, withdrawalId('al', 'bob', 'key-00001'));
    assert.notEqual(a, withdrawalId('al', 'alice', 'key-00001'));
    assert.notEqual(a, withdrawalId('other', 'bob', 'key-00001'));
  });
});

describe('decisions', () => {
  const requested = () => fold([factOf(ask(withdrawalProjection.initial))]);

  test('approval pays the gross; rejection releases it', () => {
    const approve = decide(requested(), 'WD1', true);
    assert.ok('fact' in approve);
    const paid = withdrawalProjection.evolve(requested(), approve.fact);
    assert.deepEqual([paid.heldFen, paid.paidFen, paid.items.WD1!.status], [0, 5000, 'APPROVED']);
    assert.equal(balanceOf(10_000, paid).withdrawableFen, 5000);
    const reject = decide(requested(), 'WD1', false, { note: '信息不符' });
    assert.ok('fact' in reject);
    const released = withdrawalProjection.evolve(requested(), reject.fact);
    assert.deepEqual([released.heldFen, released.paidFen, released.items.WD1!.note], [0, 0, '信息不符']);
    assert.equal(balanceOf(10_000, released).withdrawableFen, 10_000);
  });

  test('the same decision again finds it made; the other one is refused; unknown ids are not found', () => {
    const s = requested();
    const paid = withdrawalProjection.evolve(s, (decide(s, 'WD1', true) as { fact: WithdrawalFact }).fact);
    assert.ok('decided' in decide(paid, 'WD1', true));
    assert.equal(codeOf(decide(paid, 'WD1', false)), 'ALREADY_DECIDED');
    assert.equal(codeOf(decide(paid, 'WD9', true)), 'NOT_FOUND');
  });

  test('a clawback after a payout leaves her owing: receivable, nothing withdrawable', () => {
    const s = requested();
    const paid = withdrawalProjection.evolve(s, (decide(s, 'WD1', true) as { fact: WithdrawalFact }).fact);
    assert.deepEqual(balanceOf(3000, paid), { withdrawableFen: 0, receivableFen: 2000 });
  });

  test('approval re-checks her balance: refunds since the request may have clawed it back', () => {
    // She asked 5000 of 10 000 and 3000 more; 7000 is confirmed now (refunds took 3000).
    const s = fold([factOf(ask(withdrawalProjection.initial)), factOf(ask(fold([factOf(ask(withdrawalProjection.initial))]), { id: 'WD2', idempotencyKey: 'key-00002', amountFen: 3000 }))]);
    assert.equal(codeOf(decide(s, 'WD1', true, { confirmedFen: 7000 })), 'INSUFFICIENT_BALANCE', '7000 − 0 − 3000 < 5000');
    assert.ok('fact' in decide(s, 'WD1', true, { confirmedFen: 8000 }), '8000 − 0 − 3000 = 5000');
    assert.ok('fact' in decide(s, 'WD1', false, { confirmedFen: 0 }), 'rejecting needs no balance');
    const paid = withdrawalProjection.evolve(s, (decide(s, 'WD2', true, { confirmedFen: 10_000 }) as { fact: WithdrawalFact }).fact);
    assert.equal(codeOf(decide(paid, 'WD1', true, { confirmedFen: 7999 })), 'INSUFFICIENT_BALANCE', 'paid counts: 7999 − 3000 − 0 < 5000');
    assert.ok('decided' in decide(paid, 'WD2', true, { confirmedFen: 0 }), 'a decision made finds it made whatever the balance');
  });

  test('an approved withdrawal posts a balanced group: member −net and −tax, alliance +net, tax +tax', () => {
    const s = requested();
    const w = withdrawalProjection.evolve(s, (decide(s, 'WD1', true) as { fact: WithdrawalFact }).fact).items.WD1!;
    const g = withdrawalPostingGroup('al', 'bob', w);
    assert.equal(groupSum(g), 0);
    assert.deepEqual(
      g.postings.map((p) => [`${p.party.kind}:${p.party.id}`, p.account, p.stage, p.amountFen]),
      [
        ['MEMBER:bob', 'WITHDRAWAL', 'CONFIRMED', -4000],
        ['MEMBER:bob', 'TAX_WITHHELD', 'CONFIRMED', -1000],
        ['ALLIANCE:al', 'PAYOUT', 'CONFIRMED', 4000],
        ['CLEARING:tax', 'TAX_WITHHELD', 'CONFIRMED', 1000],
      ],
    );
    assert.equal(withdrawalPostingGroup('al', 'bob', { ...w, taxFen: 0, netFen: 5000 }).postings.length, 2, 'no zero posting');
    const member = g.postings.filter((p) => p.party.kind === 'MEMBER').reduce((t, p) => t + p.amountFen, 0);
    assert.equal(member, -5000, 'her side is the gross in all');
  });
});
