import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose from 'mongoose';
import type { Logger } from 'pino';

/**
 * Counts database round trips per request. The count is machine-independent, so it is what benchmarks
 * and tests compare (batching must keep it flat as page sizes grow).
 */
const roundTrips = new AsyncLocalStorage<{ count: number }>();

export function withRoundTripCounter<T>(fn: () => T): { result: T; counter: { count: number } } {
  const counter = { count: 0 };
  const result = roundTrips.run(counter, fn);
  return { result, counter };
}

export function currentRoundTrips(): { count: number } | undefined {
  return roundTrips.getStore();
}

export interface Database {
  connection: mongoose.Connection;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDatabase(uri: string, logger: Logger): Promise<Database> {
  // autoIndex: indexes are declared in the models and created at start-up by syncIndexes below.
  const connection = mongoose.createConnection(uri, {
    monitorCommands: true,
    serverSelectionTimeoutMS: 10_000,
    autoIndex: false,
    // Collections are created implicitly by the first insert or index; explicit creation only adds noise.
    autoCreate: false,
  });
  await connection.asPromise();
  connection.getClient().on('commandStarted', () => {
    const c = roundTrips.getStore();
    if (c) c.count += 1;
  });
  logger.info({ db: connection.name }, 'database connected');
  return {
    connection,
    async ping() {
      try {
        await connection.db!.admin().command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    close: () => connection.close(),
  };
}

/** Creates every index the models declare (unique keys carry the data rules on FerretDB). */
export async function ensureIndexes(connection: mongoose.Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createIndexes();
  }
}

export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

/** The same server and options with another database name (tests and benchmarks use throw-away ones). */
export function withDatabase(uri: string, database: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a MongoDB connection string: ${uri.replace(/\/\/[^@]*@/, '//***@')}`);
  return `${m[1]}/${database}${m[3] ?? ''}`;
}
