import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@alliance/store';
import { merchantModel } from '../merchant/merchant.model.js';
import { productModel } from '../catalog/product.model.js';
import { DEMO_ALLIANCE_ID, DEMO_MEMBER_PRICES, DEMO_PICKUP_POINTS, DEMO_SHOPS } from './demo-alliance.js';
import { PickupPointRepository } from '../pickup/pickup-point.repository.js';
import { interleavedListKey } from '../catalog/catalog.rules.js';
import { CatalogChangeRepository } from '../catalog/catalog-change.repository.js';
import { specId, specsOf, summarizeSpecs } from '../catalog/spec.rules.js';

export interface SeedResult {
  merchants: number;
  products: number;
  inserted: number;
}

/** Unordered inserts keyed by _id: re-running (or two seeders at once) only adds what is missing. */
export async function insertMissing(model: { insertMany(docs: object[], opts: object): Promise<unknown> }, docs: object[]): Promise<number> {
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
  const merchants = DEMO_SHOPS.map(({ products: _p, id, ...m }) => ({ _id: `${allianceId}:${id}`, id, allianceId, ...m }));
  const products = DEMO_SHOPS.flatMap((shop, shopIndex) =>
    shop.products.map(([name, unit, priceFen, stock, category, description, specList], i) => {
      const id = `p-${shop.id.slice(2)}-${String(i + 1).padStart(2, '0')}`;
      const listKey = interleavedListKey(i, shopIndex, DEMO_SHOPS.length, id);
      const specs = (
        specList
          ? specList.map(([specName, specPrice, specStock], n) => ({ id: specId(id, n + 1), name: specName, priceFen: specPrice, stock: specStock }))
          : specsOf({ id, unit, priceFen, stock })
      ).map((s) => (DEMO_MEMBER_PRICES[s.id] ? { ...s, memberPriceFen: DEMO_MEMBER_PRICES[s.id] } : s));
      return { _id: `${allianceId}:${id}`, id, listKey, allianceId, merchantId: shop.id, name, unit, ...summarizeSpecs(specs), specs, category, description };
    }),
  );
  const M = merchantModel(conn);
  const P = productModel(conn);
  // Demo data from before ids carried the tenant (`p-fruit-01` rather than `demo:p-fruit-01`) is replaced.
  await M.deleteMany({ allianceId, id: { $exists: false } }).exec();
  await P.deleteMany({ allianceId, id: { $exists: false } }).exec();
  const inserted = (await insertMissing(M, merchants)) + (await insertMissing(P, products));
  await M.createIndexes();
  await P.createIndexes();
  // A bulk load is one change: every replica reloads the alliance's projection once.
  // Each pickup point is added once, however often (or concurrently) the seed runs.
  const pickup = new PickupPointRepository(conn);
  for (const point of DEMO_PICKUP_POINTS) {
    await pickup.change(allianceId, (points) => (points.some((p) => p.id === point.id) ? null : { added: point }));
  }
  const changes = new CatalogChangeRepository(conn);
  if (inserted > 0 || (await changes.head(allianceId)) === 0) await changes.record(allianceId, 'reload', []);
  return { merchants: merchants.length, products: products.length, inserted };
}
