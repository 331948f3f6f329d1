/**
 * The store's primitives raced on a real FerretDB (or MongoDB). Reads only TEST_MONGODB_URI, so it runs
 * under `npm test` and by hand against a FerretDB you started:
 *   TEST_MONGODB_URI=mongodb://127.0.0.1:<port>/x node --import tsx --test packages/store/src/store.integration.test.ts
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';
import { withDatabase } from './mongo.js';
import type { StoreCollection } from './collection.js';
import { insertOnce } from './insert-once.js';
import { factId, Streams, VersionConflict } from './stream.js';
import { IdempotencyError, idempotent, requestHash } from './idempotency.js';
import { localId, TenantRepository, tenantId, type TenantDoc } from './tenant-repository.js';
import { Sweeper } from './sweeper.js';

const base = process.env.TEST_MONGODB_URI;
if (!base) throw new Error('TEST_MONGODB_URI must name a FerretDB or MongoDB server (npm test sets it)');
const uri = withDatabase(base, `store_it_${Date.now().toString(36)}`);

let conn: Connection;
/** Every find/delete/update filter the driver sent, to hold request paths to `{_id: <string>}`. */
const filters: { command: string; filter: unknown }[] = [];
const coll = (name: string): StoreCollection => conn.db!.collection(name);
const N = 50;

before(async () => {
  conn = await mongoose.createConnection(uri, { monitorCommands: true, serverSelectionTimeoutMS: 10_000, autoIndex: false, autoCreate: false }).asPromise();
  conn.getClient().on('commandStarted', (e) => {
    const c = e.command as Record<string, any>;
    if (e.commandName === 'find') filters.push({ command: 'find', filter: c.filter });
    if (e.commandName === 'update') for (const u of c.updates ?? []) filters.push({ command: 'update', filter: u.q });
    if (e.commandName === 'delete') for (const d of c.deletes ?? []) filters.push({ command: 'delete', filter: d.q });
  });
});

after(async () => {
  await conn.dropDatabase();
  await conn.close();
});

/** Runs `fn` and returns the filters it sent. */
async function captureFilters(fn: () => Promise<unknown>) {
  const start = filters.length;
  await fn();
  return filters.slice(start);
}
const onlyIdReads = (seen: { filter: unknown }[]) =>
  seen.every((f) => {
    const keys = Object.keys(f.filter as object);
    return keys.length === 1 && keys[0] === '_id' && typeof (f.filter as { _id: unknown })._id === 'string';
  });

describe('insertOnce', () => {
  test(`${N} concurrent insertOnce on one key: exactly one inserted, all see the winner`, async () => {
    const c = coll('decisions');
    const results = await Promise.all(Array.from({ length: N }, (_, i) => insertOnce(c, 'alliance-1:settlement:2026-11', { caller: i })));
    const winners = results.filter((r) => r.inserted);
    assert.equal(winners.length, 1);
    const winner = (winners[0] as { doc: { caller: number } }).doc.caller;
    for (const r of results) assert.equal(r.inserted ? r.doc.caller : r.existing.caller, winner);
    assert.equal(await c.countDocuments({}), 1);
  });

  test('the decision key wins over an _id in the document', async () => {
    const r = await insertOnce(coll('decisions'), 'k2', { _id: 'sneaky', v: 1 } as { v: number });
    assert.ok(r.inserted);
    assert.ok(await coll('decisions').findOne({ _id: 'k2' } as never));
    assert.equal(await coll('decisions').findOne({ _id: 'sneaky' } as never), null);
  });
});

