/**
 * The settlement part of `npm run bench` (issue 8): one settlement run of 10,000 and of 100,000 orders,
 * each with ten settled weeks before it, timed with its peak memory and database round trips; and
 * ledger postings per second while the commissions subgraph consumes order events from NATS.
 *
 * Seeding 1.1 M orders through the ledger's write path (two stream appends and a claim per posting) would
 * take hours here, so the weeks are bulk-inserted in the exact stored shape the repositories write, built
 * by the real pure functions: splitOrder and the accrual/confirmation posting groups per order, the totals
 * projection per party and week, statementOf per party and settled week. `checkSeedShape` first writes a
 * sample both ways and requires the seeded one to read back through LedgerRepository and
 * SettlementRepository exactly as the written one does.
 *
 * What is seeded per week: each party's week stream head with its snapshot (what a settlement reads), the
 * week's party index and its claims; the week being settled also gets every posting fact of its party
 * streams (16–17 per order). The ten settled weeks get their statements (each party's statement stream),
 * the alliance's settled-periods stream and results, but not their posting facts (16.5 M documents at the
 * ~10,000 inserts/s FerretDB manages here: most of an hour), nor the all-time party streams or the orders'
 * decision streams: a settlement reads none of them.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createTokenVerifier } from '@alliance/auth';
import { connectEventBus } from '@alliance/events';
import { factId, Streams, withDatabase } from '@alliance/store';
import { getToken } from '@alliance/testing';
import { LedgerRepository, partyStream, totalsProjection, type PartyEntry, type PartyTotals } from '../../subgraphs/commissions/src/accounts/ledger.repository.js';
import { periodBounds, periodOf } from '../../subgraphs/commissions/src/accounts/period.rules.js';
import { partyKey, postingKey, type PostingGroup } from '../../subgraphs/commissions/src/ledger/ledger.types.js';
import type { AlliancePolicy, CommissionRule } from '../../subgraphs/commissions/src/ledger/rules.js';
import { accrualGroup, confirmationGroup, splitOrder } from '../../subgraphs/commissions/src/ledger/split.rules.js';
import { SettlementRepository, settlementsStream, statementsStream, type SettlementFact, type SettlementResult } from '../../subgraphs/commissions/src/settlement/settlement.repository.js';
import { SettlementService } from '../../subgraphs/commissions/src/settlement/settlement.service.js';
import { statementOf, trialBalance, type Statement } from '../../subgraphs/commissions/src/settlement/statement.rules.js';
import { step } from './log.js';

export interface SettlementBenchStack {
  mongodbUri: string;
  natsUrl: string;
  keycloakUrl: string;
}

/** Orders per settled week, in order; `none` skips the settlement runs (iterating on the ledger part). */
const SIZES = process.env.BENCH_SETTLE_ORDERS === 'none' ? [] : (process.env.BENCH_SETTLE_ORDERS ?? '10000,100000').split(',').map(Number);
const EVENTS_ORDERS = Number(process.env.BENCH_LEDGER_ORDERS ?? 500);
const ALLIANCE = 'bench';
const SHOPS = 20;
const LEADERS = 50;
const HISTORY = ['2026-W30', '2026-W31', '2026-W32', '2026-W33', '2026-W34', '2026-W35', '2026-W36', '2026-W37', '2026-W38', '2026-W39'];
const SETTLED = '2026-W40';
const DAY = 86_400_000;
const BATCH = 5000;
const runOnce = fileURLToPath(new URL('../../subgraphs/commissions/src/settlement/settlement.run-once.ts', import.meta.url));

/** Every shop's rule: 5% alliance fee, L1 3%, L2 1%, leader 2%. */
const rule = (merchantId: string): CommissionRule => ({ merchantId, version: 1, effectiveFrom: 0, feeBp: 500, rates: [{ category: '*', l1Bp: 300, l2Bp: 100, leaderBp: 200 }] });
const POLICY: AlliancePolicy = { referralBp: 100, referralDays: 90, allowSelfPurchase: false, bindingDays: 15 };

