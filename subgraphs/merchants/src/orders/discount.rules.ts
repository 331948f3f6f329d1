import type { DiscountLineRequest, Discounts } from '../service-commands/promotions-client.js';
import type { PlacedOrder } from './order.rules.js';

/**
 * Promotions priced into orders. The lines go to promotions numbered in checkout order (order by
 * order, line by line); what comes back is written onto the lines and orders, so every order carries
 * its discount, its part of each promotion and who funds that part.
 */
export function discountRequestLines(orders: readonly PlacedOrder[]): DiscountLineRequest[] {
  let index = 0;
  return orders.flatMap((o) => o.lines.map((l) => ({ index: index++, productId: l.productId, merchantId: o.merchantId, category: l.category, quantity: l.quantity, unitPriceFen: l.unitPriceFen })));
}

export function applyDiscounts(orders: readonly PlacedOrder[], d: Discounts): PlacedOrder[] {
  const byIndex = new Map(d.lines.map((l) => [l.index, l.discountFen]));
  let index = 0;
  return orders.map((o) => {
    const lines = o.lines.map((l) => ({ ...l, discountFen: byIndex.get(index++) ?? 0 }));
    const discountFen = lines.reduce((s, l) => s + l.discountFen, 0);
    if (discountFen > o.subtotalFen) throw new RangeError(`order ${o.orderId}: a discount of ${discountFen} passes its subtotal ${o.subtotalFen}`);
    const promotions = d.applied.flatMap((a) => {
      const part = a.byShop.find((b) => b.merchantId === o.merchantId);
      return part && part.amountFen > 0 ? [{ promotionId: a.promotionId, kind: a.kind, title: a.title, explanation: a.explanation, amountFen: part.amountFen, funders: part.funders }] : [];
    });
    return { ...o, lines, discountFen, promotions, totalFen: o.subtotalFen + o.deliveryFeeFen - discountFen };
  });
}
