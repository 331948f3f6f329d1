/**
 * The ledger's postings on a real FerretDB: each posting is written exactly once by its key, whether
 * its group is posted again in sequence (a redelivery), at the same time (a double submit), or after a
 * writer died half-way; and a posting whose period is settled already is booked in the first open one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { withDatabase } from '@alliance/store';
import { testEnv } from '@alliance/testing';
import { accrualGroup } from '../ledger/posting-groups.js';
import type { SplitPart } from '../ledger/split.rules.js';
import { LedgerRepository, partyStream } from './ledger.repository.js';
import { periodBounds } from './period.rules.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `ledger_it_${Date.now().toString(36)}`);
let conn: Connection;
let settledThrough: string | null = null;
let ledger: LedgerRepository;

const W10 = '2026-W10';
const inWeek = (period: string) => new Date(periodBounds(period).startMs + 3_600_000).toISOString();
const parts = (shop: string): SplitPart[] => [
  { party: { kind: 'SHOP', id: shop }, account: 'REVENUE', amountFen: 900 },
  { party: { kind: 'MEMBER', id: `sharer-${shop}` }, account: 'COMMISSION_L1', amountFen: 100 },
];

before(async () => {
  conn = await mongoose.createConnection(dbUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  ledger = new LedgerRepository(conn, async () => settledThrough);
});

after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test('a group posted again, in sequence or five at once, is posted once', async () => {
  const group = accrualGroup('ev-1', 'o-1', parts('m-a'));
  await ledger.post('it', group, inWeek(W10), false);
  await ledger.post('it', group, inWeek(W10), true);
  await Promise.all(Array.from({ length: 5 }, () => ledger.post('it', group, inWeek(W10), false)));
  const all = await ledger.totals('it', 'SHOP:m-a');
  assert.deepEqual(all.PENDING, { REVENUE: 900 }, 'the all-time stream holds it once');
  assert.deepEqual((await ledger.periodTotals('it', 'SHOP:m-a', W10)).PENDING, { REVENUE: 900 }, 'the period stream too');
  assert.deepEqual((await ledger.periodTotals('it', 'CLEARING:orders', W10)).PENDING, { PAYMENT: -1000 });
  assert.deepEqual(await ledger.partiesOf('it', W10), ['CLEARING:orders', 'MEMBER:sharer-m-a', 'SHOP:m-a']);
});

test('a posting of a settled week is booked in the first open week; its replay stays where it was booked', async () => {
  settledThrough = '2026-W11';
  const group = accrualGroup('ev-2', 'o-2', parts('m-b'));
  await ledger.post('it', group, inWeek(W10), false);
  assert.deepEqual((await ledger.periodTotals('it', 'SHOP:m-b', '2026-W12')).PENDING, { REVENUE: 900 }, 'booked in W12');
  assert.deepEqual((await ledger.periodTotals('it', 'SHOP:m-b', W10)).PENDING, {}, 'nothing in the settled W10');
  settledThrough = '2026-W12';
  await ledger.post('it', group, inWeek(W10), true);
  assert.deepEqual((await ledger.periodTotals('it', 'SHOP:m-b', '2026-W13')).PENDING, {}, 'the replay adds nothing to W13');
  assert.deepEqual((await ledger.totals('it', 'SHOP:m-b')).PENDING, { REVENUE: 900 });
  settledThrough = null;
});

test('a writer that died half-way: after its claim ages, the next post finishes the group without doubling', async () => {
  const group = accrualGroup('ev-3', 'o-3', parts('m-c'));
  await ledger.post('it', group, inWeek(W10), false);
  // As if the writer died after appending the shop's postings but before marking its claims done.
  const claims = conn.collection('ledger_posting_claims');
  await claims.updateMany({ key: { $regex: '^\\["ev-3"' } } as never, { $set: { done: false, claimedAt: Date.now() - 120_000 } });
  // And as if the sharer's posting had never been appended at all: its streams hold nothing yet.
  await conn.collection('ledger_parties').deleteMany({ streamId: { $in: [partyStream('it', 'MEMBER:sharer-m-c'), partyStream('it', 'MEMBER:sharer-m-c', W10)] } } as never);
  await conn.collection('ledger_parties').deleteMany({ _id: { $in: [partyStream('it', 'MEMBER:sharer-m-c'), partyStream('it', 'MEMBER:sharer-m-c', W10)] } } as never);
  await ledger.post('it', group, inWeek(W10), true);
  assert.deepEqual((await ledger.totals('it', 'SHOP:m-c')).PENDING, { REVENUE: 900 }, 'the shop’s posting is not doubled');
  assert.deepEqual((await ledger.totals('it', 'MEMBER:sharer-m-c')).PENDING, { COMMISSION_L1: 100 }, 'the missing posting is written');
});

test('a young unfinished claim (another call writing right now) is an error to retry, never a second posting', async () => {
  const group = accrualGroup('ev-4', 'o-4', parts('m-d'));
  await ledger.post('it', group, inWeek(W10), false);
  const claims = conn.collection('ledger_posting_claims');
  await claims.updateMany({ key: { $regex: '^\\["ev-4"' } } as never, { $set: { done: false, claimedAt: Date.now() } });
  await assert.rejects(ledger.post('it', group, inWeek(W10), true), /being written by another call/);
  assert.deepEqual((await ledger.totals('it', 'SHOP:m-d')).PENDING, { REVENUE: 900 });
});
