import type { Connection } from 'mongoose';
import { insertOnce, isDuplicateKey, tenantId, type StoreCollection } from '@alliance/store';
import { productModel, type ProductDoc } from './product.model.js';
import type { Spec } from './spec.rules.js';
import { summarizeSpecs } from './spec.rules.js';

/** The fields of a product its shop edits in a form. */
export interface ProductDetails {
  name: string;
  description: string;
  category: string;
  unit: string;
  specs: Spec[];
  listed?: boolean;
}

/**
 * A shop's writes to its products: creating one (once per `_id`), many (an import), replacing the
 * details a form edits and listing. Every write is by `_id` alone (the one filter FerretDB finds
 * without a scan).
 */
export class ProductEditRepository {
  private readonly collection: StoreCollection;
  constructor(conn: Connection) {
    this.collection = productModel(conn).collection as unknown as StoreCollection;
  }

  /** Inserts the product unless its `_id` exists: false when another writer (or an earlier run) has it. */
  async create(doc: ProductDoc): Promise<boolean> {
    const { _id, ...rest } = doc;
    return (await insertOnce(this.collection, _id, rest)).inserted;
  }

  /**
   * Inserts a batch in one round trip per driver batch, unordered so a duplicate does not stop the
   * rest: duplicates are products an earlier run made (counted, left as they are).
   */
  async createMany(docs: readonly ProductDoc[]): Promise<{ created: string[]; duplicates: number }> {
    if (!docs.length) return { created: [], duplicates: 0 };
    try {
      await this.collection.insertMany(docs.map((d) => ({ ...d })) as never[], { ordered: false });
      return { created: docs.map((d) => d.id), duplicates: 0 };
    } catch (err) {
      // MongoBulkWriteError: `writeErrors` (one or many) name the failed documents by index.
      const raw = (err as { writeErrors?: { index: number; code?: number } | { index: number; code?: number }[] }).writeErrors;
      const failed = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (!failed.length || !failed.every(isDuplicateKey)) throw err;
      const skipped = new Set(failed.map((e) => e.index));
      return { created: docs.filter((_, i) => !skipped.has(i)).map((d) => d.id), duplicates: skipped.size };
    }
  }

  /**
   * Replaces what the form edits. The specs' stock is written as read: the caller then settles each
   * kept spec from its stock stream (the stream decides stock, the document follows it).
   */
  async replaceDetails(allianceId: string, id: string, details: ProductDetails): Promise<void> {
    const { listed, ...rest } = details;
    const set = { ...rest, ...summarizeSpecs(details.specs), ...(listed === undefined ? {} : { listed }) };
    await this.collection.updateOne({ _id: tenantId(allianceId, id) } as never, { $set: set });
  }

  async setListed(allianceId: string, id: string, listed: boolean): Promise<void> {
    await this.collection.updateOne({ _id: tenantId(allianceId, id) } as never, { $set: { listed } });
  }
}
