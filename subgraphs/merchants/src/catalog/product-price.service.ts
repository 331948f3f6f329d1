import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EventBus } from '@alliance/events';
import { publishPriceChanged, publishProductUpdated } from './catalog-events.js';
import type { CatalogProduct } from './catalog.projection.js';
import { toCatalogProduct, type CatalogProjections } from './catalog-projections.js';
import type { CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductRepository } from './product.repository.js';
import type { PriceHistoryRepository } from './price-history.repository.js';
import { priceProblems } from './product-price.rules.js';
import { loadOwnProduct } from './own-product.js';
import { shopSuspendedError } from '../merchant/active-shop.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { memberPriceProblems, pickSpec, summarizeSpecs, withSpecMemberPrice, withSpecPrice, type Spec } from './spec.rules.js';

export interface ProductPayload {
  product: CatalogProduct | null;
  userErrors: UserError[];
}

/**
 * Records a spec's price change in its history (what reference prices are computed from): a price
 * change through setProductPrice and one through the product form are the same fact. A product's
 * history starts at its creation: before that it had no price to compare with.
 */
export function recordPriceChange(history: PriceHistoryRepository, allianceId: string, product: { id: string; createdAt?: Date | null }, spec: Spec, priceFen: number, at: Date): Promise<void> {
  return history.record(allianceId, product.id, spec.id, spec.priceFen, priceFen, at, product.createdAt ?? at);
}

/**
 * A shop changes a price. The product document is written first, then the spec's price history (what
 * the reference price is computed from), then the change is appended to the alliance's catalogue log
 * (which moves the version every replica revalidates against, and makes replicas re-read the history),
 * then the change is announced so other replicas apply it without asking the database.
 */
export class ProductPriceService {
  constructor(
    private readonly request: RequestContext,
    private readonly products: ProductRepository,
    private readonly changes: CatalogChangeLog,
    private readonly projections: CatalogProjections,
    private readonly events: EventBus,
    private readonly priceHistory: PriceHistoryRepository,
    private readonly now: () => Date,
    private readonly merchants: Pick<MerchantRepository, 'get'>,
  ) {}

  async setPrice(productId: string, specId: string | null | undefined, priceFen: number): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.products, productId, 'id', 'prices');
    if ('unknown' in own) return { product: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    const suspended = await shopSuspendedError(this.merchants, allianceId, doc.merchantId);
    if (suspended) return { product: current, userErrors: [suspended] };
    const picked = pickSpec(current.specs, specId, ['specId']);
    if ('error' in picked) return { product: current, userErrors: [picked.error] };
    const problems = priceProblems(priceFen);
    if (problems.length) return { product: current, userErrors: problems };
    if (picked.spec.priceFen === priceFen) {
      // Setting the same price again is how a shop retries a change whose history a crash lost.
      await this.priceHistory.heal(allianceId, productId, picked.spec.id, priceFen, this.now());
      return { product: current, userErrors: [] };
    }
    const specs = withSpecPrice(current.specs, picked.spec.id, priceFen);
    await this.products.setSpecPrice(allianceId, doc, specs, current.specs.indexOf(picked.spec), summarizeSpecs(specs).priceFen);
    const at = this.now();
    await recordPriceChange(this.priceHistory, allianceId, doc, picked.spec, priceFen, at);
    const version = await this.changes.record(allianceId, 'product', [productId]);
    const product = toCatalogProduct({ ...doc, specs, ...summarizeSpecs(specs) });
    await this.projections.advanceTo(allianceId, version);
    await publishPriceChanged(this.events, allianceId, version, product, current.priceFen);
    return { product, userErrors: [] };
  }

  /**
   * A shop sets a spec's member price (会员价), or clears it with null. Written like a price change
   * (document, change log, projection, event) but it is not one: the listed price and its history stay
   * as they are, so it is announced as a product update.
   */
  async setMemberPrice(productId: string, specId: string | null | undefined, memberPriceFen: number | null): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.products, productId, 'id', 'prices');
    if ('unknown' in own) return { product: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    const suspended = await shopSuspendedError(this.merchants, allianceId, doc.merchantId);
    if (suspended) return { product: current, userErrors: [suspended] };
    const picked = pickSpec(current.specs, specId, ['specId']);
    if ('error' in picked) return { product: current, userErrors: [picked.error] };
    const problems = memberPriceProblems(picked.spec, memberPriceFen);
    if (problems.length) return { product: current, userErrors: problems };
    const specs = withSpecMemberPrice(current.specs, picked.spec.id, memberPriceFen);
    if ((picked.spec.memberPriceFen ?? null) === memberPriceFen) {
      // Setting the same member price again is how a shop retries a change a crash cut short after the
      // document was written: log it only when this replica's listings do not show it yet.
      const listed = (await this.projections.current(allianceId)).product(productId)?.specs.find((s) => s.id === picked.spec.id);
      if ((listed?.memberPriceFen ?? null) === memberPriceFen) return { product: current, userErrors: [] };
    } else {
      await this.products.setSpecMemberPrice(allianceId, doc, specs, current.specs.indexOf(picked.spec), memberPriceFen);
    }
    const version = await this.changes.record(allianceId, 'product', [productId]);
    const product = toCatalogProduct({ ...doc, specs, ...summarizeSpecs(specs) });
    await this.projections.advanceTo(allianceId, version);
    await publishProductUpdated(this.events, allianceId, version, product);
    return { product, userErrors: [] };
  }
}
