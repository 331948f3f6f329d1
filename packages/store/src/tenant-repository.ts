import type { Model } from 'mongoose';
import { insertOnce, type InsertOnceResult } from './insert-once.js';
import type { StoreCollection } from './collection.js';

/**
 * Tenant-scoped documents: the alliance is part of every `_id` (`<allianceId>:<id>`), so ids are unique
 * per alliance, a second alliance can be seeded with the same local ids, and a request reads by `_id`
 * alone (the one filter FerretDB v1 pushes down) and checks `allianceId` after the read.
 */
export interface TenantDoc {
  _id: string;
  allianceId: string;
}

export function tenantId(allianceId: string, id: string): string {
  checkAllianceId(allianceId);
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('an id must be a non-empty string');
  return `${allianceId}:${id}`;
}

export function localId(_id: string): string {
  const i = _id.indexOf(':');
  if (i <= 0 || i === _id.length - 1) throw new TypeError(`${_id} is not a tenant-scoped id`);
  return _id.slice(i + 1);
}

function checkAllianceId(allianceId: string): void {
  // A ':' in the tenant would let `a:b` + `c` and `a` + `b:c` name the same document.
  if (typeof allianceId !== 'string' || allianceId.length === 0 || allianceId.includes(':')) {
    throw new TypeError(`bad alliance id ${JSON.stringify(allianceId)}`);
  }
}

/**
 * One tenant-scoped document by `_id` alone (the one filter FerretDB v1 pushes down), the tenant
 * checked after the read: a document of another alliance is "not found".
 */
export async function readTenantDoc<T extends TenantDoc>(collection: StoreCollection, allianceId: string, id: string): Promise<T | null> {
  if (typeof id !== 'string' || id.length === 0) return null; // an id a client made up: nothing has it
  const doc = (await collection.findOne({ _id: tenantId(allianceId, id) } as never)) as T | null;
  return doc && doc.allianceId === allianceId ? doc : null;
}

type Fields<T extends TenantDoc> = Omit<T, '_id' | 'allianceId'>;

/**
 * Base for repositories of tenant-scoped documents: one instance per alliance (per request), every
 * read and write confined to it. Subclasses add the domain's queries on top.
 */
export abstract class TenantRepository<T extends TenantDoc> {
  protected constructor(
    protected readonly model: Model<T>,
    readonly allianceId: string,
  ) {
    checkAllianceId(allianceId);
  }

  protected idOf(id: string): string {
    return tenantId(this.allianceId, id);
  }

  /** One `_id` read; a document of another alliance is "not found". */
  get(id: string): Promise<T | null> {
    return readTenantDoc<T>(this.model.collection, this.allianceId, id);
  }

  /** Parallel `_id` reads (not `$in`, which FerretDB answers with a scan), in the order of `ids`. */
  getMany(ids: readonly string[]): Promise<(T | null)[]> {
    return Promise.all(ids.map((id) => this.get(id)));
  }

  /** Inserts a new document; a duplicate id throws the driver's E11000 (see isDuplicateKey). */
  async insert(id: string, fields: Fields<T>): Promise<T> {
    const doc = this.stamp(id, fields);
    // Through the model, so the schema's casting and validation apply.
    await this.model.create(doc);
    return doc;
  }

  /** The insertOnce decision for a tenant-scoped id. */
  insertOnce(id: string, fields: Fields<T>): Promise<InsertOnceResult<T>> {
    const { _id, ...rest } = this.stamp(id, fields);
    return insertOnce(this.model.collection, _id, rest as unknown as T);
  }

  /** `$set` on one document by `_id`; the tenant and the id themselves cannot be changed. */
  async update(id: string, set: Partial<Fields<T>>): Promise<boolean> {
    const { _id: _ignoredId, allianceId: _ignoredTenant, ...fields } = set as Partial<T>;
    const r = await this.model.collection.updateOne({ _id: this.idOf(id) } as never, { $set: fields });
    return r.matchedCount > 0;
  }

  /** Replaces (or creates) the whole document. */
  async put(id: string, fields: Fields<T>): Promise<T> {
    const doc = this.stamp(id, fields);
    await this.model.collection.replaceOne({ _id: doc._id } as never, doc, { upsert: true });
    return doc;
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.model.collection.deleteOne({ _id: this.idOf(id) } as never);
    return r.deletedCount > 0;
  }

  /**
   * Every document of this alliance matching `filter`. On FerretDB this reads the whole collection
   * (all tenants): for background work (rebuilding a projection, a settlement run), never a request.
   */
  async scanForBackgroundWork(filter: Record<string, unknown> = {}): Promise<T[]> {
    return (await this.model.collection.find({ ...filter, allianceId: this.allianceId } as never).toArray()) as unknown as T[];
  }

  private stamp(id: string, fields: Fields<T>): T {
    return { ...(fields as object), _id: this.idOf(id), allianceId: this.allianceId } as T;
  }
}
