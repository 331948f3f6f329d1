import type { EventBus } from '@alliance/events';
import type { Logger } from 'pino';
import type { CheckoutRepository } from '../orders/checkout.repository.js';
import type { OrderRepository } from '../orders/order.repository.js';

/** Orders read per page of her list. */
const PAGE = 50;

/**
 * `member.erased`: her name, phone and delivery address leave every order she placed (the placed
 * fact, its checkout record and the order's head); amounts, lines and statuses stay, so shops' and
 * the ledger's figures do not move. Idempotent: a redelivery finds them blank already.
 */
export function consumeMemberErasures(events: EventBus, orders: OrderRepository, checkouts: CheckoutRepository, logger: Logger) {
  return events.consume('member-erasure', ['member.erased'], async (event) => {
    const { allianceId, memberSubject } = event.data as { allianceId: string; memberSubject: string };
    let before: number | undefined;
    let count = 0;
    for (;;) {
      const page = await orders.page(allianceId, { mine: memberSubject }, PAGE, before);
      for (const e of page.entries) {
        const checkoutId = await orders.eraseBuyer(allianceId, e.orderId);
        if (checkoutId) await checkouts.eraseBuyer(allianceId, checkoutId);
        count += 1;
      }
      if (page.next === null) break;
      before = page.next;
    }
    logger.info({ eventId: event.id, orders: count }, 'erased a member from her orders');
  });
}
