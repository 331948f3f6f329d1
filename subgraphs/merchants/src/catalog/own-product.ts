import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { CatalogProduct } from './catalog.projection.js';
import { toCatalogProduct } from './catalog-projections.js';
import type { ProductDoc } from './product.model.js';
import type { ProductRepository } from './product.repository.js';
import { canManageProductsOf } from './product-price.rules.js';

/**
 * How every change a shop makes to one of its products starts: the caller is signed in (else
 * UNAUTHENTICATED), the product exists in this alliance (else an UNKNOWN_PRODUCT userError on
 * `idField`), and it is sold by the caller's shop (else FORBIDDEN). Read from the document, not the
 * projection: a change is decided on what is stored.
 */
export async function loadOwnProduct(
  request: RequestContext,
  products: ProductRepository,
  productId: string,
  idField: string,
  change: string,
): Promise<{ doc: ProductDoc; product: CatalogProduct } | { unknown: UserError }> {
  const { allianceId, principal } = request;
  if (!principal) throw DomainError.unauthenticated(`Sign in as the shop to change its ${change}`);
  const doc = await products.get(allianceId, productId);
  if (!doc) return { unknown: { code: 'UNKNOWN_PRODUCT', message: 'No such product in this alliance', field: [idField] } };
  if (!canManageProductsOf(principal, doc.merchantId)) throw DomainError.forbidden(`Only the shop that sells this product can change its ${change}`);
  return { doc, product: toCatalogProduct(doc) };
}
