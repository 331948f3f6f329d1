import type { Connection } from 'mongoose';
import { insertMissing } from './seed.js';
import { merchantModel } from '../merchant/merchant.model.js';
import { productModel } from '../catalog/product.model.js';
import { CatalogChangeRepository } from '../catalog/catalog-change.repository.js';
import { CATEGORIES } from '../catalog/categories.js';
import { interleavedListKey } from '../catalog/catalog.rules.js';

const NAMES = ['黄桃', '草莓', '吐司', '酸奶', '奶茶', '纸尿裤', '鸡蛋', '青菜', '保洁', '蛋糕'];

/**
 * Generated catalogue rows for the benchmark's data-growth table: `count` more products (and, for a
 * new alliance, its shops) with names that search can find, loaded as one bulk change.
 */
export async function addBulkProducts(conn: Connection, allianceId: string, count: number, batch = 'bulk', stock = 50): Promise<void> {
  const shops = Array.from({ length: 8 }, (_, i) => ({
    _id: `${allianceId}:${batch}-shop-${i}`,
    id: `${batch}-shop-${i}`,
    allianceId,
    name: `${batch} 店铺 ${i}`,
    kind: 'FRUIT',
    neighborhood: i % 2 ? '文新小区' : '翠苑一区',
    address: '-',
    badge: '批',
    description: '',
  }));
  // The batch's shops exist after its first call; later calls add products to them.
  await insertMissing(merchantModel(conn), shops);
  const P = productModel(conn);
  for (let start = 0; start < count; start += 2000) {
    const rows = Array.from({ length: Math.min(2000, count - start) }, (_, k) => {
      const i = start + k;
      const id = `${batch}-p-${i}`;
      return {
        _id: `${allianceId}:${id}`,
        id,
        allianceId,
        merchantId: shops[i % shops.length]!.id,
        name: `${NAMES[i % NAMES.length]} ${batch} ${i}`,
        description: '',
        unit: '个',
        priceFen: 100 + (i % 5000),
        stock,
        specs: [{ id: `${id}-1`, name: '个', priceFen: 100 + (i % 5000), stock }],
        category: CATEGORIES[i % CATEGORIES.length]!.code,
        listKey: interleavedListKey(1000 + Math.floor(i / shops.length), i % shops.length, shops.length, id),
      };
    });
    await P.insertMany(rows, { ordered: false });
  }
  await new CatalogChangeRepository(conn).record(allianceId, 'reload', []);
}
