/**
 * The events package against a real nats-server (JetStream) and a real FerretDB, as `npm test`
 * starts them: publish after store, the relay, idempotent durable consumers, parking, and per-replica
 * ephemeral subscriptions. Each run uses its own service name (collections, durable consumers) and
 * alliance id, so it shares the stack's stream without seeing anyone else's events.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect as natsConnect } from '@nats-io/transport-node';
import { withDatabase } from '@alliance/store';
import { testEnv } from '@alliance/testing';
import { connectEventBus, type AnyEventEnvelope, type EventBus, type PublishInput, STREAM, subjectFor } from './index.js';
import { eventModels } from './models.js';

const env = testEnv();
const run = randomBytes(4).toString('hex');
const service = `evtit${run}`;
const alliance = `it-${run}`;
const logger = pino({ level: 'silent' });
let conn: mongoose.Connection;
const buses: EventBus[] = [];

const bus = async (extra: { relayGraceMs?: number } = {}) => {
  const b = await connectEventBus({ url: env.natsUrl, service, connection: conn, logger, relayGraceMs: extra.relayGraceMs ?? 1_000 });
  buses.push(b);
  return b;
};

let n = 0;
const stockChanged = (stock: number): PublishInput<'catalog.stock-changed'> => {
  n += 1;
  const productId = `p-${n}`;
  return {
    id: `${alliance}:stock:${productId}:${String(stock).padStart(6, '0')}`,
    type: 'catalog.stock-changed',
    allianceId: alliance,
    data: { allianceId: alliance, productId, merchantId: 'm-fruit', catalogVersion: n, stock },
  };
};

/** Collects what an ephemeral subscription sees of this run's events. */
async function collect(b: EventBus) {
  const seen: AnyEventEnvelope[] = [];
  const sub = await b.subscribeEphemeral(['catalog.stock-changed', 'catalog.price-changed'], (e) => {
    if (e.allianceId === alliance) seen.push(e);
  });
  return { seen, sub };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  conn = await mongoose.createConnection(withDatabase(env.mongodbUri, `events_it_${run}`), { serverSelectionTimeoutMS: 10_000 }).asPromise();
});

after(async () => {
  for (const b of buses) await b.close();
  const nc = await natsConnect({ servers: env.natsUrl });
  const jsm = await jetstreamManager(nc);
  for await (const c of jsm.consumers.list(STREAM)) if (c.name.startsWith(`${service}-`)) await jsm.consumers.delete(STREAM, c.name);
  await nc.close();
  await conn.dropDatabase();
  await conn.close();
});

