import { now, type RequestContext, type SubgraphResources } from '@alliance/runtime';
import { MerchantRepository } from './merchant/merchant.repository.js';
import { MerchantService } from './merchant/merchant.service.js';
import { ProductRepository } from './catalog/product.repository.js';
import { CatalogService } from './catalog/catalog.service.js';
import { CatalogChangeRepository } from './catalog/catalog-change.repository.js';
import { CatalogProjections } from './catalog/catalog-projections.js';
import { ProductPriceService } from './catalog/product-price.service.js';
import { StockRepository } from './catalog/stock.repository.js';
import { StockService } from './catalog/stock.service.js';
import { PickupPointRepository } from './pickup/pickup-point.repository.js';
import { PickupPointService } from './pickup/pickup-point.service.js';
import { CartRepository } from './cart/cart.repository.js';
import { CartService } from './cart/cart.service.js';
import type { CatalogProjection } from './catalog/catalog.projection.js';
import { subscribeCatalogEvents } from './catalog/catalog-events.js';
import type { PricedCatalog } from './service-commands/product-prices.js';

export interface MerchantsContext extends RequestContext {
  merchants: MerchantService;
  catalog: CatalogService;
  prices: ProductPriceService;
  stock: StockService;
  pickupPoints: PickupPointService;
  cart: CartService;
  /** Prices read from the product documents by `_id`, never the projection: what checkout charges. */
  livePrices: PricedCatalog;
}

/**
 * Start-up: repositories and the in-memory catalogue projections (warmed before the first request,
 * kept fresh by catalogue events); then the per-request builder. The catalogue is revalidated at
 * most once per request.
 */
export async function contextFactory({ connection, events, logger, reportHealth, sweeper }: SubgraphResources) {
  const productRepo = new ProductRepository(connection);
  const changes = new CatalogChangeRepository(connection);
  const stockRepo = new StockRepository(connection);
  const pickupRepo = new PickupPointRepository(connection);
  const cartRepo = new CartRepository(connection);
  // Idempotency records of stock adjustments expire (24 h); FerretDB has no TTL index, so the sweeper removes them.
  const stockKeys = connection.collection('stock_idempotency');
  sweeper.register(stockKeys);
  const projections = new CatalogProjections(productRepo, new MerchantRepository(connection), changes, logger);
  await subscribeCatalogEvents(events, projections);
  await projections.preload();
  reportHealth('catalog', () => ({ ...projections.stats }));
  return (request: RequestContext): MerchantsContext => {
    let view: Promise<CatalogProjection> | undefined;
    const current = () => (view ??= projections.current(request.allianceId));
    return {
      ...request,
      merchants: new MerchantService(current),
      catalog: new CatalogService(current),
      prices: new ProductPriceService(request, productRepo, changes, projections, events),
      pickupPoints: new PickupPointService(request, pickupRepo),
      cart: new CartService(request, cartRepo, current),
      stock: new StockService(request, productRepo, stockRepo, stockKeys, changes, projections, events, now),
      livePrices: { product: (id) => productRepo.get(request.allianceId, id) },
    };
  };
}
