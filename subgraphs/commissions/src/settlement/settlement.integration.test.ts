/**
 * Settlement runs cut off part-way, then run again, on a real FerretDB with the admin's real Keycloak
 * token (verified as the subgraphs verify it): the settlement service over its own database, without
 * booting a subgraph (whose event consumers would share the stack's). Postings are written through the
 * ledger repository in two past weeks; a run is "cut off" by claiming its period (and, the second time,
 * writing one statement) without finishing, as a crash would leave it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import { createTokenVerifier } from '@alliance/auth';
import { withDatabase } from '@alliance/store';
import { getToken, testEnv } from '@alliance/testing';
import { LedgerRepository } from '../accounts/ledger.repository.js';
import { periodBounds } from '../accounts/period.rules.js';
import { accrualGroup, confirmationGroup } from '../ledger/posting-groups.js';
import type { SplitPart } from '../ledger/split.rules.js';
import { SettlementRepository } from './settlement.repository.js';
import { statementOf } from './statement.rules.js';
import { SettlementService } from './settlement.service.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `commissions_it_${Date.now().toString(36)}`);
let conn: Connection;
let service: SettlementService;

const W1 = '2026-W41';
const W2 = '2026-W42';
const parts: SplitPart[] = [
  { party: { kind: 'SHOP', id: 'm-it' }, account: 'REVENUE', amountFen: 900 },
  { party: { kind: 'MEMBER', id: 'sharer-it' }, account: 'COMMISSION_L1', amountFen: 100 },
];

before(async () => {
  conn = await mongoose.createConnection(dbUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  const verifier = createTokenVerifier({ keycloakUrl: env.keycloakUrl, realm: 'alliance', audience: 'alliance-api' });
  const principal = await verifier.verify(await getToken(env.keycloakUrl, 'admin'));
  service = new SettlementService({ allianceId: 'demo', principal, requestId: 'it' }, new SettlementRepository(conn), new LedgerRepository(conn), () => new Date());
  const ledger = new LedgerRepository(conn);
  // An order accrued in week 1 and confirmed in week 2.
  const at1 = new Date(periodBounds(W1).startMs + 3_600_000).toISOString();
  const at2 = new Date(periodBounds(W2).startMs + 3_600_000).toISOString();
  await ledger.post('demo', accrualGroup('it-placed', 'o-it', parts), at1, false);
  await ledger.post('demo', confirmationGroup('it-completed', 'o-it', parts), at2, false);
});

after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test('a run cut off after its claim, and one cut off after one statement, finish when run again with their key — once', async () => {
  const settlements = new SettlementRepository(conn);
  // Week 1: claimed, nothing written.
  await settlements.claim('demo', () => ({ periodId: W1, idempotencyKey: 'it-key-1', by: 'admin', startedAt: new Date().toISOString() }));
  const r1 = await service.run(new Date(periodBounds(W1).endMs), 'it-key-1');
  assert.deepEqual(r1.userErrors, []);
  assert.deepEqual([r1.period!.status, r1.period!.result!.parties, r1.period!.result!.balanced], ['SETTLED', 3, true]);
  const other = await service.run(new Date(periodBounds(W1).endMs), 'it-key-other');
  assert.deepEqual(other.userErrors.map((e: any) => e.code), ['ALREADY_SETTLED']);

  // Week 2: claimed, and the sharer's statement written before the crash.
  await settlements.claim('demo', () => ({ periodId: W2, idempotencyKey: 'it-key-2', by: 'admin', startedAt: new Date().toISOString() }));
  const ledger = new LedgerRepository(conn);
  const sharerTotals = await ledger.periodTotals('demo', 'MEMBER:sharer-it', W2);
  await settlements.addStatement('demo', (previous) => statementOf(W2, 'MEMBER:sharer-it', sharerTotals, previous?.closingFen ?? 0));
  const r2 = await service.run(new Date(periodBounds(W2).endMs), 'it-key-2');
  assert.deepEqual(r2.userErrors, []);
  assert.equal(r2.period!.result!.balanced, true);
  // Run once more with the same key: the same result, nothing doubled.
  const again = await service.run(new Date(periodBounds(W2).endMs), 'it-key-2');
  assert.deepEqual(again.period, r2.period);

  // The sharer: pending in week 1 (no confirmed movement), 100 confirmed in week 2, each statement once.
  const s1 = (await service.statement(W1, { kind: 'MEMBER', id: 'sharer-it' }))!;
  const s2 = (await service.statement(W2, { kind: 'MEMBER', id: 'sharer-it' }))!;
  assert.deepEqual([s1.openingFen, s1.movementFen, s1.closingFen, s1.pendingFen], [0, 0, 0, 100]);
  assert.deepEqual([s2.openingFen, s2.movementFen, s2.closingFen, s2.pendingFen], [0, 100, 100, -100]);
  const history = await new SettlementRepository(conn).lastStatement('demo', 'MEMBER:sharer-it');
  assert.equal(history?.periodId, W2);
});
