/**
 * Points expiry on a real FerretDB: lots issued now expire whole when the expiry pass runs with the
 * service clock 24 months on (the service's clock, not the stack's: other suites share that one); a
 * spent lot expires nothing; a second pass expires nothing twice; each expiry is published.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { withDatabase } from '@alliance/store';
import { testEnv } from '@alliance/testing';
import { PointsRepository } from './points.repository.js';
import { PointsExpiry } from './points-expiry.js';
import { balanceOf, decideIssue, decideRedeem } from './points.rules.js';

const env = testEnv();
let conn: Connection;
const DAY = 86_400_000;

before(async () => {
  conn = await mongoose.createConnection(withDatabase(env.mongodbUri, `points_expiry_it_${Date.now().toString(36)}`), { serverSelectionTimeoutMS: 10_000 }).asPromise();
});
after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test('lots expire on the one clock, once, and each expiry is published', async () => {
  const repo = new PointsRepository(conn);
  const nowMs = Date.now();
  const issue = async (memberId: string, n: number, merchantId: string, totalFen: number) => {
    const r = await repo.decide('demo', memberId, (s) => ({ fact: decideIssue(s, { eventId: `e-${memberId}-${n}`, orderId: `o-${memberId}-${n}`, merchantId, totalFen, rateBp: 100, atMs: nowMs, expiryMonths: 24 }), outcome: null }));
    if (r.fact?.kind === 'ISSUED') await repo.scheduleExpiry('demo', { memberId, lotId: r.fact.lotId, expiresAt: r.fact.expiresAt });
  };
  await issue('mem_aaaaaaaaaaaaaaaaaaaaaaaa', 1, 'm-fruit', 10_000);
  await issue('mem_aaaaaaaaaaaaaaaaaaaaaaaa', 2, 'm-bakery', 5_000);
  await issue('mem_bbbbbbbbbbbbbbbbbbbbbbbb', 1, 'm-fruit', 20_000);
  // b spends all of hers: nothing of it can expire.
  await repo.decide('demo', 'mem_bbbbbbbbbbbbbbbbbbbbbbbb', (s) => {
    const d = decideRedeem(s, { checkoutId: 'c1', points: 200, orders: [{ orderId: 'x', merchantId: 'm-tea', totalFen: 1_000 }], nowMs });
    return { fact: 'code' in d ? null : d.fact, outcome: null };
  });

  const published: Array<{ type: string; data: unknown }> = [];
  let offset = 0;
  const expiry = new PointsExpiry(repo, { publish: async (e) => (published.push({ type: e.type, data: e.data }), { id: e.id, stored: true, published: true, streamSequence: null }) }, () => new Date(nowMs + offset), 60_000, pino({ level: 'silent' }));
  assert.equal(await expiry.runOnce(), 0, 'nothing has expired yet');
  offset = 400 * DAY;
  assert.equal(await expiry.runOnce(), 0, 'a year on: still nothing');
  offset = 2 * 366 * DAY;
  assert.equal(await expiry.runOnce(), 2, 'two years on: a’s two lots');
  assert.equal(await expiry.runOnce(), 0, 'and never twice');
  assert.deepEqual(published.map((p) => p.type), ['points.expired', 'points.expired']);
  assert.deepEqual(published.map((p) => (p.data as { issuerId: string; points: number }).points).sort((x, y) => x - y), [50, 100]);
  const a = await repo.state('demo', 'mem_aaaaaaaaaaaaaaaaaaaaaaaa');
  assert.equal(balanceOf(a, nowMs).balance, 0, 'her lots are gone');
});
