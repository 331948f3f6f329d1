import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The event bookkeeping of one service. Collections are prefixed with the service name
 * (`merchants_outbox`, …): subgraphs are islands even when they share a database.
 */
export interface OutboxDoc {
  /** The event id: storing the same fact twice is a duplicate-key error, never a second event. */
  _id: string;
  allianceId: string;
  type: string;
  subject: string;
  /** The envelope exactly as published (JSON), so a relay sends the very same bytes. */
  envelope: string;
  createdAt: Date;
  publishedAt: Date | null;
  streamSequence: number | null;
}

/**
 * Marks an outbox record not yet on the stream: written before the fact, deleted once it is
 * published. The relay scans only these (a handful), never the whole, ever-growing outbox.
 */
export interface PendingDoc {
  _id: string;
  createdAt: Date;
}

/** One per handled event and consumer: `_id = <eventId>~<consumer>`. */
export interface InboxDoc {
  _id: string;
  allianceId: string;
  consumer: string;
  eventId: string;
  /** `claimed` while a replica runs the handler (since `claimedAtMs`, wall clock), `done` after. */
  state: 'claimed' | 'done';
  claimedAtMs: number;
  handledAt: Date | null;
}

export interface ParkedDoc {
  /** `<eventId>~<consumer>`: parking the same event twice is one record. */
  _id: string;
  allianceId: string;
  consumer: string;
  eventId: string;
  type: string;
  envelope: string;
  error: string;
  attempts: number;
  streamSequence: number;
  parkedAt: Date;
}

export interface EventModels {
  outbox: Model<OutboxDoc>;
  pending: Model<PendingDoc>;
  inbox: Model<InboxDoc>;
  parked: Model<ParkedDoc>;
}

export function eventModels(conn: Connection, service: string): EventModels {
  const prefix = service.replace(/[^A-Za-z0-9]/g, '_');
  const model = <T>(name: string, schema: Schema<T>): Model<T> => (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);

  const outbox = new Schema<OutboxDoc>(
    {
      _id: { type: String, required: true },
      allianceId: { type: String, required: true },
      type: { type: String, required: true },
      subject: { type: String, required: true },
      envelope: { type: String, required: true },
      createdAt: { type: Date, required: true },
      publishedAt: { type: Date, default: null },
      streamSequence: { type: Number, default: null },
    },
    { collection: `${prefix}_outbox`, versionKey: false },
  );
  const pending = new Schema<PendingDoc>({ _id: String, createdAt: Date }, { collection: `${prefix}_outbox_pending`, versionKey: false });

  const inbox = new Schema<InboxDoc>(
    { _id: String, allianceId: String, consumer: String, eventId: String, state: String, claimedAtMs: Number, handledAt: Date },
    { collection: `${prefix}_inbox`, versionKey: false },
  );
  const parked = new Schema<ParkedDoc>(
    { _id: String, allianceId: String, consumer: String, eventId: String, type: String, envelope: String, error: String, attempts: Number, streamSequence: Number, parkedAt: Date },
    { collection: `${prefix}_parked_events`, versionKey: false },
  );

  return {
    outbox: model(`${prefix}:Outbox`, outbox),
    pending: model(`${prefix}:OutboxPending`, pending),
    inbox: model(`${prefix}:Inbox`, inbox),
    parked: model(`${prefix}:ParkedEvent`, parked),
  };
}
