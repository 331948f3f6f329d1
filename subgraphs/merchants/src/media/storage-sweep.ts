import type { Logger } from 'pino';
import { BackgroundLoop } from '@alliance/store';
import type { ObjectStorage } from './object-storage.js';
import { isStale, WORKING_PREFIXES, WORKING_RETENTION_MS } from './storage-sweep.rules.js';

export interface StorageSweepOptions {
  /** Which prefixes are swept (the working ones; a test narrows them to its own). */
  prefixes?: readonly string[];
  retentionMs?: number;
  /** Deletes in flight at once. */
  parallel?: number;
}

/**
 * One pass: deletes the working objects (WORKING_PREFIXES) older than the retention, by storage's own
 * listing and dates, so it reads no database and costs nothing on a request path. Idempotent: replicas
 * sweeping at once delete the same keys, and a key already gone is no error in S3.
 */
export async function sweepStorage(storage: ObjectStorage, nowMs: number, o: StorageSweepOptions = {}): Promise<{ listed: number; deleted: number }> {
  const retention = o.retentionMs ?? WORKING_RETENTION_MS;
  const parallel = o.parallel ?? 8;
  let listed = 0;
  let deleted = 0;
  for (const prefix of o.prefixes ?? WORKING_PREFIXES) {
    for await (const page of storage.list(prefix)) {
      listed += page.length;
      const stale = page.filter((obj) => isStale(obj.lastModified, nowMs, retention));
      for (let i = 0; i < stale.length; i += parallel) {
        await Promise.all(stale.slice(i, i + parallel).map((obj) => storage.delete(obj.key)));
        deleted += Math.min(parallel, stale.length - i);
      }
    }
  }
  return { listed, deleted };
}

/** Sweeps every `intervalMs` (an hour by default) in the background, on the service clock. */
export function storageSweeper(storage: ObjectStorage, now: () => Date, logger: Logger, intervalMs = 3_600_000): BackgroundLoop {
  return new BackgroundLoop(
    async () => {
      const r = await sweepStorage(storage, now().getTime());
      if (r.deleted) logger.info(r, 'deleted stale uploads and exports from object storage');
    },
    intervalMs,
    (err) => logger.warn({ err }, 'sweeping object storage failed'),
  );
}