describe('append streams', () => {
  test(`${N} concurrent writers at the same expected version: exactly one winner per version`, async () => {
    const streams = new Streams(coll('rounds'));
    for (let v = 0; v < 5; v++) {
      const results = await Promise.all(Array.from({ length: N }, (_, i) => streams.append('s:rounds', v, { round: v, writer: i })));
      const ok = results.filter((r) => r.ok);
      assert.equal(ok.length, 1, `version ${v + 1} has one winner`);
      for (const r of results) if (!r.ok) assert.ok(r.currentVersion >= v + 1);
    }
    assert.equal(await streams.streamVersion('s:rounds'), 5);
    assert.deepEqual((await streams.readStream<{ round: number }>('s:rounds')).map((f) => [f.version, f.data.round]), [[1, 0], [2, 1], [3, 2], [4, 3], [5, 4]]);
  });

  test(`${N} concurrent writers with retry all land: versions 1..${N} contiguous, no fact lost`, async () => {
    const streams = new Streams(coll('orders'));
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => streams.appendWithRetry('demo:member:alice:orders', () => ({ writer: i }), { maxAttempts: 500 })),
    );
    const versions = results.map((r) => (r.appended ? r.version : -1)).sort((a, b) => a - b);
    assert.deepEqual(versions, Array.from({ length: N }, (_, i) => i + 1));
    assert.equal(await streams.streamVersion('demo:member:alice:orders'), N);
    const facts = await streams.readStream<{ writer: number }>('demo:member:alice:orders', { limit: 1000 });
    assert.deepEqual(facts.map((f) => f.version), Array.from({ length: N }, (_, i) => i + 1));
    assert.deepEqual(facts.map((f) => f.data.writer).sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i));
    // Each fact's version is the one its writer was told.
    for (const r of results) if (r.appended) assert.equal(facts[r.version - 1]!.data.writer, r.fact.writer);
  });

  test(`${N} concurrent appendAnywhere: every fact lands once at its own version, and the head's snapshot folds them all`, async () => {
    const streams = new Streams(coll('lists'));
    const projection = { initial: 0, evolve: (n: number, f: { add: number }) => n + f.add };
    const results = await Promise.all(Array.from({ length: N }, (_, i) => streams.appendAnywhere('demo:shop:m1', { add: i + 1 }, { projection })));
    assert.deepEqual(results.map((r) => r.version).sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i + 1));
    const facts = await streams.readStream<{ add: number }>('demo:shop:m1', { limit: 1000 });
    assert.deepEqual(facts.map((f) => f.data.add).sort((a, b) => a - b), Array.from({ length: N }, (_, i) => i + 1));
    for (const r of results) assert.ok(facts[r.version - 1], `version ${r.version} exists`);
    // The state a reader gets (snapshot plus whatever is newer) is the fold of every fact.
    const read = await streams.appendWithRetry<{ add: number }, number>('demo:shop:m1', () => null, { projection });
    assert.equal(read.state, (N * (N + 1)) / 2);
    assert.equal(read.version, N);
  });

  test('a projected state decides contended writes: 50 buyers, 30 in stock, exactly 30 sold', async () => {
    const streams = new Streams(coll('stock'));
    type Fact = { kind: 'restock'; qty: number } | { kind: 'sale'; buyer: number; qty: number };
    const projection = { initial: { onHand: 0 }, evolve: (s: { onHand: number }, f: Fact) => ({ onHand: s.onHand + (f.kind === 'restock' ? f.qty : -f.qty) }) };
    await streams.appendWithRetry<Fact, { onHand: number }>('demo:stock:p1', () => ({ kind: 'restock', qty: 30 }), { projection });
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        streams.appendWithRetry<Fact, { onHand: number }>('demo:stock:p1', (s) => (s.onHand >= 1 ? { kind: 'sale', buyer: i, qty: 1 } : null), { projection, maxAttempts: 500 }),
      ),
    );
    assert.equal(results.filter((r) => r.appended).length, 30);
    assert.ok(results.every((r) => r.state.onHand >= 0));
    const facts = await streams.readStream<Fact>('demo:stock:p1', { limit: 100 });
    assert.equal(facts.length, 31);
    assert.equal(facts.reduce((s, f) => projection.evolve(s, f.data), projection.initial).onHand, 0);
    const head = (await coll('stock').findOne({ _id: 'demo:stock:p1' } as never)) as any;
    assert.ok(head.snapshot.version <= 31 && head.snapshot.state.onHand === 30 - (head.snapshot.version - 1));
  });

  test('a head left behind by a crash is caught up by probing; appends continue without gaps', async () => {
    const c = coll('lagging');
    const streams = new Streams(c);
    for (let v = 0; v < 3; v++) assert.ok((await streams.append('s:lag', v, { n: v + 1 })).ok);
    // A writer that crashed between the fact and the head: facts 4 and 5 exist, the head says 3.
    await c.insertMany([4, 5].map((v) => ({ _id: factId('s:lag', v), kind: 'fact', streamId: 's:lag', version: v, data: { n: v } })) as never);
    assert.equal(await streams.streamVersion('s:lag'), 5);
    const stale = await streams.append('s:lag', 3, { n: 'late' });
    assert.deepEqual(stale, { ok: false, conflict: true, currentVersion: 5 });
    assert.deepEqual(await streams.append('s:lag', 5, { n: 6 }), { ok: true, version: 6 });
    // Too high an expected version is refused rather than leaving a gap.
    assert.deepEqual(await streams.append('s:lag', 9, { n: 10 }), { ok: false, conflict: true, currentVersion: 6 });
    assert.equal(await c.findOne({ _id: factId('s:lag', 10) } as never), null);
    // A stream whose head was never written (crash after its first fact).
    await c.insertOne({ _id: factId('s:headless', 1), kind: 'fact', streamId: 's:headless', version: 1, data: {} } as never);
    assert.equal(await streams.streamVersion('s:headless'), 1);
  });

  test('pages read newest first by _id alone', async () => {
    const streams = new Streams(coll('pages'));
    for (let v = 0; v < 12; v++) await streams.append('demo:shop:s1:orders', v, { order: v + 1 });
    let page: { version: number }[] = [];
    const seen = await captureFilters(async () => {
      page = await streams.readBackward('demo:shop:s1:orders', { limit: 5 });
    });
    assert.deepEqual(page.map((f) => f.version), [12, 11, 10, 9, 8]);
    assert.ok(onlyIdReads(seen), `filters: ${JSON.stringify(seen)}`);
    assert.deepEqual((await streams.readBackward('demo:shop:s1:orders', { beforeVersion: 8, limit: 5 })).map((f) => f.version), [7, 6, 5, 4, 3]);
    assert.deepEqual((await streams.readBackward('demo:shop:s1:orders', { beforeVersion: 3, limit: 5 })).map((f) => f.version), [2, 1]);
    assert.deepEqual(await streams.readBackward('demo:shop:s1:orders', { beforeVersion: 1, limit: 5 }), []);
    const forward = await captureFilters(async () => {
      assert.deepEqual((await streams.readStream('demo:shop:s1:orders', { fromVersion: 10, limit: 5 })).map((f) => f.version), [10, 11, 12]);
    });
    assert.ok(onlyIdReads(forward));
    // Every write on a stream filters by `_id` alone too.
    assert.ok(onlyIdReads(await captureFilters(() => streams.append('demo:shop:s1:orders', 12, { order: 13 }))));
  });

  test('retries are bounded: a writer that keeps losing ends in VersionConflict', async () => {
    const real = coll('bounded');
    // A rival that always gets in first: before each of our fact inserts it inserts the same version.
    const rivalled = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== 'insertOne') return Reflect.get(target, prop, receiver);
        return async (doc: { _id: string; version: number; streamId: string }, ...rest: unknown[]) => {
          await target.insertOne({ ...doc, data: { rival: true } } as never);
          return (target.insertOne as (...a: unknown[]) => unknown)(doc, ...rest);
        };
      },
    });
    const streams = new Streams(rivalled);
    let calls = 0;
    await assert.rejects(
      streams.appendWithRetry('s:b', () => ((calls += 1), { mine: true }), { maxAttempts: 3 }),
      (e: VersionConflict) => e instanceof VersionConflict && e.code === 'VERSION_CONFLICT' && e.currentVersion === 3,
    );
    assert.equal(calls, 3);
    const facts = await new Streams(real).readStream<{ rival?: boolean }>('s:b');
    assert.deepEqual(facts.map((f) => [f.version, f.data.rival]), [[1, true], [2, true], [3, true]]);
  });
});