/**
 * Order `i` of `orders` in a week, as the ledger consumer posts it: accrued when placed, confirmed an
 * hour later. Parties: 20 shops, the alliance, orders/5 sharers (every fourth with an upline, another
 * sharer), 50 group leaders on every other order, and the clearing account. No referral fees (their
 * memo streams are beside the ledger and a settlement reads none of them).
 */
function orderGroups(period: string, i: number, orders: number): { group: PostingGroup; at: string }[] {
  const sharers = Math.max(2, Math.round(orders / 5));
  const placedAt = periodBounds(period).startMs + Math.floor((i / orders) * 6 * DAY);
  const merchantId = `m-${i % SHOPS}`;
  const k = i % sharers;
  const orderId = `${period}-o${i}`;
  const parts = splitOrder(
    { orderId, merchantId, buyer: `b-${i}`, placedAt, lines: [{ category: 'fruit', netFen: 1000 + ((i * 7919) % 20_000) }] },
    rule(merchantId),
    POLICY,
    { sharer: `s-${k}`, sharerUpline: k % 4 === 0 ? `s-${(k + 1) % sharers}` : null, leader: i % 2 === 0 ? `leader-${i % LEADERS}` : null, referrerShop: null, referralUntil: null },
    ALLIANCE,
  );
  return [
    { group: accrualGroup(`${orderId}:placed`, orderId, parts), at: new Date(placedAt).toISOString() },
    { group: confirmationGroup(`${orderId}:completed`, orderId, parts), at: new Date(placedAt + 3_600_000).toISOString() },
  ];
}

const factDoc = <F>(streamId: string, version: number, data: F) => ({ _id: factId(streamId, version), kind: 'fact', streamId, version, data });
const headDoc = <S>(streamId: string, version: number, state?: S) => ({ _id: streamId, kind: 'head', version, ...(state !== undefined ? { snapshot: { version, state } } : {}) });

/** Buffered unordered bulk inserts into one collection. */
class Bulk {
  private docs: object[] = [];
  written = 0;
  constructor(private readonly conn: Connection, private readonly name: string) {}
  async add(doc: object): Promise<void> {
    this.docs.push(doc);
    if (this.docs.length >= BATCH) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.docs.length) return;
    const docs = this.docs;
    this.docs = [];
    await this.conn.collection(this.name).insertMany(docs as never[], { ordered: false });
    this.written += docs.length;
  }
}

/** One week's party streams as LedgerRepository.post leaves them: facts (optional), heads, index, claims. */
class WeekSeed {
  /** Per party: stream version and totals, in the order parties first posted (the index's order). */
  readonly parties = new Map<string, { version: number; totals: PartyTotals }>();
  constructor(private readonly period: string, private readonly facts: Bulk | null) {}

  async post(group: PostingGroup, at: string): Promise<void> {
    if (periodOf(at) !== this.period) throw new Error(`${group.sourceEventId} is not in ${this.period}`);
    for (const p of group.postings) {
      const party = partyKey(p.party);
      const s = this.parties.get(party) ?? { version: 0, totals: totalsProjection.initial };
      const entry: PartyEntry = { key: postingKey(group, p), sourceEventId: group.sourceEventId, orderId: group.orderId, account: p.account, stage: p.stage, amountFen: p.amountFen, at, period: this.period };
      s.version += 1;
      s.totals = totalsProjection.evolve(s.totals, entry);
      this.parties.set(party, s);
      await this.facts?.add(factDoc(partyStream(ALLIANCE, party, this.period), s.version, entry));
    }
  }

  /** Heads, the week's party index and its claims (`parties` may come from another week of the same shape). */
  async finish(conn: Connection, parties = this.parties): Promise<void> {
    const heads = new Bulk(conn, 'ledger_parties');
    const index = new Bulk(conn, 'ledger_periods');
    const claims = new Bulk(conn, 'ledger_period_claims');
    const indexStream = `${ALLIANCE}:period:${this.period}`;
    let v = 0;
    for (const [party, s] of parties) {
      await heads.add(headDoc(partyStream(ALLIANCE, party, this.period), s.version, s.totals));
      await index.add(factDoc(indexStream, ++v, { party }));
      await claims.add({ _id: `${ALLIANCE}:pp:${this.period}:${party}`, allianceId: ALLIANCE, listed: true, at: periodBounds(this.period).startMs });
    }
    await index.add(headDoc(indexStream, v));
    for (const b of [heads, index, claims]) await b.flush();
  }
}