describe('publish after store', () => {
  test('a fact published twice is stored once and lands on the stream once', async () => {
    const b = await bus();
    const { seen, sub } = await collect(b);
    const input = stockChanged(7);
    const first = await b.publish(input);
    const second = await b.publish({ ...input, data: { ...input.data, stock: 999 } });
    assert.deepEqual([first.stored, first.published], [true, true]);
    assert.deepEqual([second.stored, second.published], [false, true], 'the second publish finds the stored fact');
    assert.equal(second.streamSequence, first.streamSequence);
    // The same id straight to JetStream (a writer that crashed before marking): dropped as a duplicate.
    const nc = await natsConnect({ servers: env.natsUrl });
    const ack = await jetstream(nc).publish(subjectFor(input.type), JSON.stringify({ ...input, version: 1, occurredAt: new Date().toISOString() }), { msgID: input.id });
    await nc.close();
    assert.equal(ack.duplicate, true);
    assert.equal(ack.seq, first.streamSequence);

    const marker = await b.publish(stockChanged(1)); // a later event: once it arrives, the earlier would have
    await until('the marker event', () => seen.some((e) => e.id === marker.id));
    const copies = seen.filter((e) => e.id === input.id);
    assert.equal(copies.length, 1, 'exactly one copy delivered');
    assert.equal((copies[0]!.data as { stock: number }).stock, 7, 'the first stored fact is the event');
    const stored = await eventModels(conn, service).outbox.findOne({ _id: input.id }).lean().exec();
    assert.ok(stored?.publishedAt, 'marked published');
    await sub.stop();
  });

  test('the relay republishes what a crash left unpublished, and the health figure counts it meanwhile', async () => {
    const b = await bus();
    const { seen, sub } = await collect(b);
    const input = stockChanged(3);
    const envelope = { id: input.id, type: input.type, version: 1, allianceId: alliance, occurredAt: new Date().toISOString(), data: input.data };
    const { outbox, pending } = eventModels(conn, service);
    // Stored, then the process died before publishing: as its writer left it, but still "young".
    await pending.collection.insertOne({ _id: input.id, createdAt: new Date(Date.now() + 60_000) } as never);
    await outbox.collection.insertOne({
      _id: input.id,
      allianceId: alliance,
      type: input.type,
      subject: subjectFor(input.type),
      envelope: JSON.stringify(envelope),
      createdAt: new Date(Date.now() + 60_000),
      publishedAt: null,
      streamSequence: null,
    } as never);
    assert.equal(await b.relayOnce(), 0, 'a record its writer may still be publishing is left alone');
    assert.ok(b.health().unpublished >= 1, `health counts it: ${JSON.stringify(b.health())}`);
    await pending.updateOne({ _id: input.id }, { $set: { createdAt: new Date(Date.now() - 60_000) } }).exec();
    assert.ok((await b.relayOnce()) >= 1);
    await until('the relayed event', () => seen.some((e) => e.id === input.id));
    assert.equal(b.health().unpublished, 0);
    assert.ok((await outbox.findOne({ _id: input.id }).lean().exec())?.publishedAt);
    await sub.stop();
  });

  test('a marker whose writer died before storing the fact is dropped, and nothing is published', async () => {
    const b = await bus();
    const { pending } = eventModels(conn, service);
    const id = `${alliance}:orphan:${Date.now()}`;
    await pending.collection.insertOne({ _id: id, createdAt: new Date(Date.now() - 10_000) } as never);
    assert.equal(await b.relayOnce(), 0);
    assert.equal(await pending.countDocuments({ _id: id }).exec(), 1, 'a young marker may belong to a slow writer');
    await pending.updateOne({ _id: id }, { $set: { createdAt: new Date(Date.now() - 120_000) } }).exec();
    assert.equal(await b.relayOnce(), 0);
    assert.equal(await pending.countDocuments({ _id: id }).exec(), 0);
  });
});

