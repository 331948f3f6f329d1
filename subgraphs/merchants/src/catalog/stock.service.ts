import { idempotent, IdempotencyError, requestHash, type StoreCollection } from '@alliance/store';
import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { CatalogProduct } from './catalog.projection.js';
import { toCatalogProduct } from './catalog-projections.js';
import type { ProductRepository } from './product.repository.js';
import type { StockMovements } from './stock-movements.js';
import { loadOwnProduct } from './own-product.js';
import { shopSuspendedError } from '../merchant/active-shop.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { pickSpec, type Spec } from './spec.rules.js';
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
    private readonly movements: StockMovements,
    private readonly idempotency: StoreCollection,
    private readonly now: () => Date,
    private readonly merchants: Pick<MerchantRepository, 'get'>,
  ) {}

  async adjust(productId: string, specId: string | null | undefined, delta: number, reason: string, idempotencyKey: string): Promise<StockPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.products, productId, 'productId', 'stock');
    if ('unknown' in own) return { product: null, spec: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    const suspended = await shopSuspendedError(this.merchants, allianceId, doc.merchantId);
    if (suspended) return { product: current, spec: null, userErrors: [suspended] };
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
    const m = await this.movements.move(this.request.allianceId, productId, merchantId, spec, delta, reason);
    return { applied: m.applied, specId: m.specId, level: m.level };
  }
}
