import { isDuplicateKey } from './mongo.js';
import type { StoreCollection } from './collection.js';

export type Stored<T> = T & { _id: string };
export type InsertOnceResult<T> = { inserted: true; doc: Stored<T> } | { inserted: false; existing: Stored<T> };

/**
 * Makes a decision that must happen once: inserts `{...doc, _id: decisionKey}`. The unique `_id` is
 * enforced atomically by MongoDB and by FerretDB (SQLite UNIQUE), so among concurrent callers exactly
 * one gets `inserted: true`; the others get the winner's document, read back by `_id`.
 */
export async function insertOnce<T extends object>(
  collection: StoreCollection,
  decisionKey: string,
  doc: T,
): Promise<InsertOnceResult<T>> {
  if (typeof decisionKey !== 'string' || decisionKey.length === 0) throw new TypeError('a decision key must be a non-empty string');
  // The key comes last so a stray `_id` in `doc` can never replace the decision key.
  const full = { ...doc, _id: decisionKey } as Stored<T>;
  // A few tries only for the rare case that the winner's record is deleted (swept, or a failed claim
  // released) between our duplicate-key error and the read-back.
  for (let attempt = 0; ; attempt++) {
    try {
      await collection.insertOne({ ...full } as never);
      return { inserted: true, doc: full };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await collection.findOne({ _id: decisionKey } as never);
      if (existing) return { inserted: false, existing: existing as unknown as Stored<T> };
      if (attempt >= 2) throw err;
    }
  }
}
