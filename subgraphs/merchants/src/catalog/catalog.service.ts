import DataLoader from 'dataloader';
import { badInput } from '@alliance/runtime';
import { encodeCursor } from '@alliance/store';
import { CATEGORIES } from './categories.js';
import { normalizeFilter, pageRequest, productQuery, slicePage, type StorefrontFilterInput } from './catalog.rules.js';
import type { ProductDoc } from './product.model.js';
import type { ProductRepository } from './product.repository.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';

export interface StorefrontPage {
  totalCount: number;
  edges: { cursor: string; node: ProductDoc }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function byId<T extends { _id: string }>(ids: readonly string[], rows: readonly T[]): (T | null)[] {
  const m = new Map(rows.map((r) => [r._id, r]));
  return ids.map((id) => m.get(id) ?? null);
}

/** The combined storefront across every shop of one alliance. One instance per request. */
export class CatalogService {
  readonly productById: DataLoader<string, ProductDoc | null>;
  readonly productCountByMerchant: DataLoader<string, number>;

  constructor(
    private readonly allianceId: string,
    private readonly products: ProductRepository,
    private readonly merchants: MerchantRepository,
  ) {
    this.productById = new DataLoader(async (ids) => byId(ids, await products.findByIds(allianceId, ids)));
    this.productCountByMerchant = new DataLoader(async (ids) => {
      const counts = await products.countBy(allianceId, 'merchantId', ids);
      return ids.map((id) => counts.get(id) ?? 0);
    });
  }

  async storefront(first: number | null | undefined, after: string | null | undefined, filterInput: StorefrontFilterInput | null | undefined): Promise<StorefrontPage> {
    const page = pageRequest(first, after);
    if (!page.ok) throw badInput(page.message, page.field);
    const filter = normalizeFilter(filterInput);
    if (!filter.ok) throw badInput(filter.message, filter.field);
    const inNeighborhood = filter.value.neighborhood
      ? await this.merchants.idsInNeighborhood(this.allianceId, filter.value.neighborhood)
      : undefined;
    const query = productQuery(this.allianceId, filter.value, inNeighborhood);
    const [totalCount, rows] = await Promise.all([
      this.products.count(query),
      this.products.page(query, page.value.afterKey, page.value.limit + 1),
    ]);
    const sliced = slicePage(rows, page.value.limit);
    const edges = sliced.rows.map((node) => ({ cursor: encodeCursor(node.listKey), node }));
    return {
      totalCount,
      edges,
      pageInfo: { hasNextPage: sliced.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  product(id: string): Promise<ProductDoc | null> {
    return this.productById.load(id);
  }

  async categories(): Promise<{ code: string; name: string; nameEn: string; productCount: number }[]> {
    const counts = await this.products.countBy(this.allianceId, 'category');
    return CATEGORIES.map((c) => ({ ...c, productCount: counts.get(c.code) ?? 0 }));
  }
}
