import type { Logger } from 'pino';
import type { StoreCollection } from './collection.js';
import { BackgroundLoop } from './background-loop.js';

export interface SweeperOptions {
  /** The service clock (`now` from @alliance/runtime): moving it forward expires records too. */
  now: () => Date;
  /** Between sweeps (default 60 s). */
  intervalMs?: number;
  logger?: Logger;
}

/**
 * Deletes records whose `expiresAt` (or other registered date) has passed (nonces, idempotency keys, reservations) from every
 * registered collection. FerretDB v1 has no TTL indexes. `{expiresAt: {$lt: now}}` scans the collection
 * on FerretDB, so this runs in the background on an unref'd timer, never on a request path.
 */
export class Sweeper {
  private readonly collections = new Map<string, { collection: StoreCollection; field: string }>();
  private readonly loop: BackgroundLoop;

  constructor(private readonly options: SweeperOptions) {
    this.loop = new BackgroundLoop(() => this.sweepOnce(), options.intervalMs ?? 60_000, (err) => options.logger?.warn({ err }, 'sweep failed'));
  }

  /** `field`: the date after which a record goes (`expiresAt`, or another where that one means something else). */
  register(collection: StoreCollection, field = 'expiresAt'): this {
    this.collections.set(collection.collectionName, { collection, field });
    return this;
  }

  /** One pass over every registered collection; returns the number deleted per collection. */
  async sweepOnce(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const cutoff = this.options.now();
    for (const [name, { collection, field }] of this.collections) {
      try {
        const r = await collection.deleteMany({ [field]: { $lt: cutoff } });
        counts[name] = r.deletedCount;
        if (r.deletedCount > 0) this.options.logger?.info({ collection: name, deleted: r.deletedCount }, 'swept expired records');
      } catch (err) {
        // One failing collection must not stop the others, nor the loop.
        this.options.logger?.warn({ collection: name, err }, 'sweeping expired records failed');
      }
    }
    return counts;
  }

  start(): this {
    this.loop.start();
    return this;
  }

  /** Stops the loop and waits for a sweep in progress. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
