import { DomainError } from '@alliance/runtime/domain-error';
import { specsOf, summarizeSpecs, type Spec } from '../catalog/spec.rules.js';

/**
 * Service command `productPrices`: what checkout and promotions price order lines with. Callable by
 * service accounts only (it is @inaccessible in schemas/merchants.graphql). Prices come from the
 * product documents (parallel `_id` reads), not the storefront projection, which may lag a moment;
 * every read is scoped to the tenant of the signed request, so another alliance's ids find nothing.
 */
export interface ProductPrice {
  id: string;
  merchantId: string;
  priceFen: number;
  stock: number;
  specs: Spec[];
}

/** The one thing this command needs from the catalogue. */
export interface PricedCatalog {
  product(id: string): Promise<{ id: string; merchantId: string; unit: string; priceFen: number; stock: number; specs?: Spec[] | null } | null>;
}

export const MAX_PRICE_IDS = 100;

/** Prices of the products that exist in this alliance, in the order asked, each id once. */
export async function productPrices(catalog: PricedCatalog, ids: readonly string[]): Promise<ProductPrice[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_PRICE_IDS) throw DomainError.badInput(`at most ${MAX_PRICE_IDS} ids per call`, 'ids');
  const found = await Promise.all(unique.map((id) => catalog.product(id)));
  return found
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map((p) => {
      const specs = specsOf(p);
      return { id: p.id, merchantId: p.merchantId, ...summarizeSpecs(specs), specs };
    });
}
