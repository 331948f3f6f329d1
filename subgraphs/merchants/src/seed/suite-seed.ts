import type { Connection } from 'mongoose';
import { seedDemoAlliance, type SeedResult } from './seed.js';

/**
 * The demo alliance for an in-process merchants suite on a database of its own. Catalogue events are
 * named by alliance and catalogue version (`demo:catalog:<n>`), and every suite of a run seeds `demo`
 * against one NATS, whose duplicate window (10 minutes) drops a second event of the same name: a suite
 * whose catalogue log also starts at 1 loses its own change events to whichever suite (or the stack)
 * published that version first. Starting this database's log at a version of its own keeps the names
 * apart (the head is only where the next change is appended).
 */
export async function seedSuiteAlliance(conn: Connection): Promise<SeedResult> {
  const base = 10 ** 9 + Math.floor(Math.random() * 10 ** 9);
  await conn.collection('catalog_changes').insertOne({ _id: 'demo:catalog', kind: 'head', version: base } as never);
  return seedDemoAlliance(conn);
}
