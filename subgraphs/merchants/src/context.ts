import type { Connection } from 'mongoose';
import type { Logger, RequestContext } from '@alliance/runtime';
import { MerchantRepository } from './merchant/merchant.repository.js';
import { MerchantService } from './merchant/merchant.service.js';
import { ProductRepository } from './catalog/product.repository.js';
import { CatalogService } from './catalog/catalog.service.js';
import { CatalogChangeRepository } from './catalog/catalog-change.repository.js';
import { CatalogProjections } from './catalog/catalog-projections.js';
import { ProductPriceService } from './catalog/product-price.service.js';
import type { CatalogProjection } from './catalog/catalog.projection.js';

export interface MerchantsContext extends RequestContext {
  merchants: MerchantService;
  catalog: CatalogService;
  prices: ProductPriceService;
}

/** What lives as long as the process: repositories and the in-memory catalogue projections. */
export function createMerchantsDomain(conn: Connection, logger: Logger) {
  const merchantRepo = new MerchantRepository(conn);
  const productRepo = new ProductRepository(conn);
  const changes = new CatalogChangeRepository(conn);
  const projections = new CatalogProjections(productRepo, merchantRepo, changes, logger);
  return { merchantRepo, productRepo, changes, projections };
}
export type MerchantsDomain = ReturnType<typeof createMerchantsDomain>;

/** Services are built per request; the catalogue is revalidated at most once per request. */
export function contextFactory(domain: MerchantsDomain) {
  return (request: RequestContext): MerchantsContext => {
    let view: Promise<CatalogProjection> | undefined;
    const current = () => (view ??= domain.projections.current(request.allianceId));
    return {
      ...request,
      merchants: new MerchantService(current),
      catalog: new CatalogService(current),
      prices: new ProductPriceService(request, domain.productRepo, domain.changes, domain.projections),
    };
  };
}
