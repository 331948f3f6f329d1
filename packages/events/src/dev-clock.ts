import { createHmac, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import { createInbox, type NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { connectNats } from './nats-connection.js';

/**
 * The development clock control's transport. The offset lives in one NATS KV entry; every service
 * started with CLOCK_CONTROL=true watches it and applies it to its clock, and answers a status
 * request with the revision it applied, so whoever moved the clock can wait until every running
 * service has. The value is signed with the stack's internal secret (GATEWAY_SECRET): a client on the
 * NATS network without it cannot move time. Production refuses to start with the control on.
 */
export const CLOCK_BUCKET = 'dev-clock';
export const CLOCK_KEY = 'offset';
export const CLOCK_STATUS_SUBJECT = 'dev.clock.status';

interface SignedOffset {
  offsetMs: number;
  issuedAt: string;
  sig: string;
}

export interface ClockAck {
  service: string;
  instance: string;
  /** KV revision of the offset this instance applied (0: none yet). */
  revision: number;
  offsetMs: number;
}

const mac = (secret: string, offsetMs: number, issuedAt: string) => createHmac('sha256', secret).update(`dev-clock:${offsetMs}:${issuedAt}`).digest('hex');

export function signOffset(secret: string, offsetMs: number, issuedAt = new Date().toISOString()): SignedOffset {
  if (!Number.isSafeInteger(offsetMs)) throw new RangeError(`clock offset must be a whole number of milliseconds, got ${offsetMs}`);
  return { offsetMs, issuedAt, sig: mac(secret, offsetMs, issuedAt) };
}

/** The offset in a signed value, or null when it is malformed or not signed with `secret`. */
export function verifyOffset(secret: string, raw: string): number | null {
  let v: Partial<SignedOffset>;
  try {
    v = JSON.parse(raw) as Partial<SignedOffset>;
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(v.offsetMs) || typeof v.issuedAt !== 'string' || typeof v.sig !== 'string') return null;
  const want = Buffer.from(mac(secret, v.offsetMs as number, v.issuedAt), 'hex');
  const got = Buffer.from(v.sig, 'hex');
  return got.length === want.length && timingSafeEqual(got, want) ? (v.offsetMs as number) : null;
}

const openBucket = (nc: NatsConnection): Promise<KV> => new Kvm(nc).create(CLOCK_BUCKET, { history: 1 });

export interface ClockWatchOptions {
  service: string;
  secret: string;
  logger: Logger;
  /** runtime's setClockOffset / clockOffset. */
  apply(offsetMs: number): void;
  current(): number;
}

export interface ClockWatch {
  stop(): Promise<void>;
}

/** Applies the stack's clock offset now and whenever it changes; answers status requests. */
export async function watchDevClock(nc: NatsConnection, o: ClockWatchOptions): Promise<ClockWatch> {
  const kv = await openBucket(nc);
  const instance = `${o.service}@${os.hostname()}:${process.pid}`;
  let revision = 0;
  const status = nc.subscribe(CLOCK_STATUS_SUBJECT, {
    callback: (_err, msg) => {
      const ack: ClockAck = { service: o.service, instance, revision, offsetMs: o.current() };
      msg.respond(JSON.stringify(ack));
    },
  });
  const apply = (value: string, rev: number) => {
    const offset = verifyOffset(o.secret, value);
    if (offset === null) {
      o.logger.warn({ revision: rev }, 'dev clock: ignored an offset not signed with this stack\'s secret');
      return;
    }
    o.apply(offset);
    revision = rev;
    o.logger.info({ offsetMs: offset, revision: rev }, 'dev clock: offset applied');
  };
  // Read the current value before answering "ready", so a service starts on the stack's time.
  const initial = await kv.get(CLOCK_KEY);
  if (initial?.operation === 'PUT') apply(initial.string(), initial.revision);
  const watch = await kv.watch({ key: CLOCK_KEY });
  const loop = (async () => {
    for await (const e of watch) {
      if (e.operation === 'PUT' && e.revision > revision) apply(e.string(), e.revision);
    }
  })();
  await nc.flush();
  o.logger.warn({ offsetMs: o.current() }, 'dev clock control is ON (development/test only)');
  return {
    async stop() {
      status.unsubscribe();
      watch.stop();
      await loop.catch(() => undefined);
    },
  };
}

/** Asks every service that runs the clock control where its clock is; collects answers for `windowMs`. */
export async function clockStatus(nc: NatsConnection, windowMs = 300): Promise<ClockAck[]> {
  const inbox = createInbox();
  const acks: ClockAck[] = [];
  const sub = nc.subscribe(inbox, { callback: (_err, msg) => {
      acks.push(JSON.parse(msg.string()) as ClockAck);
    },
  });
  await nc.flush();
  nc.publish(CLOCK_STATUS_SUBJECT, '', { reply: inbox });
  await new Promise((r) => setTimeout(r, windowMs));
  sub.unsubscribe();
  return acks;
}

export interface SetClockOptions {
  /** The stack's internal secret (GATEWAY_SECRET): services ignore an unsigned offset. */
  secret: string;
  /** Services that must answer (e.g. ['merchants', 'members']); every one that answers must have applied it. */
  services?: readonly string[];
  timeoutMs?: number;
}

/**
 * Moves the clock of every service of the stack to `offsetMs` ahead of real time (absolute, not a
 * step) and resolves once every service that answers — and at least those named — applied it.
 */
export async function setStackClockOffset(natsUrl: string, offsetMs: number, o: SetClockOptions): Promise<ClockAck[]> {
  const nc = await connectNats(natsUrl, 'dev-clock-control');
  try {
    const kv = await openBucket(nc);
    const revision = await kv.put(CLOCK_KEY, JSON.stringify(signOffset(o.secret, offsetMs)));
    const deadline = Date.now() + (o.timeoutMs ?? 10_000);
    let acks: ClockAck[] = [];
    while (Date.now() < deadline) {
      acks = await clockStatus(nc);
      const behind = acks.filter((a) => a.revision < revision);
      const missing = (o.services ?? []).filter((s) => !acks.some((a) => a.service === s));
      if (!behind.length && !missing.length) return acks;
    }
    const behind = acks.filter((a) => a.revision < revision).map((a) => a.instance);
    const missing = (o.services ?? []).filter((s) => !acks.some((a) => a.service === s));
    throw new Error(`clock offset ${offsetMs} ms not acknowledged in time (behind: ${behind.join(', ') || 'none'}; not answering: ${missing.join(', ') || 'none'})`);
  } finally {
    await nc.close();
  }
}
