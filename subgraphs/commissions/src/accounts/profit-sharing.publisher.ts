import type { EventBus } from '@alliance/events';
import type { OrderLedgerFact } from './order-ledger.rules.js';

/**
 * Publishes what a decided order fact asks of WeChat Pay: the profit-sharing request of a confirmed
 * online order, the returns of a refund after it. The fact on the order stream is the record: event ids
 * are derived from outOrderNo / outReturnNo, so publishing the same fact again (a redelivery after a
 * crash between the append and the publish) stores and sends nothing new, and the outbox relay sends
 * what a crash left unsent.
 */
export async function publishProfitSharing(events: EventBus, allianceId: string, order: { orderId: string; checkoutId: string; merchantId: string }, fact: OrderLedgerFact): Promise<void> {
  const base = { allianceId, orderId: order.orderId, merchantId: order.merchantId };
  if (fact.type === 'CONFIRMED' && fact.sharing) {
    const s = fact.sharing;
    await events.publish({
      id: `${allianceId}:profit-sharing:${s.outOrderNo}`,
      type: 'profit_sharing.requested',
      allianceId,
      data: { ...base, checkoutId: order.checkoutId, outOrderNo: s.outOrderNo, totalFen: s.receivers.reduce((t, r) => t + r.amountFen, 0), receivers: s.receivers.map((r) => ({ ...r })), at: fact.at },
    });
  }
  if (fact.type === 'REVERSED' && fact.returns) {
    for (const r of fact.returns) {
      await events.publish({
        id: `${allianceId}:profit-sharing-return:${r.outReturnNo}`,
        type: 'profit_sharing.return_requested',
        allianceId,
        data: { ...base, outOrderNo: r.outOrderNo, outReturnNo: r.outReturnNo, receiver: r.receiver, amountFen: r.amountFen, description: r.description, at: fact.at },
      });
    }
  }
}
