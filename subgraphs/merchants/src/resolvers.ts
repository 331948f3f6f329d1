import { FenScalar, money } from '@alliance/money';
import type { Resolvers } from './generated/resolvers-types.js';
import { productPrices } from './service-commands/product-prices.js';
import { deliverySlots, deliveryTermsOf } from './orders/delivery.rules.js';
import { maskPhone, orderIdOfRefund } from './orders/order.rules.js';
import { now } from '@alliance/runtime';
import type { OrderStatus } from './orders/order.rules.js';
import { lowestMemberPriceFen, memberPriceFenOf } from './catalog/spec.rules.js';
import { merchantsExport } from './privacy/member-export.js';

const moneyOrNull = (fen: number | null) => (fen === null ? null : money(fen));

/** `status` (one) and `statuses` (several) filter together: an order in either set is listed. */
const statusesOf = (a: { status?: OrderStatus | null; statuses?: readonly OrderStatus[] | null }): OrderStatus[] => [...new Set([...(a.status ? [a.status] : []), ...(a.statuses ?? [])])];

const deliveryOf = (shop: Parameters<typeof deliveryTermsOf>[0]) => {
  const terms = deliveryTermsOf(shop);
  return terms ? { ...terms, slots: deliverySlots(now()) } : null;
};

/**
 * Adapters only: GraphQL arguments in, service calls, projection rows out. Typed from the SDL
 * (`npm run codegen`): parents are what the services return (CatalogProduct, CatalogMerchant).
 */
