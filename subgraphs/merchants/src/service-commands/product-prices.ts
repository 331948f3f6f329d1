import { DomainError } from '@alliance/runtime/domain-error';

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
}

/** The one thing this command needs from the catalogue. */
export interface PricedCatalog {
  product(id: string): Promise<{ id: string; merchantId: string; priceFen: number; stock: number } | null>;
}

export const MAX_PRICE_IDS = 100;

/** Prices of the products that exist in this alliance, in the order asked, each id once. */
export async function productPrices(catalog: PricedCatalog, ids: readonly string[]): Promise<ProductPrice[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_PRICE_IDS) throw DomainError.badInput(`at most ${MAX_PRICE_IDS} ids per call`, 'ids');
  const found = await Promise.all(unique.map((id) => catalog.product(id)));
  return found
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map((p) => ({ id: p.id, merchantId: p.merchantId, priceFen: p.priceFen, stock: p.stock }));
}