/** The settled weeks' statements, settled-periods stream and results, as SettlementService.run leaves them. */
async function seedSettled(conn: Connection, weeks: readonly string[], totalsOf: (week: string) => Map<string, { totals: PartyTotals }>): Promise<void> {
  const statements = new Bulk(conn, 'statements');
  const history = new Map<string, Statement[]>();
  const settled: SettlementFact[] = [];
  const results = new Bulk(conn, 'settlement_results');
  for (const week of weeks) {
    const made: Statement[] = [];
    for (const [party, { totals }] of totalsOf(week)) {
      const mine = history.get(party) ?? [];
      const s = statementOf(week, party, totals, mine.at(-1)?.closingFen ?? 0);
      mine.push(s);
      made.push(s);
      history.set(party, mine);
      await statements.add(factDoc(statementsStream(ALLIANCE, party), mine.length, s));
    }
    const at = new Date(periodBounds(week).endMs + 3_600_000).toISOString();
    settled.push({ periodId: week, idempotencyKey: `seed-${week}`, by: 'admin', startedAt: at });
    const r: SettlementResult = { periodId: week, parties: made.length, ...trialBalance(made), completedAt: at };
    await results.add({ _id: `${ALLIANCE}:${week}`, allianceId: ALLIANCE, ...r });
  }
  for (const [party, mine] of history) await statements.add(headDoc(statementsStream(ALLIANCE, party), mine.length, mine.at(-1)));
  const settlements = new Bulk(conn, 'settlements');
  for (const [i, f] of settled.entries()) await settlements.add(factDoc(settlementsStream(ALLIANCE), i + 1, f));
  await settlements.add(headDoc(settlementsStream(ALLIANCE), settled.length, { settled }));
  for (const b of [statements, results, settlements]) await b.flush();
}

/**
 * `orders` orders in the settled week with all their posting facts, and ten settled weeks of the same
 * orders before it. Returns the number of documents written.
 */
async function seed(conn: Connection, orders: number): Promise<{ docs: number; parties: number }> {
  const facts = new Bulk(conn, 'ledger_parties');
  const week = new WeekSeed(SETTLED, facts);
  for (let i = 0; i < orders; i++) for (const { group, at } of orderGroups(SETTLED, i, orders)) await week.post(group, at);
  await facts.flush();
  await week.finish(conn);
  // The earlier weeks hold the same orders, so the same parties and totals.
  for (const h of HISTORY) await new WeekSeed(h, null).finish(conn, week.parties);
  await seedSettled(conn, HISTORY, () => week.parties);
  const parties = week.parties.size;
  return { docs: facts.written + (HISTORY.length + 1) * parties * 3 + HISTORY.length * (parties + 2) + parties + 12, parties };
}

/**
 * A sample written both ways must read back alike: 60 orders in each of two weeks posted through
 * LedgerRepository.post and the first week settled by SettlementService, against the same seeded in bulk.
 */