describe('durable consumers', () => {
  test('a redelivered or re-sent event is handled once', async () => {
    const b = await bus();
    const handled = new Map<string, number>();
    let slow = true;
    const sub = await b.consume(
      'once',
      ['catalog.stock-changed'],
      async (e) => {
        if (e.allianceId !== alliance) return;
        if (slow) {
          // Longer than ack_wait: the server redelivers while this first delivery is still at work.
          slow = false;
          await new Promise((r) => setTimeout(r, 1_500));
        }
        handled.set(e.id, (handled.get(e.id) ?? 0) + 1);
      },
      { ackWaitMs: 1_000 },
    );
    const input = stockChanged(5);
    await b.publish(input);
    // The same fact again under another Nats-Msg-Id: what a republish after the duplicate window looks like.
    const nc = await natsConnect({ servers: env.natsUrl });
    const stored = await eventModels(conn, service).outbox.findOne({ _id: input.id }).lean().exec();
    await jetstream(nc).publish(subjectFor(input.type), stored!.envelope, { msgID: `${input.id}:again` });
    const jsm = await jetstreamManager(nc);
    await until('the consumer to drain', async () => {
      const info = await jsm.consumers.info(STREAM, `${service}-once`);
      return info.num_pending === 0 && info.num_ack_pending === 0 && handled.size > 0;
    });
    await nc.close();
    assert.equal(handled.get(input.id), 1, 'handled exactly once');
    for (const [id, times] of handled) assert.equal(times, 1, `${id} handled once (the first, redelivered past ack_wait, too)`);
    assert.equal(await eventModels(conn, service).inbox.countDocuments({ eventId: input.id }).exec(), 1);
    await sub.stop();
  });

  test('a handler that keeps failing parks the event after N attempts; logs and health show it', async () => {
    const lines: string[] = [];
    const capture = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    const b = await connectEventBus({ url: env.natsUrl, service, connection: conn, logger: capture });
    buses.push(b);
    let calls = 0;
    const sub = await b.consume(
      'parks',
      ['catalog.price-changed'],
      (e) => {
        if (e.allianceId !== alliance) return;
        calls += 1;
        throw new Error('merchant projection unavailable');
      },
      { maxAttempts: 3, retryDelayMs: () => 50 },
    );
    const id = `${alliance}:catalog:price:p-x:1`;
    await b.publish({ id, type: 'catalog.price-changed', allianceId: alliance, data: { allianceId: alliance, productId: 'p-x', merchantId: 'm-fruit', catalogVersion: 1, priceFen: 990, previousPriceFen: 1280 } });
    const { parked } = eventModels(conn, service);
    await until('the event to be parked', async () => Boolean(await parked.exists({ _id: `${id}~parks` }).exec()));
    const doc = await parked.findOne({ _id: `${id}~parks` }).lean().exec();
    assert.equal(doc?.attempts, 3);
    assert.equal(doc?.error, 'merchant projection unavailable');
    assert.equal(calls, 3, 'no attempt after parking');
    assert.ok(b.health().parked >= 1, JSON.stringify(b.health()));
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; eventId?: string; level: number });
    assert.ok(logged.some((l) => l.msg === 'event parked after repeated failures' && l.eventId === id && l.level === 50), 'logged at error level');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calls, 3, 'a parked event is not offered again');
    // A fresh relay pass recounts from the collection (what other replicas see too).
    await b.relayOnce();
    assert.equal(b.health().parked, 1);
    await sub.stop();
  });
});

describe('ephemeral subscriptions', () => {
  test('every replica sees every event; a shared durable consumer reaches only one', async () => {
    const [a, b] = [await bus(), await bus()];
    const [ca, cb] = [await collect(a), await collect(b)];
    const durableSeen: string[] = [];
    const onDurable = (e: AnyEventEnvelope) => {
      if (e.allianceId === alliance) durableSeen.push(e.id);
    };
    const [da, db] = [await a.consume('shared', ['catalog.price-changed'], onDurable), await b.consume('shared', ['catalog.price-changed'], onDurable)];
    const id = `${alliance}:catalog:price:p-y:2`;
    await a.publish({ id, type: 'catalog.price-changed', allianceId: alliance, data: { allianceId: alliance, productId: 'p-y', merchantId: 'm-fruit', catalogVersion: 2, priceFen: 500, previousPriceFen: 600 } });
    await until('both replicas', () => ca.seen.some((e) => e.id === id) && cb.seen.some((e) => e.id === id));
    await until('the durable consumer', () => durableSeen.includes(id));
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(durableSeen.filter((x) => x === id), [id], 'the durable consumer delivers to one replica');
    for (const s of [ca.sub, cb.sub, da, db]) await s.stop();
  });

  test('a subscription can start from a stream sequence (a projection catching up)', async () => {
    const b = await bus();
    const first = await b.publish(stockChanged(11));
    await b.publish(stockChanged(12));
    const seen: string[] = [];
    const sub = await b.subscribeEphemeral(['catalog.stock-changed'], (e) => void (e.allianceId === alliance && seen.push(e.id)), { fromSequence: first.streamSequence! });
    assert.equal(sub.startSequence, first.streamSequence);
    await until('both earlier events', () => seen.length >= 2);
    assert.equal(seen[0], first.id);
    await sub.stop();
  });
});

test('start-up fails clearly when NATS is unreachable', async () => {
  await assert.rejects(
    connectEventBus({ url: 'nats://127.0.0.1:9', service, connection: conn, logger }),
    /cannot reach NATS at nats:\/\/127\.0\.0\.1:9 .*NATS_URL/,
  );
});
