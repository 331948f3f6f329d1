import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@alliance/store';
import { merchantModel } from '../merchant/merchant.model.js';
import { productModel } from '../catalog/product.model.js';
import { DEMO_ALLIANCE_ID, DEMO_SHOPS } from './demo-alliance.js';
import { interleavedListKey } from '../catalog/catalog.rules.js';

export interface SeedResult {
  merchants: number;
  products: number;
  inserted: number;
}

/** Unordered inserts keyed by _id: re-running (or two seeders at once) only adds what is missing. */
async function insertMissing(model: { insertMany(docs: object[], opts: object): Promise<unknown> }, docs: object[]): Promise<number> {
  try {
    await model.insertMany(docs, { ordered: false });
    return docs.length;
  } catch (err) {
    const e = err as { writeErrors?: { code?: number; err?: { code?: number } }[]; insertedDocs?: unknown[] };
    const writeErrors = e.writeErrors ?? (isDuplicateKey(err) ? [{ code: 11000 }] : undefined);
    if (!writeErrors || !writeErrors.every((w) => (w.code ?? w.err?.code) === 11000)) throw err;
    return docs.length - writeErrors.length;
  }
}

export async function seedDemoAlliance(conn: Connection, allianceId = DEMO_ALLIANCE_ID): Promise<SeedResult> {
  const merchants = DEMO_SHOPS.map(({ products: _p, id, ...m }) => ({ _id: id, allianceId, ...m }));
  const products = DEMO_SHOPS.flatMap((shop, shopIndex) =>
    shop.products.map(([name, unit, priceFen, stock, category, description], i) => {
      const _id = `p-${shop.id.slice(2)}-${String(i + 1).padStart(2, '0')}`;
      const listKey = interleavedListKey(i, shopIndex, DEMO_SHOPS.length, _id);
      return { _id, listKey, allianceId, merchantId: shop.id, name, unit, priceFen, stock, category, description };
    }),
  );
  const M = merchantModel(conn);
  const P = productModel(conn);
  const inserted = (await insertMissing(M, merchants)) + (await insertMissing(P, products));
  // Data seeded before products had a storefront position gets one before the unique index is built.
  if ((await P.countDocuments({ allianceId, listKey: { $exists: false } })) > 0) {
    for (const p of products) await P.updateOne({ _id: p._id, allianceId, listKey: { $exists: false } }, { $set: { listKey: p.listKey } });
  }
  await M.createIndexes();
  await P.createIndexes();
  return { merchants: merchants.length, products: products.length, inserted };
}
