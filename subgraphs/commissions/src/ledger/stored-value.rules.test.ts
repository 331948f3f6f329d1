import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storedValueGroup } from './stored-value.rules.js';

test('stored value: top-ups and refunds raise the shop’s liability to her, payments and paybacks lower it; each group balances', () => {
  const rows = (kind: 'TOP_UP' | 'PAYMENT' | 'REFUND' | 'PAYBACK') => storedValueGroup('e', { memberSubject: 'sub-a', merchantId: 'm-fruit', kind, amountFen: 500 }).postings.map((p) => [p.party.kind, p.amountFen]);
  assert.deepEqual(rows('TOP_UP'), [['SHOP', -500], ['MEMBER', 500]]);
  assert.deepEqual(rows('REFUND'), [['SHOP', -500], ['MEMBER', 500]]);
  assert.deepEqual(rows('PAYMENT'), [['SHOP', 500], ['MEMBER', -500]]);
  assert.deepEqual(rows('PAYBACK'), [['SHOP', 500], ['MEMBER', -500]]);
});
