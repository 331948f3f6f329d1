import type { Connection } from 'mongoose';
import type { RequestIdentity } from '@alliance/runtime';
import { MerchantRepository } from './merchant/merchant.repository.js';
import { MerchantService } from './merchant/merchant.service.js';
import { ProductRepository } from './catalog/product.repository.js';
import { CatalogService } from './catalog/catalog.service.js';

export interface MerchantsContext extends RequestIdentity {
  merchants: MerchantService;
  catalog: CatalogService;
}

/** Services are built per request so their DataLoaders batch and cache within that request only. */
export function contextFactory(conn: Connection) {
  const merchantRepo = new MerchantRepository(conn);
  const productRepo = new ProductRepository(conn);
  return (identity: RequestIdentity): MerchantsContext => ({
    ...identity,
    merchants: new MerchantService(identity.allianceId, merchantRepo),
    catalog: new CatalogService(identity.allianceId, productRepo, merchantRepo),
  });
}
