import type { UserError } from '@alliance/runtime/domain-error';
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

/**
 * A presale sold out, or a group-buy the shopper asked for and did not get: the checkout fails with
 * why, never at the full price.
 */
export function promotionProblem(asked: { promotionId: string; groupId?: string | null } | null, d: Pick<Discounts, 'refusals' | 'groupBuy'>): UserError | null {
  if (d.refusals.some((r) => r.code === 'PRESALE_SOLD_OUT')) return { code: 'PRESALE_SOLD_OUT', message: 'the presale quantity left is smaller than this cart asks for', field: ['lines'] };
  if (!asked) return null;
  const refusal = d.refusals.find((r) => r.promotionId === asked.promotionId);
  if (refusal) return { code: refusal.code, message: GROUP_MESSAGES[refusal.code] ?? 'this group-buy cannot be joined', field: ['groupBuy'] };
  if (d.groupBuy?.promotionId !== asked.promotionId) return { code: 'GROUP_BUY_NOT_APPLICABLE', message: 'this group-buy is not running for these items', field: ['groupBuy', 'promotionId'] };
  return null;
}

const GROUP_MESSAGES: Record<string, string> = {
  GROUP_FULL: 'this group is full: open a new one',
  GROUP_EXPIRED: 'this group closed: open a new one',
  ALREADY_IN_GROUP: 'you are in this group already',
  UNKNOWN_GROUP: 'no such group of this group-buy',
};

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
    return { ...o, lines, discountFen, promotions, groupBuyId: d.groupBuy?.groupId ?? null, totalFen: o.subtotalFen + o.deliveryFeeFen - discountFen };
  });
}
