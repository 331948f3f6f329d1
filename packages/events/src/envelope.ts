import type { EventContracts, LATEST_VERSIONS } from './contracts.js';

/** Every event type the alliance publishes, e.g. `catalog.price-changed`. */
export type EventType = keyof EventContracts;
/** The versions a type has had; old versions stay readable while consumers move on. */
export type EventVersion<T extends EventType> = keyof EventContracts[T] & number;
export type EventData<T extends EventType, V extends EventVersion<T> = LatestVersion<T>> = EventContracts[T][V];

/** The version producers write now. */
export type LatestVersion<T extends EventType> = (typeof LATEST_VERSIONS)[T];

/**
 * What travels on the wire: a fact, named by a deterministic id (it is the outbox `_id` and the
 * `Nats-Msg-Id`, so storing or publishing it twice changes nothing), owned by one alliance.
 */
export interface EventEnvelope<T extends EventType = EventType, V extends EventVersion<T> = EventVersion<T>> {
  id: string;
  type: T;
  version: V;
  allianceId: string;
  /** ISO-8601, from the service clock (`now()`), so a moved dev clock moves it too. */
  occurredAt: string;
  data: EventContracts[T][V];
}

/** Any envelope of any type and version: what a consumer receives before it looks at `type`. */
export type AnyEventEnvelope = { [T in EventType]: { [V in EventVersion<T>]: EventEnvelope<T, V> }[EventVersion<T>] }[EventType];

/** All events live on one stream; the subject is the type, so consumers filter by type. */
export const SUBJECT_PREFIX = 'evt.';
export const subjectFor = (type: string): string => `${SUBJECT_PREFIX}${type}`;

const ID = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,254}$/;

/** Checks what JSON.parse gave us is shaped like an envelope; the data is the contract's business. */
export function parseEnvelope(raw: string): AnyEventEnvelope {
  const v = JSON.parse(raw) as Partial<EventEnvelope>;
  const problems: string[] = [];
  if (typeof v.id !== 'string' || !ID.test(v.id)) problems.push('id');
  if (typeof v.type !== 'string' || !v.type) problems.push('type');
  if (!Number.isInteger(v.version) || (v.version as number) < 1) problems.push('version');
  if (typeof v.allianceId !== 'string' || !v.allianceId) problems.push('allianceId');
  if (typeof v.occurredAt !== 'string' || Number.isNaN(Date.parse(v.occurredAt))) problems.push('occurredAt');
  if (typeof v.data !== 'object' || v.data === null) problems.push('data');
  if (problems.length) throw new Error(`not an event envelope (bad ${problems.join(', ')})`);
  return v as AnyEventEnvelope;
}

/**
 * Event ids are decided by the producer from the fact itself (`<allianceId>:<what>:<version>`), never
 * random: the same fact stored or published twice must collide. The tenant leads, as in every `_id`.
 */
export function assertEventId(id: string, allianceId: string): void {
  if (!ID.test(id)) throw new Error(`event id ${JSON.stringify(id)} must be 1-255 of [A-Za-z0-9:._-]`);
  if (!id.startsWith(`${allianceId}:`)) throw new Error(`event id ${JSON.stringify(id)} must start with its alliance "${allianceId}:"`);
}
