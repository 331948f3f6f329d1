import { money } from '@alliance/money';
import type { MerchantsContext as Ctx } from './context.js';
import type { MerchantDoc } from './merchant/merchant.model.js';
import type { ProductDoc } from './catalog/product.model.js';
import type { StorefrontFilterInput } from './catalog/catalog.rules.js';

/** Adapters only: GraphQL arguments in, service calls, documents out. */
export const resolvers = {
  Query: {
    merchants: (_: unknown, a: { neighborhood?: string | null }, ctx: Ctx) => ctx.merchants.list(a.neighborhood),
    merchant: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.merchants.get(a.id),
    storefront: (_: unknown, a: { first?: number | null; after?: string | null; filter?: StorefrontFilterInput | null }, ctx: Ctx) =>
      ctx.catalog.storefront(a.first, a.after, a.filter),
    product: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.catalog.product(a.id),
    categories: (_: unknown, __: unknown, ctx: Ctx) => ctx.catalog.categories(),
    neighborhoods: (_: unknown, __: unknown, ctx: Ctx) => ctx.merchants.neighborhoods(),
  },
  Merchant: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.merchants.get(ref.id),
    id: (m: MerchantDoc) => m._id,
    productCount: (m: MerchantDoc, _: unknown, ctx: Ctx) => ctx.catalog.productCountByMerchant.load(m._id),
  },
  Product: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.catalog.product(ref.id),
    id: (p: ProductDoc) => p._id,
    price: (p: ProductDoc) => money(p.priceFen),
    merchant: (p: ProductDoc, _: unknown, ctx: Ctx) => ctx.merchants.get(p.merchantId),
  },
};