describe('idempotency records', () => {
  const clock = () => new Date();

  test('concurrent first calls run once and all get the same result', async () => {
    const c = coll('idempotency');
    let runs = 0;
    const hash = requestHash({ cart: 'c1', amountFen: 1250 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        idempotent(c, 'demo:checkout:c1', hash, async () => {
          runs += 1;
          await new Promise((r) => setTimeout(r, 100));
          return { orderId: `o-${runs}`, totalFen: 1250 };
        }, { now: clock, waitMs: 10_000 }),
      ),
    );
    assert.equal(runs, 1);
    for (const r of results) assert.deepEqual(r, { orderId: 'o-1', totalFen: 1250 });
    const replay = await idempotent(c, 'demo:checkout:c1', requestHash({ amountFen: 1250, cart: 'c1' }), async () => {
      throw new Error('must not run again');
    }, { now: clock });
    assert.deepEqual(replay, { orderId: 'o-1', totalFen: 1250 });
    const record = (await c.findOne({ _id: 'demo:checkout:c1' } as never)) as any;
    assert.equal(record.status, 'done');
    assert.ok(record.expiresAt > new Date(Date.now() + 23 * 3600_000), 'finished records keep answering for a day');
  });

  test('the same key with a different request is IDEMPOTENCY_KEY_REUSED', async () => {
    const c = coll('idempotency');
    await idempotent(c, 'demo:refund:r1', requestHash({ amountFen: 100 }), async () => 'ok', { now: clock });
    await assert.rejects(
      idempotent(c, 'demo:refund:r1', requestHash({ amountFen: 200 }), async () => 'again', { now: clock }),
      (e: IdempotencyError) => e instanceof IdempotencyError && e.code === 'IDEMPOTENCY_KEY_REUSED',
    );
  });

  test('a failed first call releases the key; a slow one makes others wait, then IN_PROGRESS', async () => {
    const c = coll('idempotency');
    await assert.rejects(idempotent(c, 'demo:k:fail', 'h', async () => { throw new Error('payment provider down'); }, { now: clock }), /provider down/);
    assert.equal(await idempotent(c, 'demo:k:fail', 'h', async () => 'second try', { now: clock }), 'second try');

    let release!: () => void;
    const slow = idempotent(c, 'demo:k:slow', 'h', () => new Promise<string>((r) => (release = () => r('done'))), { now: clock });
    await new Promise((r) => setTimeout(r, 50));
    await assert.rejects(idempotent(c, 'demo:k:slow', 'h', async () => 'dup', { now: clock, waitMs: 100 }), (e: IdempotencyError) => e.code === 'IN_PROGRESS');
    release();
    assert.equal(await slow, 'done');
  });

  test('expiry follows the clock it is given', async () => {
    const c = coll('idempotency');
    const shifted = () => new Date(Date.now() + 10 * 86_400_000);
    await idempotent(c, 'demo:k:shifted', 'h', async () => 1, { now: shifted, ttlMs: 1000 });
    const record = (await c.findOne({ _id: 'demo:k:shifted' } as never)) as any;
    assert.ok(record.expiresAt.getTime() > Date.now() + 9 * 86_400_000);
  });
});

