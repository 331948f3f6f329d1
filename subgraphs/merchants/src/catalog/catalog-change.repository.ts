import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from '@alliance/store';

/**
 * The alliance's catalogue change log: an append-only stream whose head document is the catalogue
 * version every request compares with its projection (one `_id` read). Each fact names what changed,
 * so a replica that missed events catches up by reading the facts and the changed documents by `_id`.
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

interface ChangeDoc extends CatalogChange {
  _id: string;
  allianceId: string;
  at: Date;
}

interface HeadDoc {
  _id: string;
  allianceId: string;
  version: number;
}

const changeSchema = new Schema<ChangeDoc>(
  { _id: String, allianceId: String, version: Number, kind: String, ids: [String], at: Date },
  { collection: 'catalog_changes', versionKey: false },
);
const headSchema = new Schema<HeadDoc>({ _id: String, allianceId: String, version: Number }, { collection: 'catalog_heads', versionKey: false });

const streamId = (allianceId: string) => `${allianceId}:catalog`;
const factId = (allianceId: string, version: number) => `${streamId(allianceId)}:${String(version).padStart(10, '0')}`;
const MAX_ATTEMPTS = 50;

export class CatalogChangeRepository implements CatalogChangeLog {
  private readonly changes: Model<ChangeDoc>;
  private readonly heads: Model<HeadDoc>;
  constructor(conn: Connection) {
    this.changes = conn.models.CatalogChange ?? conn.model<ChangeDoc>('CatalogChange', changeSchema);
    this.heads = conn.models.CatalogHead ?? conn.model<HeadDoc>('CatalogHead', headSchema);
  }

  async head(allianceId: string): Promise<number> {
    const doc = await this.heads.findOne({ _id: streamId(allianceId) }).lean<HeadDoc>().exec();
    return doc?.version ?? 0;
  }

  async alliances(): Promise<string[]> {
    const heads = await this.heads.find({}, { allianceId: 1 }).lean<{ allianceId: string }[]>().exec();
    return heads.map((h) => h.allianceId);
  }

  changesAfter(allianceId: string, fromVersion: number, toVersion: number): Promise<CatalogChange[]> {
    const versions = Array.from({ length: Math.max(0, toVersion - fromVersion) }, (_, i) => fromVersion + 1 + i);
    return Promise.all(versions.map((v) => this.changes.findOne({ _id: factId(allianceId, v) }).lean<ChangeDoc>().exec())).then((docs) =>
      docs.filter((d): d is ChangeDoc => d !== null).map(({ version, kind, ids }) => ({ version, kind, ids })),
    );
  }

  /**
   * Appends a fact at the next version: the unique `_id` decides a race (the loser takes the next
   * one), then the head is moved forward. A head left behind by a crash only delays replicas until
   * the next change, which probes past it.
   */
  async record(allianceId: string, kind: CatalogChangeKind, ids: readonly string[]): Promise<number> {
    let version = (await this.head(allianceId)) + 1;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1, version += 1) {
      try {
        await this.changes.create({ _id: factId(allianceId, version), allianceId, version, kind, ids: [...ids], at: new Date() });
      } catch (err) {
        if (isDuplicateKey(err)) continue;
        throw err;
      }
      await this.advanceHead(allianceId, version);
      return version;
    }
    throw new Error(`catalogue change log of ${allianceId}: no free version after ${MAX_ATTEMPTS} attempts`);
  }

  /** `$max` is not atomic on FerretDB: re-read and write again until the head is at least ours. */
  private async advanceHead(allianceId: string, version: number): Promise<void> {
    for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
      await this.heads.updateOne({ _id: streamId(allianceId) }, { $max: { version }, $set: { allianceId } }, { upsert: true }).exec();
      if ((await this.head(allianceId)) >= version) return;
    }
  }
}
