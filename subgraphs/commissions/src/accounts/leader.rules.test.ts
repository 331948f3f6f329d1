import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaderConfirmation, leaderCut, leaderReversedAt, leaderShareAt, leaderTransfer, mergePostings, type LeaderShare } from './leader.rules.js';
import type { CommissionRule } from '../ledger/rules.js';

const rule: CommissionRule = { merchantId: 'm-fruit', version: 1, effectiveFrom: 0, feeBp: 300, rates: [{ category: '*', l1Bp: 1000, l2Bp: 0, leaderBp: 300 }, { category: 'bakery', l1Bp: 0, l2Bp: 0, leaderBp: 500, leaderCapFen: 100 }] };

test("the leader's cut is per line at its category's rate, capped per order and rate", () => {
  assert.equal(leaderCut([{ category: 'fruit', netFen: 2990 }], rule), 90);
  assert.equal(leaderCut([{ category: 'bakery', netFen: 1500 }, { category: 'bakery', netFen: 1500 }], rule), 100);
  assert.equal(leaderCut([{ category: 'fruit', netFen: 1000 }], { ...rule, rates: [{ category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0 }] }), 0);
});

test('refunds after the handover give her share back cumulatively, ending exactly at zero', () => {
  const net = 2990;
  const amount = leaderShareAt(90, net, 0);
  const share: LeaderShare = { leader: 'lead', amountFen: amount, baseFen: net, refundedAtHandoverFen: 0, reversedFen: 0, confirmed: false };
  let reversed = 0;
  for (const refunded of [700, 701, 2000, 2990]) {
    const now = leaderReversedAt(share, refunded);
    assert.ok(now >= reversed, 'monotone');
    reversed = now;
  }
  assert.equal(reversed, amount);
  assert.equal(leaderShareAt(90, net, 1495), 45, 'half refunded before the handover: half the cut');
});

test('every transfer balances, and merging sums postings of one key', () => {
  const postings = [...leaderTransfer('m-fruit', 'lead', 90, 'PENDING'), ...leaderConfirmation('m-fruit', 'lead', 90)];
  assert.equal(postings.reduce((s, p) => s + p.amountFen, 0), 0);
  const merged = mergePostings({ sourceEventId: 'e', orderId: 'o', kind: 'CONFIRMATION', postings });
  assert.deepEqual(merged.postings.map((p) => [p.party.kind, p.stage, p.amountFen]), [['SHOP', 'CONFIRMED', -90], ['MEMBER', 'CONFIRMED', 90]]);
});