interface Widget extends TenantDoc {
  name: string;
}
class WidgetRepository extends TenantRepository<Widget> {
  constructor(model: Model<Widget>, allianceId: string) {
    super(model, allianceId);
  }
}

describe('tenant-scoped repository', () => {
  let model: Model<Widget>;
  before(() => {
    model = conn.model<Widget>('Widget', new Schema<Widget>({ _id: String, allianceId: { type: String, required: true }, name: String }, { versionKey: false }), 'widgets');
  });

  test('the same local id in two alliances are two documents; neither sees the other', async () => {
    const a = new WidgetRepository(model, 'alliance-a');
    const b = new WidgetRepository(model, 'alliance-b');
    await a.insert('p1', { name: 'A 黄桃' });
    await b.insert('p1', { name: 'B 黄桃' });
    assert.equal((await a.get('p1'))?.name, 'A 黄桃');
    assert.equal((await b.get('p1'))?.name, 'B 黄桃');
    assert.equal((await a.get('p1'))?._id, 'alliance-a:p1');
    assert.equal(localId('alliance-a:p1'), 'p1');
    assert.equal(await a.get('p2'), null);
    await b.update('p1', { name: 'B 锦绣黄桃' });
    assert.equal((await a.get('p1'))?.name, 'A 黄桃');
    assert.deepEqual((await a.scanForBackgroundWork()).map((w) => w._id), ['alliance-a:p1']);
  });

  test('a row under our prefix but of another tenant is not found; batches are parallel _id reads', async () => {
    await coll('widgets').insertOne({ _id: tenantId('alliance-a', 'planted'), allianceId: 'alliance-b', name: 'x' } as never);
    const a = new WidgetRepository(model, 'alliance-a');
    assert.equal(await a.get('planted'), null);
    await a.insert('p2', { name: 'two' });
    let many: (Widget | null)[] = [];
    const seen = await captureFilters(async () => {
      many = await a.getMany(['p2', 'nope', 'planted', 'p1']);
    });
    assert.deepEqual(many.map((w) => w?.name ?? null), ['two', null, null, 'A 黄桃']);
    assert.ok(onlyIdReads(seen), `filters: ${JSON.stringify(seen)}`);
    assert.equal(seen.length, 4);
  });

  test('insertOnce and put stay inside the tenant; bad tenant ids are refused', async () => {
    const a = new WidgetRepository(model, 'alliance-a');
    const first = await a.insertOnce('once', { name: 'first' });
    const second = await a.insertOnce('once', { name: 'second' });
    assert.ok(first.inserted && !second.inserted && second.existing.name === 'first');
    await a.put('once', { name: 'replaced' });
    assert.equal((await a.get('once'))?.name, 'replaced');
    assert.equal((await a.get('once'))?.allianceId, 'alliance-a');
    assert.ok(await a.delete('once'));
    assert.equal(await a.get('once'), null);
    assert.throws(() => new WidgetRepository(model, 'a:b'), TypeError);
    assert.throws(() => tenantId('', 'x'), TypeError);
  });
});

