import type { EventBus } from '@alliance/events';
import { memberIdFor } from '@alliance/auth/member-id';
import type { StoredValueRepository } from './stored-value.repository.js';
import { refundTo } from './stored-value.service.js';

/** Refunds and cancellations of orders paid with stored value go back to the balance at that shop. */
export function consumeStoredValueRefunds(events: EventBus, balances: StoredValueRepository) {
  return events.consume('stored-value-refunds', ['order.refunded', 'order.cancelled'], async (event) => {
    const d = event.data as { allianceId: string; orderId: string; checkoutId: string; merchantId: string; memberSubject: string; paymentMethod: string; refundedFen?: number; at: string };
    if (d.paymentMethod !== 'STORED_VALUE') return;
    const member = { id: memberIdFor(event.allianceId, d.memberSubject), subject: d.memberSubject };
    await refundTo(balances, events, event.allianceId, member, d.merchantId, { eventId: event.id, checkoutId: d.checkoutId, orderId: d.orderId, refundedFen: event.type === 'order.cancelled' ? 'ALL' : (d.refundedFen ?? 0), at: d.at });
  });
}
