import type { EventBus } from '@alliance/events';
import type { PointsFact } from './points.rules.js';

/** Each points fact as the event other subgraphs follow, its id the member's stream version (one event per fact). */
export async function publishPointsFact(events: Pick<EventBus, 'publish'>, allianceId: string, memberId: string, version: number, fact: PointsFact): Promise<void> {
  const id = `${allianceId}:points:${memberId}:${String(version).padStart(10, '0')}`;
  const base = { allianceId, memberId, at: fact.at };
  switch (fact.kind) {
    case 'ISSUED':
      await events.publish({ id, type: 'points.issued', allianceId, data: { ...base, orderId: fact.orderId, merchantId: fact.merchantId, lotId: fact.lotId, points: fact.points, expiresAt: fact.expiresAt } });
      return;
    case 'REDEEMED':
      await events.publish({
        id,
        type: 'points.redeemed',
        allianceId,
        data: { ...base, checkoutId: fact.checkoutId, points: fact.points, orders: fact.orders.map((o) => ({ orderId: o.orderId, merchantId: o.merchantId, points: o.points, lots: o.lots.map((t) => ({ lotId: t.lotId, issuerId: t.merchantId, points: t.points })) })) },
      });
      return;
    case 'RETURNED':
      // Published by publishPointsReturn, which knows the redeeming shop.
      return;
    case 'EXPIRED':
      await events.publish({ id, type: 'points.expired', allianceId, data: { ...base, lotId: fact.lotId, issuerId: fact.merchantId, points: fact.points } });
      return;
  }
}

/** A return names the shop the points had been redeemed at (from the redemption it belongs to). */
export async function publishPointsReturn(events: Pick<EventBus, 'publish'>, allianceId: string, memberId: string, version: number, fact: Extract<PointsFact, { kind: 'RETURNED' }>, redeemedAt: string): Promise<void> {
  await events.publish({
    id: `${allianceId}:points:${memberId}:${String(version).padStart(10, '0')}`,
    type: 'points.returned',
    allianceId,
    data: { allianceId, memberId, checkoutId: fact.checkoutId, orderId: fact.orderId, merchantId: redeemedAt, points: fact.points, lots: fact.lots.map((t) => ({ lotId: t.lotId, issuerId: t.merchantId, points: t.points })), at: fact.at },
  });
}
