import type { NormalizedFilter } from './catalog.rules.js';
import { isOnSale } from './on-sale.rules.js';
import type { Spec } from './spec.rules.js';
import { referencePriceFen, type PriceEntry } from './price-history.rules.js';
import type { StoredImage } from '../media/image.js';
import type { DeliverySettings, MerchantLicences, MerchantStatus } from '../merchant/merchant.model.js';

/**
 * One alliance's catalogue held in memory: what the storefront, product pages, categories and search
 * read. FerretDB can only find documents by `_id` without scanning every tenant's rows, so request
 * paths read from here and the database only answers "has anything changed?" (one `_id` read of the
 * catalogue head). Plain TypeScript: no database, no GraphQL.
 */
export interface CatalogProduct {
  id: string;
  merchantId: string;
  name: string;
  description: string;
  unit: string;
  /** The lowest spec price and the sum of the specs' stock. */
  priceFen: number;
  stock: number;
  specs: Spec[];
  category: string;
  listKey: string;
  /** 上架: on the storefront (when its shop is active too). */
  listed: boolean;
  images: StoredImage[];
  /** The shop's 商品编码 from an import sheet (what an export writes back), when it has one. */
  code?: string;
}

export interface CatalogMerchant {
  id: string;
  name: string;
  kind: string;
  neighborhood: string;
  address: string;
  badge: string;
  description: string;
  status: MerchantStatus;
  suspendedReason: string | null;
  neighborhoodsServed: string[];
  delivery: DeliverySettings | null;
  licences: MerchantLicences | null;
}

export interface ProjectionPage {
  totalCount: number;
  rows: CatalogProduct[];
  hasNextPage: boolean;
}

const byListKey = (a: CatalogProduct, b: CatalogProduct) => (a.listKey < b.listKey ? -1 : a.listKey > b.listKey ? 1 : 0);

