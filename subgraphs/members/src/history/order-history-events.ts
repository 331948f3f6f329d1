import type { EventBus } from '@alliance/events';
import type { Logger } from 'pino';
import { memberIdFor } from '../member/member.rules.js';
import type { OrderHistoryRepository } from './order-history.repository.js';

/** Folds completed orders (and refunds after completion) into each buyer's order history. */
export function consumeOrderHistory(events: EventBus, history: OrderHistoryRepository, logger: Logger) {
  return events.consume('order-history', ['order.completed', 'order.refunded'], async (event) => {
    const d = event.data as { allianceId: string; orderId: string; merchantId: string; memberSubject: string; totalFen: number; amountFen?: number; at: string };
    const memberId = memberIdFor(event.allianceId, d.memberSubject);
    const fact =
      event.type === 'order.completed'
        ? { kind: 'COMPLETED' as const, eventId: event.id, orderId: d.orderId, merchantId: d.merchantId, totalFen: d.totalFen, at: d.at }
        : { kind: 'REFUNDED' as const, eventId: event.id, orderId: d.orderId, merchantId: d.merchantId, amountFen: d.amountFen ?? 0, at: d.at };
    const folded = await history.record(event.allianceId, memberId, fact);
    logger.debug({ eventId: event.id, memberId, folded }, 'order history');
  });
}
