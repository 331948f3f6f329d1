import type { UserError } from '@alliance/runtime/domain-error';

/**
 * The one rule for whether a product is on sale: listed (上架) and sold by a shop that is not
 * suspended. The storefront shows only such products, product pages show others only to the shop's
 * staff, and the cart, quotes and checkout refuse them.
 */
type Listing = { listed?: boolean | null };
type Shop = { status?: string | null; name?: string } | null | undefined;

/** Why the product is not on sale (the shop's suspension first: it is what the shop must fix), or null. */
export function saleBlock(product: Listing, shop: Shop): 'MERCHANT_SUSPENDED' | 'PRODUCT_UNAVAILABLE' | null {
  if (shop?.status === 'SUSPENDED') return 'MERCHANT_SUSPENDED';
  return product.listed === false ? 'PRODUCT_UNAVAILABLE' : null;
}

export const isOnSale = (product: Listing, shop: Shop): boolean => saleBlock(product, shop) === null;

/** The userError a cart, quote or checkout line of a product not on sale gets, or null when it may be bought. */
export function notOnSaleError(product: Listing & { name: string }, shop: Shop, field: string[]): UserError | null {
  const block = saleBlock(product, shop);
  if (block === 'MERCHANT_SUSPENDED') return { code: block, message: `${shop?.name ?? 'this shop'} is not taking orders at the moment: remove its items to check out`, field };
  if (block === 'PRODUCT_UNAVAILABLE') return { code: block, message: `${product.name} is no longer on sale`, field };
  return null;
}
