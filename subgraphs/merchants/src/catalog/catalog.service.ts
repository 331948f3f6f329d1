import { DomainError } from '@alliance/runtime/domain-error';
import { encodeCursor } from '@alliance/store';
import { CATEGORIES } from './categories.js';
import { normalizeFilter, pageRequest, type StorefrontFilterInput } from './catalog.rules.js';
import type { CatalogProduct, CatalogProjection } from './catalog.projection.js';
import type { Spec } from './spec.rules.js';

export interface StorefrontPage {
  totalCount: number;
  edges: { cursor: string; node: CatalogProduct }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** This request's view of its alliance's catalogue: revalidated once, then shared by every resolver. */
export type CatalogView = () => Promise<CatalogProjection>;

/** The combined storefront across every shop of one alliance. One instance per request. */
export class CatalogService {
  constructor(
    private readonly view: CatalogView,
    private readonly now: () => Date,
  ) {}

  async storefront(first: number | null | undefined, after: string | null | undefined, filterInput: StorefrontFilterInput | null | undefined): Promise<StorefrontPage> {
    const page = pageRequest(first, after);
    if (!page.ok) throw DomainError.badInput(page.message, page.field);
    const filter = normalizeFilter(filterInput);
    if (!filter.ok) throw DomainError.badInput(filter.message, filter.field);
    const result = (await this.view()).page(filter.value, page.value.afterKey, page.value.limit);
    const edges = result.rows.map((node) => ({ cursor: encodeCursor(node.listKey), node }));
    return {
      totalCount: result.totalCount,
      edges,
      pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }

  async product(id: string): Promise<CatalogProduct | null> {
    return (await this.view()).product(id);
  }

  /** The lowest price of the 7 days before now: what a struck-through "original" price may show. */
  async specReferencePriceFen(spec: Pick<Spec, 'id' | 'priceFen'>): Promise<number> {
    return (await this.view()).referencePriceFen(spec, this.now().getTime());
  }

  async productReferencePriceFen(product: Pick<CatalogProduct, 'specs'>): Promise<number> {
    return (await this.view()).productReferencePriceFen(product, this.now().getTime());
  }

  async productCount(merchantId: string): Promise<number> {
    return (await this.view()).countBy('merchantId').get(merchantId) ?? 0;
  }

  async categories(): Promise<{ code: string; name: string; nameEn: string; productCount: number }[]> {
    const counts = (await this.view()).countBy('category');
    return CATEGORIES.map((c) => ({ ...c, productCount: counts.get(c.code) ?? 0 }));
  }
}