describe('sweeper', () => {
  test('deletes only expired records, per registered collection', async () => {
    const nonces = coll('nonces');
    const reservations = coll('reservations');
    const t0 = Date.now();
    await nonces.insertMany([
      { _id: 'n1', expiresAt: new Date(t0 - 1000) },
      { _id: 'n2', expiresAt: new Date(t0 + 60_000) },
      { _id: 'n3', note: 'never expires' },
    ] as never);
    await reservations.insertMany([
      { _id: 'r1', expiresAt: new Date(t0 - 5) },
      { _id: 'r2', expiresAt: new Date(t0 - 10_000) },
    ] as never);
    const uploads = coll('uploads-sweep');
    // Its expiresAt is when a presigned PUT stops working; the record itself goes at discardAt.
    await uploads.insertMany([
      { _id: 'u1', expiresAt: new Date(t0 - 1000), discardAt: new Date(t0 + 60_000) },
      { _id: 'u2', expiresAt: new Date(t0 - 9000), discardAt: new Date(t0 - 1) },
    ] as never);
    const sweeper = new Sweeper({ now: () => new Date(t0) }).register(nonces).register(reservations).register(uploads, 'discardAt');
    assert.deepEqual(await sweeper.sweepOnce(), { nonces: 1, reservations: 2, 'uploads-sweep': 1 });
    assert.deepEqual((await uploads.find({}).toArray()).map((d) => d._id), ['u1']);
    assert.deepEqual((await nonces.find({}).toArray()).map((d) => d._id).sort(), ['n2', 'n3']);
    assert.equal(await reservations.countDocuments({}), 0);
  });

  test('the loop runs on its interval, follows the clock it is given, and stops', async () => {
    const c = coll('nonces-loop');
    await c.insertOne({ _id: 'later', expiresAt: new Date(Date.now() + 3600_000) } as never);
    let offset = 0;
    const sweeper = new Sweeper({ now: () => new Date(Date.now() + offset), intervalMs: 20 }).register(c).start();
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await c.countDocuments({}), 1);
    offset = 2 * 3600_000; // the development clock moved two hours forward
    const deadline = Date.now() + 3000;
    while ((await c.countDocuments({})) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await c.countDocuments({}), 0);
    await sweeper.stop();
    await c.insertOne({ _id: 'after-stop', expiresAt: new Date(0) } as never);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(await c.countDocuments({}), 1, 'a stopped sweeper deletes nothing');
  });
});
