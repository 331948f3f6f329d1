import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';

/**
 * The alliance's catalogue change log: an append-only stream whose head is the catalogue version
 * every request compares with its projection (one `_id` read). Each fact names what changed, so a
 * replica that missed events catches up by reading the facts and the changed documents by `_id`.
 */
export type CatalogChangeKind = 'product' | 'merchant' | 'reload';

export interface CatalogChange {
  version: number;
  kind: CatalogChangeKind;
  ids: string[];
}

export interface CatalogChangeLog {
  head(allianceId: string): Promise<number>;
  changesAfter(allianceId: string, fromVersion: number, toVersion: number): Promise<CatalogChange[]>;
  record(allianceId: string, kind: CatalogChangeKind, ids: readonly string[]): Promise<number>;
  /** Every alliance with a catalogue (a scan: start-up only). */
  alliances(): Promise<string[]>;
}

type ChangeFact = Omit<CatalogChange, 'version'>;

const SUFFIX = ':catalog';
const streamOf = (allianceId: string) => `${allianceId}${SUFFIX}`;

export class CatalogChangeRepository implements CatalogChangeLog {
  private readonly streams: Streams;
  constructor(private readonly conn: Connection) {
    this.streams = new Streams(conn.collection('catalog_changes'));
  }

  /** The head's version (a crash can leave it one change behind until the next change moves it). */
  head(allianceId: string): Promise<number> {
    return this.streams.headVersion(streamOf(allianceId));
  }

  async changesAfter(allianceId: string, fromVersion: number, toVersion: number): Promise<CatalogChange[]> {
    if (toVersion <= fromVersion) return [];
    const facts = await this.streams.readStream<ChangeFact>(streamOf(allianceId), { fromVersion: fromVersion + 1, limit: toVersion - fromVersion });
    return facts.map((f) => ({ version: f.version, ...f.data }));
  }

  /** Appends at the next version; a concurrent change takes the one after (the unique `_id` decides). */
  async record(allianceId: string, kind: CatalogChangeKind, ids: readonly string[]): Promise<number> {
    const r = await this.streams.appendWithRetry<ChangeFact, undefined>(streamOf(allianceId), () => ({ kind, ids: [...ids] }), { maxAttempts: 50 });
    return r.version;
  }

  async alliances(): Promise<string[]> {
    const heads = await this.conn.collection('catalog_changes').find({ kind: 'head' }, { projection: { _id: 1 } }).toArray();
    return heads.map((h) => String(h._id)).filter((id) => id.endsWith(SUFFIX)).map((id) => id.slice(0, -SUFFIX.length));
  }
}
