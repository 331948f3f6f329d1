import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referralPaidBy } from './referral.rules.js';
import type { PostingGroup } from './ledger.types.js';

const shop = (id: string) => ({ kind: 'SHOP' as const, id });

test("a shop's order pays the referring shop's fee; the shop's own revenue is not a fee paid", () => {
  const accrual: PostingGroup = {
    sourceEventId: 'e1',
    orderId: 'o1',
    kind: 'ACCRUAL',
    postings: [
      { party: { kind: 'CLEARING', id: 'orders' }, account: 'PAYMENT', stage: 'PENDING', amountFen: -1000 },
      { party: shop('m-fruit'), account: 'REVENUE', stage: 'PENDING', amountFen: 930 },
      { party: { kind: 'ALLIANCE', id: 'demo' }, account: 'FEE', stage: 'PENDING', amountFen: 20 },
      { party: shop('m-bakery'), account: 'REFERRAL_FEE', stage: 'PENDING', amountFen: 50 },
    ],
  };
  assert.deepEqual(referralPaidBy(accrual, 'm-fruit'), [{ stage: 'PENDING', amountFen: 50 }]);
  // Seen from the referrer it is a fee earned, not paid.
  assert.deepEqual(referralPaidBy(accrual, 'm-bakery'), []);
});

test('a confirmation moves the fee from pending to confirmed; a reversal pays back negative', () => {
  const confirmation: PostingGroup = {
    sourceEventId: 'e2',
    orderId: 'o1',
    kind: 'CONFIRMATION',
    postings: [
      { party: shop('m-bakery'), account: 'REFERRAL_FEE', stage: 'PENDING', amountFen: -50 },
      { party: shop('m-bakery'), account: 'REFERRAL_FEE', stage: 'CONFIRMED', amountFen: 50 },
      { party: shop('m-fruit'), account: 'REVENUE', stage: 'PENDING', amountFen: -930 },
      { party: shop('m-fruit'), account: 'REVENUE', stage: 'CONFIRMED', amountFen: 930 },
    ],
  };
  assert.deepEqual(referralPaidBy(confirmation, 'm-fruit'), [
    { stage: 'PENDING', amountFen: -50 },
    { stage: 'CONFIRMED', amountFen: 50 },
  ]);
  const reversal: PostingGroup = { sourceEventId: 'e3', orderId: 'o1', kind: 'REVERSAL', postings: [{ party: shop('m-bakery'), account: 'REFERRAL_FEE', stage: 'CONFIRMED', amountFen: -25 }] };
  assert.deepEqual(referralPaidBy(reversal, 'm-fruit'), [{ stage: 'CONFIRMED', amountFen: -25 }]);
  assert.deepEqual(referralPaidBy({ ...reversal, postings: [] }, 'm-fruit'), []);
});
