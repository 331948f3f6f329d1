import os from 'node:os';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { NatsConnection } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { insertOnce } from '@alliance/store';
import { LATEST_VERSIONS } from './contracts.js';
import { assertEventId, parseEnvelope, subjectFor, type AnyEventEnvelope, type EventData, type EventEnvelope, type EventType, type LatestVersion } from './envelope.js';
import { eventModels, type EventModels, type InboxDoc, type OutboxDoc } from './models.js';
import { connectNats } from './nats-connection.js';
import { ensureStream, STREAM } from './stream.js';

export interface EventBusOptions {
  url: string;
  /** The owning service (`merchants`): names its collections and durable consumers. */
  service: string;
  connection: Connection;
  logger: Logger;
  /** The service clock (runtime's `now`), so a moved dev clock moves `occurredAt` too. */
  now?: () => Date;
  streamReplicas?: number;
  /** How often the relay republishes what a crash left unpublished and refreshes the health figures. */
  relayEveryMs?: number;
  /** An outbox record younger than this is still being published by its writer; the relay leaves it. */
  relayGraceMs?: number;
  /** Durable consumers park an event after this many failed deliveries. */
  maxAttempts?: number;
}

export interface PublishInput<T extends EventType> {
  /** Deterministic, `<allianceId>:…`: the same fact must get the same id. */
  id: string;
  type: T;
  allianceId: string;
  data: EventData<T>;
}

export interface PublishResult {
  id: string;
  /** False when this id was already stored: the first stored fact is what is (re)published. */
  stored: boolean;
  /** False when NATS was unavailable: the relay publishes it later. */
  published: boolean;
  streamSequence: number | null;
}

export interface DeliveryMeta {
  streamSequence: number;
  deliveryCount: number;
}

export type EventHandler = (event: AnyEventEnvelope, meta: DeliveryMeta) => Promise<void> | void;

export interface ConsumeOptions {
  maxAttempts?: number;
  /** Delay before a failed event is offered again (grows with the attempt). */
  retryDelayMs?: (attempt: number) => number;
  ackWaitMs?: number;
}

export interface EphemeralOptions {
  /** Deliver from this stream sequence (a projection catching up); default: only events after now. */
  fromSequence?: number;
}

export interface Subscription {
  /** The first stream sequence this subscription delivers. */
  startSequence: number;
  stop(): Promise<void>;
}

export interface EventsHealth {
  connected: boolean;
  /** Outbox records not yet on the stream (as of the last relay pass, plus this process's since). */
  unpublished: number;
  /** Events this service's consumers gave up on (see the `<service>_parked_events` collection). */
  parked: number;
}

export interface EventBus {
  readonly service: string;
  readonly nats: NatsConnection;
  /** Stores the fact (outbox, `_id` = event id), publishes it with `Nats-Msg-Id` = id, marks it published. */
  publish<T extends EventType>(input: PublishInput<T>): Promise<PublishResult>;
  /** A durable, load-balanced consumer shared by every replica of this service; idempotent per event id. */
  consume(name: string, types: readonly EventType[], handler: EventHandler, opts?: ConsumeOptions): Promise<Subscription>;
  /** An ordered consumer of this replica alone: every replica sees every event (projections). */
  subscribeEphemeral(types: readonly EventType[], handler: EventHandler, opts?: EphemeralOptions): Promise<Subscription>;
  /** One relay pass (the background interval calls it; tests call it directly). */
  relayOnce(): Promise<number>;
  startRelay(): void;
  health(): EventsHealth;
  close(): Promise<void>;
}

const CONSUMER_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ORPHAN_MARKER_MS = 60_000;
/** How long `publish` waits for JetStream's ack before answering with `published: false`. */
const PUBLISH_WAIT_MS = 1_000;

/** Connects to NATS, makes sure the stream exists and registers the outbox/inbox models. */
export async function connectEventBus(o: EventBusOptions): Promise<EventBus> {
  const nc = await connectNats(o.url, `${o.service}@${os.hostname()}:${process.pid}`);
  try {
    const jsm = await jetstreamManager(nc, { timeout: 10_000 });
    await ensureStream(jsm, { replicas: o.streamReplicas ?? 1 });
    return new NatsEventBus(o, nc, jsm, jetstream(nc), eventModels(o.connection, o.service));
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw new Error(`NATS JetStream at ${o.url} is not usable: ${(err as Error).message}`);
  }
}

