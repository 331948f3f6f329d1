import type { EventBus, Subscription } from '@alliance/events';
import type { CheckoutRepository } from './checkout.repository.js';
import type { OrderEffects } from './order-effects.js';
import type { OrderRepository } from './order.repository.js';
import { decideCancel } from './order.rules.js';

/**
 * A group-buy that did not fill in its 24 hours (group_buy.failed, from promotions): every order of
 * every checkout in the group is cancelled by the system, so its stock is released and what was paid
 * is refunded (the order effects do both). Orders already on their way (packed, handed over) cannot be
 * cancelled and are left as they are. A durable consumer; cancelling twice is refused by the orders'
 * own transitions, so a redelivered event changes nothing.
 */
export function consumeFailedGroupBuys(events: EventBus, checkouts: CheckoutRepository, orders: OrderRepository, effects: OrderEffects, now: () => Date): Promise<Subscription> {
  return events.consume('group-buy-failed', ['group_buy.failed'], async (event) => {
    if (event.type !== 'group_buy.failed') return;
    for (const checkoutId of event.data.checkoutIds) {
      const doc = await checkouts.get(event.allianceId, checkoutId);
      if (!doc) continue;
      for (const o of doc.orders) {
        const r = await orders.change(event.allianceId, o.orderId, (state) => decideCancel(state, 'SYSTEM', '拼团未成团', now()));
        if (r?.fact) await effects.applied(r.before, r.state, r.fact, r.version);
      }
    }
  });
}
