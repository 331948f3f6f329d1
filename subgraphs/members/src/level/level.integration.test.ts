/**
 * Levels on a real FerretDB: completed orders folded into a member's history move her up; with the
 * clock a year on (the service's clock, not the stack's: other suites share that one) she drops back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { withDatabase } from '@alliance/store';
import { testEnv } from '@alliance/testing';
import { OrderHistoryRepository } from '../history/order-history.repository.js';
import { LevelService } from './level.service.js';

const env = testEnv();
let conn: Connection;
const DAY = 86_400_000;

before(async () => {
  conn = await mongoose.createConnection(withDatabase(env.mongodbUri, `levels_it_${Date.now().toString(36)}`), { serverSelectionTimeoutMS: 10_000 }).asPromise();
});
after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test('spend moves a member up a level; a year later, without spending, she is back down', async () => {
  const history = new OrderHistoryRepository(conn);
  const member = { id: 'mem_aaaaaaaaaaaaaaaaaaaaaaaa' };
  let offset = 0;
  const levels = new LevelService({ allianceId: 'demo', principal: null, requestId: 'levels-it' }, history, () => new Date(Date.now() + offset));
  assert.equal((await levels.of(member)).level, 'REGULAR');
  const at = new Date().toISOString();
  await history.record('demo', member.id, { kind: 'COMPLETED', eventId: 'e1', orderId: 'o1', merchantId: 'm-fruit', totalFen: 30_000, at });
  assert.deepEqual(await levels.of(member), { level: 'REGULAR', name: '普通会员', spend12m: 30_000, next: { level: 'SILVER', name: '银卡会员', fromFen: 50_000, toGoFen: 20_000 } });
  await history.record('demo', member.id, { kind: 'COMPLETED', eventId: 'e2', orderId: 'o2', merchantId: 'm-bakery', totalFen: 180_000, at });
  assert.equal((await levels.of(member)).level, 'GOLD', 'spend moves her up');
  await history.record('demo', member.id, { kind: 'REFUNDED', eventId: 'e3', orderId: 'o2', merchantId: 'm-bakery', amountFen: 100_000, at });
  assert.equal((await levels.of(member)).level, 'SILVER', 'a refund takes its spend off');
  offset = 366 * DAY;
  assert.deepEqual(await levels.of(member), { level: 'REGULAR', name: '普通会员', spend12m: 0, next: { level: 'SILVER', name: '银卡会员', fromFen: 50_000, toGoFen: 50_000 } }, 'a year on');
});