async function checkSeedShape(stack: SettlementBenchStack, database: string, adminToken: string): Promise<void> {
  const orders = 60;
  const [realDb, seedDb] = [withDatabase(stack.mongodbUri, `${database}_real`), withDatabase(stack.mongodbUri, `${database}_seed`)];
  const real = await mongoose.createConnection(realDb).asPromise();
  const seeded = await mongoose.createConnection(seedDb).asPromise();
  try {
    const [w1, w2] = [HISTORY[0]!, HISTORY[1]!];
    const ledger = new LedgerRepository(real);
    const weeks = new Map<string, WeekSeed>();
    for (const w of [w1, w2]) {
      const facts = new Bulk(seeded, 'ledger_parties');
      const seedWeek = new WeekSeed(w, facts);
      for (let i = 0; i < orders; i++) {
        for (const { group, at } of orderGroups(w, i, orders)) {
          await ledger.post(ALLIANCE, group, at, false);
          await seedWeek.post(group, at);
        }
      }
      await facts.flush();
      await seedWeek.finish(seeded);
      weeks.set(w, seedWeek);
    }
    const principal = await createTokenVerifier({ keycloakUrl: stack.keycloakUrl, realm: 'alliance', audience: 'alliance-api' }).verify(adminToken);
    const settle = new SettlementService({ allianceId: ALLIANCE, principal, requestId: 'bench' }, new SettlementRepository(real), ledger, () => new Date());
    const run = await settle.run(new Date(periodBounds(w1).endMs), 'bench-check');
    assert.deepEqual(run.userErrors, []);
    await seedSettled(seeded, [w1], (w) => weeks.get(w)!.parties);

    const [rLedger, sLedger] = [ledger, new LedgerRepository(seeded)];
    const [rParties, sParties] = [new Streams(real.collection('ledger_parties')), new Streams(seeded.collection('ledger_parties'))];
    const [rSettle, sSettle] = [new SettlementRepository(real), new SettlementRepository(seeded)];
    for (const w of [w1, w2]) {
      const parties = await rLedger.partiesOf(ALLIANCE, w);
      assert.deepEqual(await sLedger.partiesOf(ALLIANCE, w), parties, `${w}: the party index`);
      for (const party of parties) {
        const stream = partyStream(ALLIANCE, party, w);
        assert.deepEqual(await sLedger.periodTotals(ALLIANCE, party, w), await rLedger.periodTotals(ALLIANCE, party, w), `${stream}: totals`);
        assert.deepEqual(await sParties.readStream(stream, { limit: 1000 }), await rParties.readStream(stream, { limit: 1000 }), `${stream}: facts`);
        const head = async (c: Connection) => c.collection('ledger_parties').findOne({ _id: stream as never });
        assert.deepEqual(await head(seeded), await head(real), `${stream}: head`);
        const claim = async (c: Connection) => (await c.collection('ledger_period_claims').findOne({ _id: `${ALLIANCE}:pp:${w}:${party}` as never }))?.listed;
        assert.deepEqual([await claim(seeded), await claim(real)], [true, true], `${party}: listed in ${w}`);
        assert.deepEqual(await sSettle.statement(ALLIANCE, party, w1), await rSettle.statement(ALLIANCE, party, w1), `${party}: statement of ${w1}`);
        assert.deepEqual(await sSettle.lastStatement(ALLIANCE, party), await rSettle.lastStatement(ALLIANCE, party), `${party}: last statement`);
      }
    }
    assert.deepEqual((await sSettle.state(ALLIANCE)).settled.map((f) => f.periodId), (await rSettle.state(ALLIANCE)).settled.map((f) => f.periodId));
    const result = async (r: SettlementRepository) => {
      const x = (await r.result(ALLIANCE, w1))!;
      return [x.parties, x.confirmedFen, x.pendingFen, x.balanced];
    };
    assert.deepEqual(await result(sSettle), await result(rSettle), 'the settled week\'s result');
  } finally {
    for (const c of [real, seeded]) {
      await c.dropDatabase();
      await c.close();
    }
  }
}

interface RunFigures {
  orders: number;
  parties: number;
  seedDocs: number;
  seedSeconds: number;
  ms: number;
  roundTrips: number;
  baseRssMb: number;
  peakRssMb: number;
  balanced: boolean;
  /** The machine's 1-minute load average when the run ended (the 2 cores are shared). */
  load: number;
}

/** The run in a process of its own (settlement.run-once.ts), so its peak memory is the run's alone. */
function settleInChild(uri: string, keycloakUrl: string, token: string): Promise<{ ms: number; roundTrips: number; baseRssMb: number; peakRssMb: number; payload: { userErrors: unknown[]; period: { result: { parties: number; balanced: boolean } } | null } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', runOnce, uri, keycloakUrl, ALLIANCE, token, new Date(periodBounds(SETTLED).endMs).toISOString(), `bench-${randomUUID()}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the settlement run exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!));
    });
  });
}

