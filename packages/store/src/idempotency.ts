import { createHash, randomUUID } from 'node:crypto';
import { insertOnce } from './insert-once.js';
import { sleep, type StoreCollection } from './collection.js';

/**
 * Idempotency records: the first call with a key claims it (an insertOnce of a pending record), runs,
 * and stores its result; a replay with the same request gets that result; the same key with another
 * request is refused. Records expire (`expiresAt`) and are removed by the Sweeper, since FerretDB has
 * no TTL indexes.
 */

export type IdempotencyErrorCode = 'IDEMPOTENCY_KEY_REUSED' | 'IN_PROGRESS';

export class IdempotencyError extends Error {
  constructor(
    readonly code: IdempotencyErrorCode,
    readonly key: string,
  ) {
    super(
      code === 'IDEMPOTENCY_KEY_REUSED'
        ? `idempotency key ${key} was already used for a different request`
        : `a request with idempotency key ${key} is still in progress; retry shortly`,
    );
    this.name = 'IdempotencyError';
  }
}

export interface IdempotencyOptions {
  /** The service clock (`now` from @alliance/runtime), so expiry follows the development clock too. */
  now: () => Date;
  /** How long a finished record answers replays (default 24 h). */
  ttlMs?: number;
  /** How long a claim may stay pending before the sweeper frees it, e.g. after a crash (default 5 min). */
  leaseMs?: number;
  /** How long a concurrent caller waits for the first call's result before IN_PROGRESS (default 5 s). */
  waitMs?: number;
  pollMs?: number;
}

export interface IdempotencyRecord<T = unknown> {
  _id: string;
  requestHash: string;
  status: 'pending' | 'done';
  claimId: string;
  result?: T;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * Runs `run` once per `key`. `result` must be storable as BSON (plain data; `undefined` comes back as
 * null to replays). If `run` throws, the claim is released so the caller can retry with the same key.
 */
export async function idempotent<T>(
  collection: StoreCollection,
  key: string,
  requestHash: string,
  run: () => Promise<T>,
  options: IdempotencyOptions,
): Promise<T> {
  const { now, ttlMs = 24 * 3600_000, leaseMs = 5 * 60_000, waitMs = 5000, pollMs = 25 } = options;
  // Waiting is measured on the system clock: it is about elapsed time, not the service's notion of now.
  const deadline = Date.now() + waitMs;
  for (;;) {
    const claimId = randomUUID();
    const createdAt = now();
    const claim = await insertOnce<Omit<IdempotencyRecord<T>, '_id'>>(collection, key, {
      requestHash,
      status: 'pending',
      claimId,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + leaseMs),
    });
    if (claim.inserted) return runClaimed(collection, key, claimId, run, now, ttlMs);

    let record: IdempotencyRecord<T> | null = claim.existing as IdempotencyRecord<T>;
    for (;;) {
      if (record.requestHash !== requestHash) throw new IdempotencyError('IDEMPOTENCY_KEY_REUSED', key);
      if (record.status === 'done') return record.result as T;
      if (Date.now() >= deadline) throw new IdempotencyError('IN_PROGRESS', key);
      await sleep(pollMs);
      record = (await collection.findOne({ _id: key } as never)) as IdempotencyRecord<T> | null;
      // The first caller failed and released its claim (or it expired): claim it ourselves.
      if (!record) break;
    }
  }
}

async function runClaimed<T>(
  collection: StoreCollection,
  key: string,
  claimId: string,
  run: () => Promise<T>,
  now: () => Date,
  ttlMs: number,
): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (err) {
    // Filters stay `{_id}` alone (FerretDB scans anything else); the claim id is checked after the read
    // so a claim that expired and was taken over is not released by us.
    const current = (await collection.findOne({ _id: key } as never).catch(() => null)) as IdempotencyRecord | null;
    if (current?.claimId === claimId && current.status === 'pending') await collection.deleteOne({ _id: key } as never).catch(() => undefined);
    throw err;
  }
  const completedAt = now();
  await collection.updateOne(
    { _id: key } as never,
    { $set: { status: 'done', result: result === undefined ? null : result, completedAt, expiresAt: new Date(completedAt.getTime() + ttlMs) } },
  );
  return result;
}

/** A stable hash of a request (object keys sorted), to store beside its idempotency key. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
