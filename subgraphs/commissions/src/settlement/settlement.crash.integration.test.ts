/**
 * `kill -9` during a settlement run, then a restart (issue 8): on a real FerretDB with the admin's real
 * Keycloak token, a past week with a few hundred parties is settled by a child process
 * (settlement.run-once.ts) that is SIGKILLed once some but not all statements are written; the run is
 * then finished in-process with the same key. It must complete once, with one statement per party,
 * balanced, each closing its opening plus its movement. A kill that lands after the run finished proves
 * nothing, so the test then tries again with more parties and fails loudly if it never lands mid-run.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import mongoose, { type Connection } from 'mongoose';
import { createTokenVerifier } from '@alliance/auth';
import { factId, Streams, withDatabase } from '@alliance/store';
import { getToken, testEnv } from '@alliance/testing';
import { LedgerRepository } from '../accounts/ledger.repository.js';
import { periodBounds } from '../accounts/period.rules.js';
import { CLEARING, type PostingGroup } from '../ledger/ledger.types.js';
import type { SettlementFact } from './settlement.repository.js';
import { SettlementRepository } from './settlement.repository.js';
import { SettlementService } from './settlement.service.js';
import { statementOf, type Statement } from './statement.rules.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `settle_crash_${Date.now().toString(36)}`);
const ALLIANCE = 'demo';
const SHOPS = 5;
const script = fileURLToPath(new URL('./settlement.run-once.ts', import.meta.url));
let conn: Connection;
let token: string;
let service: SettlementService;
let child: ChildProcess | undefined;

before(async () => {
  conn = await mongoose.createConnection(dbUri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  token = await getToken(env.keycloakUrl, 'admin');
  const principal = await createTokenVerifier({ keycloakUrl: env.keycloakUrl, realm: 'alliance', audience: 'alliance-api' }).verify(token);
  service = new SettlementService({ allianceId: ALLIANCE, principal, requestId: 'crash-it' }, new SettlementRepository(conn), new LedgerRepository(conn), () => new Date());
});

after(async () => {
  child?.kill('SIGKILL');
  await conn.dropDatabase();
  await conn.close();
});

/**
 * `sharers` completed orders in the week: each a shop's revenue and a sharer's commission against the
 * clearing account, confirmed (what a settlement moves). Distinct sharers per week: one party each.
 */
async function seedWeek(period: string, sharers: number): Promise<void> {
  const ledger = new LedgerRepository(conn);
  const at = new Date(periodBounds(period).startMs + 3_600_000).toISOString();
  const group = (i: number): PostingGroup => ({
    sourceEventId: `crash-${period}-${i}`,
    orderId: `o-${period}-${i}`,
    kind: 'CONFIRMATION',
    postings: [
      { party: CLEARING, account: 'PAYMENT', stage: 'CONFIRMED', amountFen: -(1000 + i) },
      { party: { kind: 'SHOP', id: `m-crash-${i % SHOPS}` }, account: 'REVENUE', stage: 'CONFIRMED', amountFen: 900 + i },
      { party: { kind: 'MEMBER', id: `sharer-${period}-${i}` }, account: 'COMMISSION_L1', stage: 'CONFIRMED', amountFen: 100 },
    ],
  });
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = next++; i < sharers; i = next++) await ledger.post(ALLIANCE, group(i), at, false);
  }));
}

const statementFacts = () => conn.collection('statements').countDocuments({ kind: 'fact' });

/**
 * The statement facts once the database has finished what the killed child sent: the server goes on
 * executing commands already received after the client dies (a count taken at once was seen one
 * short), so count until two reads half a second apart agree.
 */
async function settledCount(): Promise<number> {
  let last = await statementFacts();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await statementFacts();
    if (now === last) return now;
    last = now;
  }
}

/**
 * Runs the settlement of `period` in a child and SIGKILLs it once it has written some but not all of
 * `parties` statements. Returns how many statements the killed run left, or null when the run finished
 * before the kill could land.
 */
async function runAndKill(period: string, key: string, parties: number, before: number): Promise<number | null> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, dbUri, env.keycloakUrl, ALLIANCE, token, new Date(periodBounds(period).endMs).toISOString(), key], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = proc;
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (done) return out.includes('"userErrors":[]') ? null : assert.fail(`the settlement child exited before the kill without settling: ${out}`);
    const written = (await statementFacts()) - before;
    // A third written: kill now (whether it was short of all is checked after the kill).
    if (written >= Math.floor(parties / 3)) break;
    if (Date.now() > deadline) assert.fail(`the settlement child wrote ${written} of ${parties} statements in 2 minutes`);
    await new Promise((r) => setTimeout(r, 10));
  }
  proc.kill('SIGKILL');
  await exited;
  child = undefined;
  const left = (await settledCount()) - before;
  const finished = (await conn.collection('settlement_results').findOne({ _id: `${ALLIANCE}:${period}` as never })) !== null;
  return finished || left >= parties ? null : left;
}