async function settleOrders(stack: SettlementBenchStack, database: string, orders: number): Promise<RunFigures> {
  const uri = withDatabase(stack.mongodbUri, `${database}_${orders}`);
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    step(`Settlement: seeding ${orders} orders in ${SETTLED} and ten settled weeks before it…`);
    const t = performance.now();
    const { docs, parties } = await seed(conn, orders);
    const seedSeconds = (performance.now() - t) / 1000;
    step(`Settlement: ${docs} documents in ${seedSeconds.toFixed(0)} s; settling ${SETTLED} (${parties} parties)…`);
    // A fresh token: seeding outlasts one.
    const r = await settleInChild(uri, stack.keycloakUrl, await getToken(stack.keycloakUrl, 'admin'));
    if (r.payload.userErrors.length || !r.payload.period) throw new Error(`the settlement of ${orders} orders failed: ${JSON.stringify(r.payload)}`);
    if (r.payload.period.result.parties !== parties) throw new Error(`the settlement of ${orders} orders wrote ${r.payload.period.result.parties} statements for ${parties} parties`);
    return { orders, parties, seedDocs: docs, seedSeconds, ms: r.ms, roundTrips: r.roundTrips, baseRssMb: r.baseRssMb, peakRssMb: r.peakRssMb, balanced: r.payload.period.result.balanced, load: os.loadavg()[0]! };
  } finally {
    await conn.dropDatabase();
    await conn.close();
  }
}

/**
 * Ledger postings per second: `orders` order.placed and order.completed events published through NATS
 * (an event bus of the bench's own, as the merchants subgraph publishes them) and consumed by the running
 * commissions subgraph's durable ledger consumer, timed from the first publish until its ledger holds
 * every order's confirmation (each order's decision stream at version 2, read by `_id`).
 */
async function ledgerConsumption(stack: SettlementBenchStack, orders: number): Promise<{ orders: number; postings: number; publishSeconds: number; seconds: number; relayed: number }> {
  const conn = await mongoose.createConnection(stack.mongodbUri).asPromise();
  // The relay republishes what JetStream did not ack in time (the publisher's 1 s wait on a loaded machine).
  const bus = await connectEventBus({ url: stack.natsUrl, service: 'bench', connection: conn, logger: pino({ level: 'error' }), relayEveryMs: 1000, relayGraceMs: 1000 });
  bus.startRelay();
  const orderStreams = new Streams(conn.collection('ledger_orders'));
  const parties = conn.collection('ledger_parties');
  try {
    const run = randomUUID().slice(0, 8);
    const postingsBefore = await parties.countDocuments({ kind: 'fact' });
    const now = Date.now();
    const ids = Array.from({ length: orders }, (_, i) => `bench-${run}-${i}`);
    const started = performance.now();
    let next = 0;
    let relayed = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let i = next++; i < orders; i = next++) {
        const orderId = ids[i]!;
        const at = new Date(now - 60_000 + i).toISOString();
        const unitPriceFen = 1000 + ((i * 7919) % 20_000);
        const order = { allianceId: 'demo', orderId, checkoutId: `${orderId}-c`, merchantId: i % 2 ? 'm-fruit' : 'm-bakery', memberSubject: `bench-buyer-${i % 400}`, totalFen: unitPriceFen, paymentMethod: 'ON_HANDOVER' as const, pickupPointId: 'pp-cuiyuan', at };
        const placed = await bus.publish({ id: `demo:order:${orderId}:0000000001`, type: 'order.placed', allianceId: 'demo', data: { ...order, lines: [{ lineId: '1', productId: 'p-bench', specId: 'p-bench-1', category: 'fruit', quantity: 1, unitPriceFen }], subtotalFen: unitPriceFen, deliveryFeeFen: 0 } });
        const completed = await bus.publish({ id: `demo:order:${orderId}:0000000002`, type: 'order.completed', allianceId: 'demo', data: { ...order, by: 'SHOP' } });
        relayed += Number(!placed.published) + Number(!completed.published);
      }
    }));
    const publishSeconds = (performance.now() - started) / 1000;
    // Decision streams reach version 2 when an order is confirmed; its postings follow in the same handler.
    const pending = new Set(ids);
    const deadline = Date.now() + 15 * 60_000;
    while (pending.size) {
      if (Date.now() > deadline) throw new Error(`the ledger consumer had not confirmed ${pending.size} of ${orders} orders after 15 minutes`);
      for (const id of [...pending].slice(0, 200)) if ((await orderStreams.headVersion(`demo:lo:${id}`)) >= 2) pending.delete(id);
      if (pending.size) await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    // Each posting is a fact in its party's all-time stream and in its week's; the last order's may still
    // be landing: count until two counts a moment apart agree.
    let facts = await parties.countDocuments({ kind: 'fact' });
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const again = await parties.countDocuments({ kind: 'fact' });
      if (again === facts) break;
      facts = again;
    }
    const postings = Math.round((facts - postingsBefore) / 2);
    return { orders, postings, publishSeconds, seconds, relayed };
  } finally {
    await bus.close();
    await conn.close();
  }
}