/** First index in `sorted` whose listKey is greater than `key` (binary search). */
function firstAfter(sorted: readonly CatalogProduct[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.listKey <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lower-cased for Latin letters; Chinese has no case, so a substring of the name is the match. */
const searchable = (s: string) => s.toLocaleLowerCase('zh-CN');

export class CatalogProjection {
  private readonly products = new Map<string, CatalogProduct>();
  private readonly merchants = new Map<string, CatalogMerchant>();
  /** Storefront order, rebuilt lazily after a structural change (not after a stock change). */
  private ordered: CatalogProduct[] | null = null;
  private readonly names = new Map<string, string>();
  private readonly counts = new Map<'merchantId' | 'category', Map<string, number>>();

  constructor(
    readonly allianceId: string,
    /** The catalogue version this projection reflects (the head of the alliance's change stream). */
    public version: number,
  ) {}

  static build(
    allianceId: string,
    version: number,
    merchants: Iterable<CatalogMerchant>,
    products: Iterable<CatalogProduct>,
    priceHistories: Iterable<{ specId: string; entries: PriceEntry[] }> = [],
  ): CatalogProjection {
    const p = new CatalogProjection(allianceId, version);
    for (const m of merchants) p.merchants.set(m.id, m);
    for (const row of products) p.putProduct(row);
    for (const h of priceHistories) p.putPriceHistory(h.specId, h.entries);
    return p;
  }

  /** Recent price history by spec id (specs never re-priced have none: their price is their history). */
  private readonly priceHistories = new Map<string, PriceEntry[]>();
  /** Reference prices computed so far, each good until the 7-day window moves past a change. */
  private readonly references = new Map<string, { fen: number; currentFen: number; computedAt: number; validUntil: number }>();

  putPriceHistory(specId: string, entries: PriceEntry[]): void {
    this.priceHistories.set(specId, entries);
    this.references.delete(specId);
  }

  /**
   * The spec's reference price at `at` (the lowest of the 7 days before it), from memory: recomputed
   * only when its history or price changed, when the window has moved past a change, or when the
   * clock was set back.
   */
  referencePriceFen(spec: Pick<Spec, 'id' | 'priceFen'>, at: number): number {
    const cached = this.references.get(spec.id);
    if (cached && cached.currentFen === spec.priceFen && at >= cached.computedAt && at < cached.validUntil) return cached.fen;
    const { fen, validUntil } = referencePriceFen(this.priceHistories.get(spec.id) ?? [], spec.priceFen, at);
    this.references.set(spec.id, { fen, currentFen: spec.priceFen, computedAt: at, validUntil });
    return fen;
  }

  /** Like `priceFen`, the product's is the lowest of its specs'. */
  productReferencePriceFen(product: Pick<CatalogProduct, 'specs'>, at: number): number {
    return Math.min(...product.specs.map((s) => this.referencePriceFen(s, at)));
  }

  putProduct(product: CatalogProduct): void {
    this.names.set(product.id, searchable(product.name));
    const existing = this.products.get(product.id);
    if (existing && existing.listKey === product.listKey && existing.merchantId === product.merchantId && existing.category === product.category && existing.listed === product.listed) {
      // Same place in the storefront and the same counts: a price or text edit costs no re-sort
      // (a new name only refreshes the search names, rebuilt with the order on the next page).
      if (existing.name !== product.name) this.ordered = null;
      Object.assign(existing, product);
      return;
    }
    this.products.set(product.id, { ...product });
    this.structureChanged();
  }

  private structureChanged(): void {
    this.ordered = null;
    this.counts.clear();
  }

  removeProduct(id: string): void {
    for (const s of this.products.get(id)?.specs ?? []) {
      this.priceHistories.delete(s.id);
      this.references.delete(s.id);
    }
    if (this.products.delete(id)) this.structureChanged();
    this.names.delete(id);
  }

  putMerchant(merchant: CatalogMerchant): void {
    const before = this.merchants.get(merchant.id);
    this.merchants.set(merchant.id, { ...merchant });
    // A suspension takes the shop's products off the storefront (and a reinstatement puts them back).
    if (before && before.status !== merchant.status) this.structureChanged();
  }

  /** On the storefront: listed (上架) and sold by an active shop. */
  private onStorefront(p: CatalogProduct): boolean {
    return isOnSale(p, this.merchants.get(p.merchantId));
  }

  /** The stock stream version each spec's level was taken at, so a late, older level is ignored. */
  private readonly stockVersions = new Map<string, number>();

  /** Stock moves with every sale: patched in place, the order and the version stay as they are. */
  setStock(id: string, stock: number, specId?: string, stockVersion?: number): void {
    const p = this.products.get(id);
    if (!p) return;
    if (specId && stockVersion !== undefined) {
      const key = `${id}\n${specId}`;
      if (stockVersion <= (this.stockVersions.get(key) ?? 0)) return;
      this.stockVersions.set(key, stockVersion);
    }
    const spec = specId ? p.specs.find((s) => s.id === specId) : p.specs.length === 1 ? p.specs[0] : undefined;
    if (!spec) return;
    spec.stock = stock;
    p.stock = p.specs.reduce((n, s) => n + s.stock, 0);
  }

  get productCount(): number {
    return this.products.size;
  }

  product(id: string): CatalogProduct | null {
    return this.products.get(id) ?? null;
  }

  merchant(id: string): CatalogMerchant | null {
    return this.merchants.get(id) ?? null;
  }

  /** The alliance's shops; suspended ones only when asked (alliance admins see them). */
  merchantList(neighborhood?: string, includeSuspended = false): CatalogMerchant[] {
    const all = [...this.merchants.values()]
      .filter((m) => includeSuspended || m.status !== 'SUSPENDED')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return neighborhood ? all.filter((m) => m.neighborhood === neighborhood) : all;
  }

  neighborhoods(): string[] {
    return [...new Set(this.merchantList().map((m) => m.neighborhood))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
  }

  /**
   * One shop's whole catalogue, listed and delisted, in storefront order: what its staff manage. A
   * shop's few hundred products are filtered and sorted per page; the storefront's order is not used.
   */
  shopCatalogue(merchantId: string, afterKey: string | null, limit: number): ProjectionPage {
    const all = [...this.products.values()].filter((p) => p.merchantId === merchantId).sort(byListKey);
    const start = afterKey ? firstAfter(all, afterKey) : 0;
    return { totalCount: all.length, rows: all.slice(start, start + limit), hasNextPage: all.length > start + limit };
  }

  /** Searchable names aligned with `ordered`, so a search scans a plain array of strings. */
  private orderedNames: string[] = [];

  private inOrder(): CatalogProduct[] {
    if (!this.ordered) {
      this.ordered = [...this.products.values()].filter((p) => this.onStorefront(p)).sort(byListKey);
      this.orderedNames = this.ordered.map((p) => this.names.get(p.id)!);
    }
    return this.ordered;
  }

  /** One storefront page (listed products of active shops): filter, then the `limit` products after `afterKey`. */
  page(filter: NormalizedFilter, afterKey: string | null, limit: number): ProjectionPage {
    const all = this.inOrder();
    if (!filter.merchantId && !filter.neighborhood && !filter.category && !filter.search) {
      const start = afterKey ? firstAfter(all, afterKey) : 0;
      return { totalCount: all.length, rows: all.slice(start, start + limit), hasNextPage: all.length > start + limit };
    }
    const term = filter.search ? searchable(filter.search) : null;
    const shops = filter.neighborhood
      ? new Set(this.merchantList(filter.neighborhood).map((m) => m.id))
      : null;
    const names = this.orderedNames;
    const { merchantId, category } = filter;
    const start = afterKey ? firstAfter(all, afterKey) : 0;
    let totalCount = 0;
    const rows: CatalogProduct[] = [];
    let hasNextPage = false;
    for (let i = 0; i < all.length; i += 1) {
      const p = all[i]!;
      if ((merchantId && p.merchantId !== merchantId) || (shops && !shops.has(p.merchantId)) || (category && p.category !== category)) continue;
      if (term && !names[i]!.includes(term)) continue;
      totalCount += 1;
      if (i < start) continue;
      if (rows.length < limit) rows.push(p);
      else hasNextPage = true;
    }
    return { totalCount, rows, hasNextPage };
  }

  countBy(field: 'merchantId' | 'category'): ReadonlyMap<string, number> {
    let counts = this.counts.get(field);
    if (!counts) {
      counts = new Map<string, number>();
      for (const p of this.inOrder()) counts.set(p[field], (counts.get(p[field]) ?? 0) + 1);
      this.counts.set(field, counts);
    }
    return counts;
  }
}