export const resolvers: Resolvers = {
  Fen: FenScalar,
  Member: {
    __resolveReference: (ref) => ({ id: ref.id }),
    heldByMerchants: (m, _, ctx) => merchantsExport(ctx, m.id, ctx),
  },
  Query: {
    quote: (_, a, ctx) => ctx.quotes.quote(a.lines, a.groupBuy ?? null, a.pickupPointId ?? null),
    merchants: (_, a, ctx) => ctx.merchants.list(a.neighborhood),
    merchant: (_, a, ctx) => ctx.merchants.get(a.id),
    storefront: (_, a, ctx) => ctx.catalog.storefront(a.first, a.after, a.filter),
    product: async (_, a, ctx) => ctx.productEdit.visible(await ctx.catalog.product(a.id)),
    categories: (_, __, ctx) => ctx.catalog.categories(),
    neighborhoods: (_, __, ctx) => ctx.merchants.neighborhoods(),
    pickupPoints: (_, a, ctx) => ctx.pickupPoints.list(a.neighborhood),
    cart: (_, __, ctx) => ctx.cart.cart(),
    productPrices: (_, a, ctx) => productPrices(ctx.livePrices, a.ids),
    allianceShops: async (_, __, ctx) => (await ctx.merchants.list(null)).map((m) => ({ id: m.id, name: m.name })),
    checkout: (_, a, ctx) => ctx.checkout.get(ctx, a.id),
    myOrders: (_, a, ctx) => ctx.orders.myOrders(statusesOf(a), a.first, a.after),
    order: (_, a, ctx) => ctx.orders.order(a.id),
    orderDesk: (_, a, ctx) => ctx.orders.orderDesk(a.merchantId, statusesOf(a), a.first, a.after),
    escalatedRefunds: (_, __, ctx) => ctx.orders.escalatedRefunds(),
    myPickupPoints: (_, __, ctx) => ctx.orders.myPickupPoints(),
    pickupPointOrders: (_, a, ctx) => ctx.orders.pickupPointOrders(a.pickupPointId, a.date),
    myMessages: (_, a, ctx) => ctx.inbox.messages(a.first, a.after),
    productSheetTemplate: (_, __, ctx) => ctx.productSheets.template(),
    exportProducts: (_, a, ctx) => ctx.productSheets.export(a.merchantId),
    invitation: (_, a, ctx) => ctx.invitations.preview(a.token),
  },
  Mutation: {
    setProductPrice: (_, a, ctx) => ctx.prices.setPrice(a.id, a.specId, a.priceFen),
    setMemberPrice: (_, a, ctx) => ctx.prices.setMemberPrice(a.id, a.specId, a.memberPriceFen ?? null),
    adjustStock: (_, a, ctx) => ctx.stock.adjust(a.productId, a.specId, a.delta, a.reason, a.idempotencyKey),
    addToCart: (_, a, ctx) => ctx.cart.add(a.line),
    setCartQuantity: (_, a, ctx) => ctx.cart.setQuantity(a.line),
    mergeCart: (_, a, ctx) => ctx.cart.merge(a.lines),
    clearCart: (_, __, ctx) => ctx.cart.clear(),
    addPickupPoint: (_, a, ctx) => ctx.pickupPoints.add(a.input),
    updatePickupPoint: (_, a, ctx) => ctx.pickupPoints.update(a.id, a.input),
    setPickupPointOpen: (_, a, ctx) => ctx.pickupPoints.setOpen(a.id, a.open),
    placeOrder: (_, a, ctx) => ctx.checkout.place(ctx, a.input),
    payInSandbox: (_, a, ctx) => ctx.checkout.payInSandbox(ctx, a.checkoutId, ctx.sandboxPayments),
    markOrderReady: (_, a, ctx) => ctx.orders.markReady(a.orderId),
    confirmArrival: (_, a, ctx) => ctx.orders.confirmArrival(a.orderId),
    handOverOrder: (_, a, ctx) => ctx.orders.handOver(a.orderId, a.pickupCode, !!a.paymentCollected),
    cancelOrder: (_, a, ctx) => ctx.orders.cancel(a.orderId, a.reason),
    requestRefund: (_, a, ctx) => ctx.orders.requestRefund(a.input),
    decideRefund: (_, a, ctx) => ctx.orders.decideRefund(a.refundId, a.approve, a.amountFen, a.restock, a.note),
    escalateRefund: (_, a, ctx) => ctx.orders.escalateRefund(a.refundId, a.note),
    markMessagesRead: (_, __, ctx) => ctx.inbox.markRead(),
    createProduct: (_, a, ctx) => ctx.productEdit.create(a.input),
    updateProduct: (_, a, ctx) => ctx.productEdit.update(a.id, a.input),
    setProductListed: (_, a, ctx) => ctx.productEdit.setListed(a.id, a.listed),
    importProducts: (_, a, ctx) => ctx.productSheets.import(a.merchantId, a.uploadId),
    onboardMerchant: (_, a, ctx) => ctx.onboarding.onboard(a.input),
    suspendMerchant: (_, a, ctx) => ctx.suspensions.suspend(a.id, a.reason),
    reinstateMerchant: (_, a, ctx) => ctx.suspensions.reinstate(a.id),
    inviteStaff: (_, a, ctx) => ctx.invitations.invite(a.merchantId, a.email),
    reissueOwnerInvitation: (_, a, ctx) => ctx.invitations.reissueOwner(a.merchantId),
    acceptInvitation: (_, a, ctx) => ctx.invitations.accept(a.token, a.password),
    createImageUpload: (_, a, ctx) => ctx.uploads.createImageUpload(a.productId, a.contentType, a.bytes),
    createFileUpload: (_, a, ctx) => ctx.uploads.createFileUpload(a.merchantId ?? null, a.purpose, a.contentType, a.bytes),
    attachProductImage: (_, a, ctx) => ctx.productImages.attach(a.productId, a.uploadId),
    removeProductImage: (_, a, ctx) => ctx.productImages.remove(a.productId, a.imageId),
  },
  Merchant: {
    __resolveReference: (ref, ctx) => ctx.merchants.get(ref.id),
    productCount: (m, _, ctx) => ctx.catalog.productCount(m.id),
    catalogue: (m, a, ctx) => ctx.productEdit.catalogue(m.id, a.first, a.after),
    delivery: (m) => deliveryOf(m),
    status: (m) => m.status,
    suspendedReason: (m, _, ctx) => ctx.merchants.suspendedReason(m),
    neighborhoodsServed: (m) => m.neighborhoodsServed,
    licences: (m, _, ctx) => ctx.merchants.licences(m),
    auditLog: async (m, a, ctx) => {
      const page = await ctx.merchants.auditLog(m, a.first, a.after);
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: { ...e.node, at: e.node.at.toISOString(), before: e.node.before === null ? null : JSON.stringify(e.node.before), after: e.node.after === null ? null : JSON.stringify(e.node.after) } })) };
    },
    pendingInvitations: (m, _, ctx) => ctx.invitations.pending(m.id),
  },
  Product: {
    __resolveReference: (ref, ctx) => ctx.catalog.product(ref.id),
    price: (p) => money(p.priceFen),
    referencePrice: async (p, _, ctx) => money(await ctx.catalog.productReferencePriceFen(p)),
    memberPrice: (p) => moneyOrNull(lowestMemberPriceFen(p.specs)),
    listed: (p) => p.listed,
    merchant: (p, _, ctx) => ctx.merchants.ofProduct(p),
    images: (p, _, ctx) => ctx.productImages.views(p.images),
  },
  Spec: {
    price: (s) => money(s.priceFen),
    referencePrice: async (s, _, ctx) => money(await ctx.catalog.specReferencePriceFen(s)),
    memberPrice: (s) => moneyOrNull(memberPriceFenOf(s)),
  },
  Cart: {
    unavailableLines: (c) => c.unavailable,
    total: (c) => money(c.totalFen),
    quote: (c, _, ctx) => ctx.quotes.quote(c.groups.flatMap((g) => g.lines).map((l) => ({ productId: l.line.productId, specId: l.line.specId, quantity: l.line.quantity }))),
  },
  Quote: {
    subtotal: (q) => money(q.subtotalFen),
    discountTotal: (q) => money(q.discountTotalFen),
    total: (q) => money(q.subtotalFen - q.discountTotalFen),
  },
  QuoteLine: {
    product: (l, _, ctx) => ctx.catalog.product(l.productId),
    merchant: (l, _, ctx) => ctx.merchants.require(l.merchantId),
    unitPrice: (l) => money(l.unitPriceFen),
    listPrice: (l) => money(l.listPriceFen),
    memberPrice: (l) => moneyOrNull(l.memberPriceFen),
    lineTotal: (l) => money(l.unitPriceFen * l.quantity),
    discount: (l) => money(l.discountFen),
  },
  AppliedPromotion: {
    amount: (a) => money(a.amountFen),
  },
  PromotionFunderCost: {
    merchant: (f, _, ctx) => ctx.merchants.require(f.merchantId),
    cost: (f) => money(f.costFen),
  },
  CartGroup: {
    merchant: (g, _, ctx) => ctx.merchants.require(g.merchantId),
    subtotal: (g) => money(g.subtotalFen),
  },
  Checkout: {
    total: (c) => money(c.totalFen),
    discountTotal: (c) => money(c.discountTotalFen),
    pointsTotal: (c) => money(c.orders.reduce((n, o) => n + (o.pointsFen ?? 0), 0)),
    placedAt: (c) => c.placedAt.toISOString(),
    payment: (c) => (c.payment ? { ...c.payment, checkoutId: c.id, amountFen: c.totalFen } : null),
  },
  Payment: {
    id: (p) => p.checkoutId,
    amount: (p) => money(p.amountFen),
    payBefore: (p) => p.payBefore.toISOString(),
    paidAt: (p) => p.paidAt?.toISOString() ?? null,
    payParams: (p) => (p.status === 'PENDING' && p.clientParams ? JSON.stringify(p.clientParams) : null),
  },
  Order: {
    id: (o) => o.orderId,
    merchant: (o, _, ctx) => ctx.merchants.require(o.merchantId),
    subtotal: (o) => money(o.subtotalFen),
    deliveryFee: (o) => money(o.deliveryFeeFen),
    total: (o) => money(o.totalFen),
    discount: (o) => money(o.discountFen ?? 0),
    points: (o) => money(o.pointsFen ?? 0),
    promotions: (o) => o.promotions ?? [],
    groupBuy: (o) => (o.groupBuyId ? { __typename: 'GroupBuy' as const, id: o.groupBuyId } : null),
    refunded: (o) => money(o.refundedFen),
    fulfilment: (o) => o.fulfilment.kind,
    pickupPoint: async (o, _, ctx) => (o.fulfilment.kind === 'PICKUP' ? ((await ctx.pickupPoints.byId(o.fulfilment.pickupPointId)) ?? null) : null),
    delivery: (o) => (o.fulfilment.kind === 'DELIVERY' ? o.fulfilment : null),
    buyer: (o) => ({ name: o.buyer.name, maskedPhone: maskPhone(o.buyer.phone) }),
    lines: (o) => o.lines.map((l) => ({ ...l, refundedQuantity: o.refundedQuantities[l.id] ?? 0 })),
  },
  OrderLine: {
    unitPrice: (l) => money(l.unitPriceFen),
    // Orders from before member prices were charged the price.
    listPrice: (l) => money(l.listPriceFen ?? l.unitPriceFen),
    lineTotal: (l) => money(l.unitPriceFen * l.quantity),
    discount: (l) => money(l.discountFen ?? 0),
    refundedQuantity: (l) => (l as { refundedQuantity?: number }).refundedQuantity ?? 0,
    product: (l, _, ctx) => ctx.catalog.product(l.productId),
  },
  DeliveryDetails: {
    maskedPhone: (d) => maskPhone(d.phone),
    slot: (d) => ({ ...d.slot, startsAt: new Date(d.slot.startsAt), endsAt: new Date(d.slot.endsAt) }),
  },
  DeliverySlot: {
    startsAt: (s) => s.startsAt.toISOString(),
    endsAt: (s) => s.endsAt.toISOString(),
  },
  DeliveryTerms: {
    fee: (t) => money(t.feeFen),
    freeFrom: (t) => (t.freeFromFen === null ? null : money(t.freeFromFen)),
  },
  Refund: {
    requested: (r) => money(r.requestedFen),
    amount: (r) => (r.amountFen === null ? null : money(r.amountFen)),
    orderId: (r) => orderIdOfRefund(r.id),
    order: (r, _, ctx) => ctx.orders.order(orderIdOfRefund(r.id)),
  },
  OrderDesk: {
    merchant: (d, _, ctx) => ctx.merchants.require(d.merchantId),
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
