import { FenScalar, money } from '@alliance/money';
import type { Resolvers } from './generated/resolvers-types.js';
import { productPrices } from './service-commands/product-prices.js';

/**
 * Adapters only: GraphQL arguments in, service calls, projection rows out. Typed from the SDL
 * (`npm run codegen`): parents are what the services return (CatalogProduct, CatalogMerchant).
 */
export const resolvers: Resolvers = {
  Fen: FenScalar,
  Query: {
    merchants: (_, a, ctx) => ctx.merchants.list(a.neighborhood),
    merchant: (_, a, ctx) => ctx.merchants.get(a.id),
    storefront: (_, a, ctx) => ctx.catalog.storefront(a.first, a.after, a.filter),
    product: (_, a, ctx) => ctx.catalog.product(a.id),
    categories: (_, __, ctx) => ctx.catalog.categories(),
    neighborhoods: (_, __, ctx) => ctx.merchants.neighborhoods(),
    pickupPoints: (_, a, ctx) => ctx.pickupPoints.list(a.neighborhood),
    cart: (_, __, ctx) => ctx.cart.cart(),
    productPrices: (_, a, ctx) => productPrices(ctx.livePrices, a.ids),
  },
  Mutation: {
    setProductPrice: (_, a, ctx) => ctx.prices.setPrice(a.id, a.specId, a.priceFen),
    adjustStock: (_, a, ctx) => ctx.stock.adjust(a.productId, a.specId, a.delta, a.reason, a.idempotencyKey),
    addToCart: (_, a, ctx) => ctx.cart.add(a.line),
    setCartQuantity: (_, a, ctx) => ctx.cart.setQuantity(a.line),
    mergeCart: (_, a, ctx) => ctx.cart.merge(a.lines),
    clearCart: (_, __, ctx) => ctx.cart.clear(),
    addPickupPoint: (_, a, ctx) => ctx.pickupPoints.add(a.input),
    updatePickupPoint: (_, a, ctx) => ctx.pickupPoints.update(a.id, a.input),
    setPickupPointOpen: (_, a, ctx) => ctx.pickupPoints.setOpen(a.id, a.open),
  },
  Merchant: {
    __resolveReference: (ref, ctx) => ctx.merchants.get(ref.id),
    productCount: (m, _, ctx) => ctx.catalog.productCount(m.id),
  },
  Product: {
    __resolveReference: (ref, ctx) => ctx.catalog.product(ref.id),
    price: (p) => money(p.priceFen),
    merchant: (p, _, ctx) => ctx.merchants.ofProduct(p),
  },
  Spec: {
    price: (s) => money(s.priceFen),
  },
  Cart: {
    unavailableLines: (c) => c.unavailable,
    total: (c) => money(c.totalFen),
  },
  CartGroup: {
    merchant: (g, _, ctx) => ctx.merchants.require(g.merchantId),
    subtotal: (g) => money(g.subtotalFen),
  },
  CartLine: {
    product: (l) => l.item?.product ?? null,
    spec: (l) => l.item?.spec ?? null,
    quantity: (l) => l.line.quantity,
    unitPrice: (l) => money(l.unitPriceFen),
    addedPrice: (l) => money(l.line.addedPriceFen),
    lineTotal: (l) => money(l.lineTotalFen),
  },
};
