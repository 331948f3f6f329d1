import { idempotent, IdempotencyError, requestHash, type StoreCollection } from '@alliance/store';
import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EventBus } from '@alliance/events';
import type { CatalogProduct } from './catalog.projection.js';
import { toCatalogProduct, type CatalogProjections } from './catalog-projections.js';
import type { CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductRepository } from './product.repository.js';
import type { StockRepository } from './stock.repository.js';
import { loadOwnProduct } from './own-product.js';
import { pickSpec, summarizeSpecs, type Spec } from './spec.rules.js';
import { adjustmentProblems } from './stock.rules.js';

export interface StockPayload {
  product: CatalogProduct | null;
  spec: Spec | null;
  userErrors: UserError[];
}

/** What an idempotency record keeps of an adjustment, so a replay answers exactly as the first call. */
interface AdjustOutcome {
  applied: boolean;
  specId: string;
  level: number;
}

/**
 * A shop corrects or restocks a spec's stock. The stock stream decides (never below zero, whatever
 * the concurrency); the product document and every replica's projection follow it; the idempotency
 * key makes a retried request (a double tap, a lost response) count once.
 */
export class StockService {
  constructor(
    private readonly request: RequestContext,
    private readonly products: ProductRepository,
    private readonly stock: StockRepository,
    private readonly idempotency: StoreCollection,
    private readonly changes: CatalogChangeLog,
    private readonly projections: CatalogProjections,
    private readonly events: EventBus,
    private readonly now: () => Date,
  ) {}

  async adjust(productId: string, specId: string | null | undefined, delta: number, reason: string, idempotencyKey: string): Promise<StockPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.products, productId, 'productId', 'stock');
    if ('unknown' in own) return { product: null, spec: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    const problems = adjustmentProblems(delta, reason, idempotencyKey);
    const picked = pickSpec(current.specs, specId, ['specId']);
    if ('error' in picked) problems.push(picked.error);
    if (problems.length || 'error' in picked) return { product: current, spec: null, userErrors: problems };
    const spec = picked.spec;

    let outcome: AdjustOutcome;
    try {
      outcome = await idempotent(
        this.idempotency,
        `${allianceId}:adjustStock:${doc.merchantId}:${idempotencyKey}`,
        requestHash({ productId, specId: spec.id, delta, reason }),
        () => this.apply(doc.id, doc.merchantId, spec, delta, reason),
        { now: this.now },
      );
    } catch (err) {
      if (err instanceof IdempotencyError) {
        return { product: current, spec, userErrors: [{ code: err.code, message: err.message, field: ['idempotencyKey'] }] };
      }
      throw err;
    }
    const fresh = await this.products.get(allianceId, productId);
    const product = fresh ? toCatalogProduct(fresh) : current;
    const after = product.specs.find((s) => s.id === outcome.specId) ?? spec;
    const userErrors: UserError[] = outcome.applied
      ? []
      : [{ code: 'OUT_OF_STOCK', message: `only ${outcome.level} left: the stock cannot go below zero`, field: ['delta'] }];
    return { product, spec: { ...after, stock: outcome.level }, userErrors };
  }

  private async apply(productId: string, merchantId: string, spec: Spec, delta: number, reason: string): Promise<AdjustOutcome> {
    const { allianceId } = this.request;
    const r = await this.stock.adjust(allianceId, productId, spec.id, spec.stock, delta, reason);
    if (!r.applied) return { applied: false, specId: spec.id, level: r.level };
    const specs = await this.follow(productId, spec.id, r.level);
    this.projections.applyStock(allianceId, productId, r.level, spec.id, r.version);
    await this.events.publish({
      id: `${allianceId}:stock:${productId}:${spec.id}:${r.version}`,
      type: 'catalog.stock-changed',
      allianceId,
      data: {
        allianceId,
        productId,
        merchantId,
        catalogVersion: Math.max(1, await this.changes.head(allianceId)),
        stock: summarizeSpecs(specs.length ? specs : [{ ...spec, stock: r.level }]).stock,
        specId: spec.id,
        specStock: r.level,
        specStockVersion: r.version,
      },
    });
    return { applied: true, specId: spec.id, level: r.level };
  }

  /**
   * Copies the level into the product document, then checks the stream again: a concurrent writer
   * that appended after us but wrote the document before us would otherwise leave our older level.
   * Returns the product's specs as last written (for the event's product-level stock).
   */
  private async follow(productId: string, specId: string, level: number): Promise<Spec[]> {
    const { allianceId } = this.request;
    let specs: Spec[] = [];
    for (let attempt = 0, written = level; attempt < 5; attempt += 1) {
      const doc = await this.products.get(allianceId, productId);
      if (!doc) return specs;
      specs = toCatalogProduct(doc).specs;
      const index = specs.findIndex((s) => s.id === specId);
      if (index < 0) return specs;
      await this.products.setSpecStock(allianceId, doc, specs, index, written);
      specs = specs.map((s, i) => (i === index ? { ...s, stock: written } : s));
      const latest = await this.stock.level(allianceId, productId, specId, written);
      if (latest === written) return specs;
      written = latest;
    }
    return specs;
  }
}
