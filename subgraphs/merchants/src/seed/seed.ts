import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@alliance/kit';
import { merchantModel } from '../merchant/merchant.model.js';
import { productModel } from '../catalog/product.model.js';
import { DEMO_ALLIANCE_ID, DEMO_SHOPS } from './demo-alliance.js';

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
  const products = DEMO_SHOPS.flatMap((shop) =>
    shop.products.map(([name, unit, priceFen, stock, category, description], i) => ({
      _id: `p-${shop.id.slice(2)}-${String(i + 1).padStart(2, '0')}`,
      allianceId,
      merchantId: shop.id,
      name,
      unit,
      priceFen,
      stock,
      category,
      description,
    })),
  );
  const M = merchantModel(conn);
  const P = productModel(conn);
  await M.createIndexes();
  await P.createIndexes();
  const inserted = (await insertMissing(M, merchants)) + (await insertMissing(P, products));
  return { merchants: merchants.length, products: products.length, inserted };
}