export async function benchSettlement(stack: SettlementBenchStack): Promise<string> {
  const database = `settle_bench_${Date.now().toString(36)}`;
  if (SIZES.length) {
    step('Settlement: checking that seeded weeks read back as written ones…');
    await checkSeedShape(stack, database, await getToken(stack.keycloakUrl, 'admin'));
  }
  const runs: RunFigures[] = [];
  for (const orders of SIZES) {
    const r = await settleOrders(stack, database, orders);
    step(`Settlement: ${orders} orders settled in ${(r.ms / 1000).toFixed(1)} s, peak ${r.peakRssMb.toFixed(0)} MB, ${r.roundTrips} round trips`);
    runs.push(r);
  }
  step(`Ledger: consuming ${EVENTS_ORDERS} orders' events from NATS…`);
  const c = await ledgerConsumption(stack, EVENTS_ORDERS);
  const rows = runs
    .map((r) => `  ${String(r.orders).padStart(7)} ${String(r.parties).padStart(8)}   ${(r.ms / 1000).toFixed(1).padStart(7)} s   ${(r.ms / r.parties).toFixed(2).padStart(6)} ms/party   ${r.peakRssMb.toFixed(0).padStart(5)} MB (${r.baseRssMb.toFixed(0)} before)   ${String(r.roundTrips).padStart(8)}   ${(r.roundTrips / r.parties).toFixed(1).padStart(5)}   ${r.balanced ? 'balanced' : 'NOT BALANCED'}   seeded ${r.seedDocs} docs in ${r.seedSeconds.toFixed(0)} s   load ${r.load.toFixed(1)}`)
    .join('\n');
  const [small, large] = [runs[0], runs.at(-1)];
  const ratio = small && large && large !== small ? `\n  ratio ${large.orders / 1000}k/${small.orders / 1000}k: time ${(large.ms / small.ms).toFixed(2)}×, parties ${(large.parties / small.parties).toFixed(2)}×, round trips ${(large.roundTrips / small.roundTrips).toFixed(2)}×` : '';
  if (runs.some((r) => !r.balanced)) process.exitCode = 1;
  const table = runs.length
    ? `
Settlement of one week, ten settled weeks of the same size before it (run in its own process; peak RSS of that process)
    orders  parties      time                peak memory            round trips  /party
${rows}${ratio}
`
    : '';
  return `${table}
Ledger postings while consuming order events (commissions subgraph's durable consumer, events through NATS)
  ${c.orders} orders (order.placed + order.completed): published in ${c.publishSeconds.toFixed(1)} s (${c.relayed} left to the relay), all confirmed after ${c.seconds.toFixed(1)} s
  ${c.postings} postings: ${(c.postings / c.seconds).toFixed(0)} postings/s, ${(c.orders / c.seconds).toFixed(1)} orders/s (load average ${os.loadavg()[0]!.toFixed(1)})
`;
}