class NatsEventBus implements EventBus {
  readonly service: string;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly subscriptions = new Set<Subscription>();
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<number> | null = null;
  private figures = { unpublished: 0, parked: 0 };
  private closed = false;

  constructor(
    private readonly o: EventBusOptions,
    readonly nats: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly models: EventModels,
  ) {
    this.service = o.service;
    this.now = o.now ?? (() => new Date());
    this.logger = o.logger.child({ component: 'events' });
  }

  async publish<T extends EventType>(input: PublishInput<T>): Promise<PublishResult> {
    assertEventId(input.id, input.allianceId);
    const dataTenant = (input.data as { allianceId?: unknown }).allianceId;
    if (dataTenant !== undefined && dataTenant !== input.allianceId) throw new Error(`event ${input.id}: data.allianceId ${String(dataTenant)} is not the envelope's ${input.allianceId}`);
    const envelope: EventEnvelope<T, LatestVersion<T>> = {
      id: input.id,
      type: input.type,
      version: LATEST_VERSIONS[input.type] as LatestVersion<T>,
      allianceId: input.allianceId,
      occurredAt: this.now().toISOString(),
      data: input.data as EventEnvelope<T, LatestVersion<T>>['data'],
    };
    const record: OutboxDoc = {
      _id: envelope.id,
      allianceId: envelope.allianceId,
      type: envelope.type,
      subject: subjectFor(envelope.type),
      envelope: JSON.stringify(envelope),
      createdAt: this.now(),
      publishedAt: null,
      streamSequence: null,
    };
    // The marker first: a crash after it and before the fact leaves a marker the relay drops; a crash
    // after the fact leaves both, and the relay publishes the fact.
    await insertOnce(this.models.pending.collection, record._id, { createdAt: record.createdAt });
    const { _id, ...fields } = record;
    const outcome = await insertOnce(this.models.outbox.collection, _id, fields);
    const stored = outcome.inserted;
    // Stored before (a retry, a second writer): that fact, not this copy, is the event.
    const doc = (outcome.inserted ? outcome.doc : outcome.existing) as OutboxDoc;
    if (stored) this.figures.unpublished += 1;
    else if (doc.publishedAt) {
      await this.models.pending.deleteOne({ _id: input.id }).exec();
      return { id: input.id, stored, published: true, streamSequence: doc.streamSequence };
    }
    const sending = this.send(doc).catch((err: Error) => {
      this.logger.warn({ eventId: doc._id, err: err.message }, 'event stored but not published yet; the relay will retry');
      return null;
    });
    // The fact is stored, so the caller's request need not wait out a NATS outage: past a short wait
    // the send goes on in the background (and the relay covers it if it fails).
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), PUBLISH_WAIT_MS)));
    const seq = await Promise.race([sending, waited]);
    clearTimeout(timer);
    return { id: input.id, stored, published: seq !== null, streamSequence: seq };
  }

  /** Publishes one outbox record and marks it; JetStream drops it if the id was already published. */
  private async send(doc: OutboxDoc): Promise<number> {
    const ack = await this.js.publish(doc.subject, doc.envelope, { msgID: doc._id, timeout: 5_000 });
    // `_id` filters only: anything else makes FerretDB scan the outbox on the request path.
    await this.models.outbox.updateOne({ _id: doc._id }, { $set: { publishedAt: this.now(), streamSequence: ack.seq } }).exec();
    const res = await this.models.pending.deleteOne({ _id: doc._id }).exec();
    if (res.deletedCount > 0) this.figures.unpublished = Math.max(0, this.figures.unpublished - 1);
    return ack.seq;
  }

  relayOnce(): Promise<number> {
    // One pass at a time; a slow pass is joined, not doubled.
    this.relaying ??= this.relayPass().finally(() => (this.relaying = null));
    return this.relaying;
  }

  private async relayPass(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - (this.o.relayGraceMs ?? 2_000));
    // Background work: the pending markers are few (only what is not on the stream yet), and each
    // fact is read by `_id`.
    const pending = await this.models.pending.find({}).sort({ createdAt: 1 }).limit(500).lean<{ _id: string; createdAt: Date }[]>().exec();
    let sent = 0;
    for (const marker of pending) {
      if (marker.createdAt > cutoff) continue;
      const doc = await this.models.outbox.findOne({ _id: marker._id }).lean<OutboxDoc>().exec();
      if (!doc) {
        // No fact a minute on: its writer died between the marker and the fact, so there is nothing
        // to publish. (Younger, the writer may only be slow: leave it.)
        if (this.now().getTime() - marker.createdAt.getTime() > ORPHAN_MARKER_MS) await this.models.pending.deleteOne({ _id: marker._id }).exec();
        continue;
      }
      try {
        await this.send(doc);
        sent += 1;
      } catch (err) {
        this.logger.warn({ eventId: doc._id, err: (err as Error).message }, 'relay could not publish; will retry');
        break;
      }
    }
    const [unpublished, parked] = await Promise.all([
      this.models.pending.estimatedDocumentCount().exec(),
      this.models.parked.estimatedDocumentCount().exec(),
    ]);
    this.figures = { unpublished, parked };
    if (sent) this.logger.info({ sent }, 'relay republished events a crash left unpublished');
    return sent;
  }

  startRelay(): void {
    if (this.relayTimer || this.closed) return;
    const tick = () => {
      this.relayOnce().catch((err: Error) => this.logger.warn({ err: err.message }, 'relay pass failed'));
    };
    tick();
    this.relayTimer = setInterval(tick, this.o.relayEveryMs ?? 5_000);
    this.relayTimer.unref();
  }

  async consume(name: string, types: readonly EventType[], handler: EventHandler, opts: ConsumeOptions = {}): Promise<Subscription> {
    if (!CONSUMER_NAME.test(name)) throw new Error(`consumer name ${JSON.stringify(name)} must be 1-64 of [A-Za-z0-9_-]`);
    const durable = `${this.service}-${name}`;
    const maxAttempts = opts.maxAttempts ?? this.o.maxAttempts ?? 5;
    const ackWaitMs = opts.ackWaitMs ?? 30_000;
    const retryDelay = opts.retryDelayMs ?? ((attempt: number) => Math.min(30_000, 250 * 2 ** (attempt - 1)));
    const settings = {
      ack_policy: AckPolicy.Explicit,
      filter_subjects: types.map(subjectFor),
      ack_wait: nanos(ackWaitMs),
      // We count attempts ourselves and park; the server must keep offering until we decide.
      max_deliver: -1,
    };
    const existing = await this.jsm.consumers.info(STREAM, durable).catch(() => null);
    if (existing) await this.jsm.consumers.update(STREAM, durable, settings);
    else await this.jsm.consumers.add(STREAM, { durable_name: durable, deliver_policy: DeliverPolicy.All, ...settings });
    const consumer = await this.js.consumers.get(STREAM, durable);
    const messages = await consumer.consume({ max_messages: 32 });
    const info = await consumer.info(true);
    const handle = async (m: JsMsg) => {
      const meta = { streamSequence: m.info.streamSequence, deliveryCount: m.info.deliveryCount };
      let event: AnyEventEnvelope;
      try {
        event = parseEnvelope(m.string());
      } catch (err) {
        await this.park(name, null, m, err as Error);
        m.term('unparseable');
        return;
      }
      const inboxId = `${event.id}~${name}`;
      const claim = await this.claim(inboxId, event, name, ackWaitMs);
      if (claim === 'done') {
        m.ack(); // handled before (a redelivery, or the same fact published again past the duplicate window)
        return;
      }
      if (claim === 'busy') {
        m.nak(ackWaitMs); // another replica is running it; offered again in case that replica dies
        return;
      }
      try {
        await handler(event, meta);
      } catch (err) {
        await this.models.inbox.deleteOne({ _id: inboxId }).exec();
        if (meta.deliveryCount >= maxAttempts) {
          await this.park(name, event, m, err as Error);
          m.term('parked');
        } else {
          this.logger.warn({ consumer: durable, eventId: event.id, attempt: meta.deliveryCount, err: (err as Error).message }, 'event handler failed; will retry');
          m.nak(retryDelay(meta.deliveryCount));
        }
        return;
      }
      await this.models.inbox.updateOne({ _id: inboxId }, { $set: { state: 'done', handledAt: this.now() } }).exec();
      m.ack();
    };
    return this.track(messages, info.delivered.stream_seq + 1, handle, durable);
  }

  /**
   * Claims an event for this replica before its handler runs, by inserting its inbox record (the
   * unique `_id` decides between replicas handed the same event). A claim older than the ack wait
   * belongs to a replica that died mid-handler and is taken over; handlers still key their own
   * writes on the event id, since a takeover can race a replica that was only slow.
   */
  private async claim(inboxId: string, event: AnyEventEnvelope, consumer: string, leaseMs: number): Promise<'mine' | 'done' | 'busy'> {
    const fields: Omit<InboxDoc, '_id'> = { allianceId: event.allianceId, consumer, eventId: event.id, state: 'claimed', claimedAtMs: Date.now(), handledAt: null };
    const claim = await insertOnce(this.models.inbox.collection, inboxId, fields);
    if (claim.inserted) return 'mine';
    const existing = claim.existing as unknown as InboxDoc;
    if (existing.state !== 'claimed') return 'done';
    if (Date.now() - existing.claimedAtMs < leaseMs) return 'busy';
    await this.models.inbox.updateOne({ _id: inboxId }, { $set: { claimedAtMs: Date.now() } }).exec();
    return 'mine';
  }

  private async park(consumer: string, event: AnyEventEnvelope | null, m: JsMsg, err: Error): Promise<void> {
    const eventId = event?.id ?? `unparseable-${m.info.streamSequence}`;
    const doc = {
      allianceId: event?.allianceId ?? '',
      consumer,
      eventId,
      type: event?.type ?? m.subject,
      envelope: m.string(),
      error: err.message,
      attempts: m.info.deliveryCount,
      streamSequence: m.info.streamSequence,
      parkedAt: this.now(),
    };
    // Parking the same event twice is one record.
    if ((await insertOnce(this.models.parked.collection, `${eventId}~${consumer}`, doc)).inserted) this.figures.parked += 1;
    this.logger.error({ consumer: `${this.service}-${consumer}`, eventId, type: doc.type, attempts: doc.attempts, err: err.message }, 'event parked after repeated failures');
  }

  async subscribeEphemeral(types: readonly EventType[], handler: EventHandler, opts: EphemeralOptions = {}): Promise<Subscription> {
    // "From now" is pinned to a sequence before we return, so nothing published after this call is missed.
    const startSequence = opts.fromSequence ?? (await this.jsm.streams.info(STREAM)).state.last_seq + 1;
    const consumer = await this.js.consumers.get(STREAM, {
      filter_subjects: types.map(subjectFor),
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: startSequence,
    });
    const messages = await consumer.consume();
    const handle = async (m: JsMsg) => {
      try {
        const event = parseEnvelope(m.string());
        await handler(event, { streamSequence: m.info.streamSequence, deliveryCount: m.info.deliveryCount });
      } catch (err) {
        // A projection that misses an event is caught up by its version document; log, go on.
        this.logger.error({ seq: m.info.streamSequence, subject: m.subject, err: (err as Error).message }, 'ephemeral event handler failed');
      }
    };
    return this.track(messages, startSequence, handle, 'ephemeral');
  }

  private track(messages: ConsumerMessages, startSequence: number, handle: (m: JsMsg) => Promise<void>, label: string): Subscription {
    const loop = (async () => {
      for await (const m of messages) {
        await handle(m).catch((err: Error) => {
          // Bookkeeping failed (database down): leave the message unacked; it is redelivered.
          this.logger.error({ consumer: label, err: err.message }, 'event delivery failed');
        });
      }
    })();
    const sub: Subscription = {
      startSequence,
      stop: async () => {
        this.subscriptions.delete(sub);
        await messages.close().catch(() => undefined);
        await loop.catch(() => undefined);
      },
    };
    this.subscriptions.add(sub);
    return sub;
  }

  health(): EventsHealth {
    return { connected: !this.nats.isClosed(), ...this.figures };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.relayTimer) clearInterval(this.relayTimer);
    await this.relaying?.catch(() => undefined);
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.nats.drain().catch(() => this.nats.close());
  }
}
