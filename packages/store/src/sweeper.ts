import type { Logger } from 'pino';
import type { StoreCollection } from './collection.js';

export interface SweeperOptions {
  /** The service clock (`now` from @alliance/runtime): moving it forward expires records too. */
  now: () => Date;
  /** Between sweeps (default 60 s). */
  intervalMs?: number;
  logger?: Logger;
}

/**
 * Deletes records whose `expiresAt` has passed (nonces, idempotency keys, reservations) from every
 * registered collection. FerretDB v1 has no TTL indexes. `{expiresAt: {$lt: now}}` scans the collection
 * on FerretDB, so this runs in the background on an unref'd timer, never on a request path.
 */
export class Sweeper {
  private readonly collections = new Map<string, StoreCollection>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly options: SweeperOptions) {}

  register(collection: StoreCollection): this {
    this.collections.set(collection.collectionName, collection);
    return this;
  }

  /** One pass over every registered collection; returns the number deleted per collection. */
  async sweepOnce(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const cutoff = this.options.now();
    for (const [name, collection] of this.collections) {
      try {
        const r = await collection.deleteMany({ expiresAt: { $lt: cutoff } });
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
    if (!this.stopped) return this;
    this.stopped = false;
    this.schedule();
    return this;
  }

  /** Stops the loop and waits for a sweep in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    // setTimeout after each pass (not setInterval): a slow sweep never overlaps the next one.
    this.timer = setTimeout(() => {
      this.running = this.sweepOnce().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.options.intervalMs ?? 60_000);
    // A sweeper alone must not keep the process alive.
    this.timer.unref();
  }
}