test('a settlement run killed with SIGKILL part-way completes once when run again: one statement per party, balanced', async () => {
  const ledger = new LedgerRepository(conn);
  const streams = { settlements: new Streams(conn.collection('settlements')), statements: new Streams(conn.collection('statements')) };
  let landed: { period: string; key: string; parties: string[]; left: number } | null = null;
  // Settled weeks follow each other; a too-fast run (kill after completion) is settled and the next week tried with more parties.
  const weeks = [['2026-W30', 300], ['2026-W31', 1200]] as const;
  for (const [period, sharers] of weeks) {
    await seedWeek(period, sharers);
    const parties = await ledger.partiesOf(ALLIANCE, period);
    assert.equal(parties.length, sharers + SHOPS + 1, 'every party of the week is in its index');
    const key = `crash-key-${period}`;
    const left = await runAndKill(period, key, parties.length, await statementFacts());
    if (left === null) {
      console.log(`  the kill landed after the run of ${period} (${parties.length} parties) finished; trying a bigger week`);
      const r = await service.run(new Date(periodBounds(period).endMs), key);
      assert.deepEqual(r.userErrors, []);
      continue;
    }
    landed = { period, key, parties, left };
    break;
  }
  if (!landed) assert.fail(`every kill landed after its run finished (${weeks.map(([, n]) => n).join(', ')} sharers): the crash was never tested`);
  const { period, key, parties, left } = landed;
  console.log(`  killed the run of ${period} after ${left} of ${parties.length} statements`);
  assert.ok(left > 0 && left < parties.length);

  // The very step a kill can split: a statement fact stored, its stream's head not yet moved. Leave
  // one such for a party the killed run had not reached, as the kill would have.
  const missing: string[] = [];
  for (const party of parties) if (!(await service.statement(period, partyOf(party)))) missing.push(party);
  assert.equal(missing.length, parties.length - left, 'every statement the killed run stored is found for its party, a headless one too');
  const headless = missing[0]!;
  const headlessStream = `${ALLIANCE}:statements:${headless}`;
  const version = await streams.statements.streamVersion(headlessStream);
  const previous = version ? (await streams.statements.readStream<Statement>(headlessStream, { fromVersion: version, limit: 1 }))[0]!.data : null;
  const orphan = statementOf(period, headless, await ledger.periodTotals(ALLIANCE, headless, period), previous?.closingFen ?? 0);
  await conn.collection('statements').insertOne({ _id: factId(headlessStream, version + 1), kind: 'fact', streamId: headlessStream, version: version + 1, data: orphan } as never);

  // Restart: the same key finishes the run.
  const r = await service.run(new Date(periodBounds(period).endMs), key);
  assert.deepEqual(r.userErrors, []);
  assert.equal(r.period!.status, 'SETTLED');
  assert.deepEqual([r.period!.result!.parties, r.period!.result!.confirmedFen, r.period!.result!.balanced], [parties.length, 0, true]);
  // Again: the same result, nothing added.
  const again = await service.run(new Date(periodBounds(period).endMs), key);
  assert.deepEqual(again.period, r.period);

  // Claimed once.
  const claims = (await streams.settlements.readStream<SettlementFact>(`${ALLIANCE}:settlements`, { limit: 100 })).filter((f) => f.data.periodId === period);
  assert.equal(claims.length, 1, 'one claim for the period');

  // One statement per party for the period, closing = opening + movement, opening = the previous closing.
  let movements = 0;
  for (const party of parties) {
    const facts = (await streams.statements.readStream<Statement>(`${ALLIANCE}:statements:${party}`, { limit: 100 })).map((f) => f.data);
    const mine = facts.filter((s) => s.periodId === period);
    assert.equal(mine.length, 1, `${party}: ${mine.length} statements for ${period}`);
    const s = mine[0]!;
    const before = facts[facts.indexOf(s) - 1];
    assert.equal(s.openingFen, before?.closingFen ?? 0, `${party}: opening is the previous closing`);
    assert.equal(s.closingFen, s.openingFen + s.movementFen, `${party}: closing = opening + movement`);
    const totals = await ledger.periodTotals(ALLIANCE, party, period);
    assert.equal(s.movementFen, Object.values(totals.CONFIRMED).reduce((a, b) => a + (b ?? 0), 0), `${party}: movement is its confirmed postings`);
    movements += s.movementFen;
  }
  assert.equal(movements, 0, 'the trial balance sums to 0');
  // And nothing beyond those: every statement fact in the store is one of the above.
  const total = await statementFacts();
  const expected = (await Promise.all(weeks.map(async ([w]) => (await ledger.partiesOf(ALLIANCE, w)).length))).slice(0, weeks.findIndex(([w]) => w === period) + 1).reduce((a, b) => a + b, 0);
  assert.equal(total, expected, 'no statement written twice');
});

function partyOf(key: string): { kind: string; id: string } {
  const i = key.indexOf(':');
  return { kind: key.slice(0, i), id: key.slice(i + 1) };
}
