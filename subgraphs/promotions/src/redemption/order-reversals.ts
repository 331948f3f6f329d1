import type { EventBus, Subscription } from '@alliance/events';
import { costReversal } from '../pricing/cost-split.rules.js';
import type { DiscountService } from './discount.service.js';

/**
 * Orders give their promotion cost back as they are cancelled or refunded: a cancellation gives back
 * all of that shop's part, a refund the part in proportion to what was refunded so far (cumulative, so
 * a partial then a full refund ends exactly at zero for every funder). A durable consumer shared by the
 * replicas; the reversal streams make a redelivered or replayed event give back nothing more.
 */
export function consumeOrderReversals(events: EventBus, discountsFor: (allianceId: string, requestId: string) => DiscountService): Promise<Subscription> {
  return events.consume('order-reversals', ['order.cancelled', 'order.refunded'], async (event) => {
    if (event.type === 'order.cancelled') {
      const d = event.data;
      await discountsFor(event.allianceId, event.id).giveBack(event.allianceId, d.checkoutId, d.merchantId, () => 'all', event.id);
    } else if (event.type === 'order.refunded') {
      const d = event.data;
      await discountsFor(event.allianceId, event.id).giveBack(
        event.allianceId,
        d.checkoutId,
        d.merchantId,
        (cost) => Object.fromEntries(costReversal(cost.funders, d.totalFen, 0, Math.min(d.refundedFen, d.totalFen)).map((f) => [f.merchantId, f.costFen])),
        event.id,
      );
    }
  });
}
