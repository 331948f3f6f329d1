import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EventBus } from '@alliance/events';
import { publishPriceChanged } from './catalog-events.js';
import type { CatalogProduct } from './catalog.projection.js';
import { toCatalogProduct, type CatalogProjections } from './catalog-projections.js';
import type { CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductRepository } from './product.repository.js';
import { canPriceProductsOf, priceProblems } from './product-price.rules.js';
import { pickSpec, summarizeSpecs, withSpecPrice } from './spec.rules.js';

export interface ProductPayload {
  product: CatalogProduct | null;
  userErrors: UserError[];
}

/**
 * A shop changes a price. The product document is written first, then the change is appended to the
 * alliance's catalogue log (which moves the version every replica revalidates against), then the
 * change is announced so other replicas apply it without asking the database.
 */
export class ProductPriceService {
  constructor(
    private readonly request: RequestContext,
    private readonly products: ProductRepository,
    private readonly changes: CatalogChangeLog,
    private readonly projections: CatalogProjections,
    private readonly events: EventBus,
  ) {}

  async setPrice(productId: string, specId: string | null | undefined, priceFen: number): Promise<ProductPayload> {
    const { allianceId, principal } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in as the shop to change its prices');
    const doc = await this.products.get(allianceId, productId);
    if (!doc) return { product: null, userErrors: [{ code: 'UNKNOWN_PRODUCT', message: 'No such product in this alliance', field: ['id'] }] };
    if (!canPriceProductsOf(principal, doc.merchantId)) throw DomainError.forbidden('Only the shop that sells this product can change its price');
    const current = toCatalogProduct(doc);
    const picked = pickSpec(current.specs, specId, ['specId']);
    if ('error' in picked) return { product: current, userErrors: [picked.error] };
    const problems = priceProblems(priceFen);
    if (problems.length) return { product: current, userErrors: problems };
    if (picked.spec.priceFen === priceFen) return { product: current, userErrors: [] };
    const specs = withSpecPrice(current.specs, picked.spec.id, priceFen);
    await this.products.setSpecPrice(allianceId, doc, specs, current.specs.indexOf(picked.spec), summarizeSpecs(specs).priceFen);
    const version = await this.changes.record(allianceId, 'product', [productId]);
    const product = toCatalogProduct({ ...doc, specs, ...summarizeSpecs(specs) });
    await this.projections.advanceTo(allianceId, version);
    await publishPriceChanged(this.events, allianceId, version, product, current.priceFen);
    return { product, userErrors: [] };
  }
}
