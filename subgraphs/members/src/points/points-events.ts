import type { EventBus } from '@alliance/events';
import type { Logger } from 'pino';
import { memberIdFor } from '@alliance/auth/member-id';
import type { PointsRepository } from './points.repository.js';
import { decideIssue } from './points.rules.js';
import { publishPointsFact } from './points.publisher.js';
import { giveBack } from './points.service.js';

/**
 * Points follow the orders: a completed order earns its buyer points at the shop's rate (into the
 * shop's lot of the day, listed for its month's expiry pass); a cancelled order gives back the points it
 * redeemed, a refund gives back its share of them.
 */
export function consumePointsEvents(events: EventBus, points: PointsRepository, o: { defaultRateBp: number; expiryMonths: number }, logger: Logger) {
  return events.consume('points', ['order.completed', 'order.cancelled', 'order.refunded'], async (event) => {
    const d = event.data as { allianceId: string; orderId: string; checkoutId: string; merchantId: string; memberSubject: string; totalFen: number; refundedFen?: number; at: string };
    const allianceId = event.allianceId;
    const memberId = memberIdFor(allianceId, d.memberSubject);
    const atMs = Date.parse(d.at);
    if (event.type === 'order.completed') {
      const rateBp = (await points.rateOf(allianceId, d.merchantId)) ?? o.defaultRateBp;
      const r = await points.decide(allianceId, memberId, (s) => ({ fact: decideIssue(s, { eventId: event.id, orderId: d.orderId, merchantId: d.merchantId, totalFen: d.totalFen, rateBp, atMs, expiryMonths: o.expiryMonths }), outcome: null }));
      if (r.fact?.kind === 'ISSUED') {
        await points.scheduleExpiry(allianceId, { memberId, lotId: r.fact.lotId, expiresAt: r.fact.expiresAt });
        await publishPointsFact(events, allianceId, memberId, r.version, r.fact);
        logger.debug({ memberId, points: r.fact.points }, 'points issued');
      }
      return;
    }
    await giveBack(points, events, allianceId, memberId, { eventId: event.id, checkoutId: d.checkoutId, orderId: d.orderId, refundedFen: event.type === 'order.cancelled' ? 'ALL' : (d.refundedFen ?? 0), atMs });
  });
}
