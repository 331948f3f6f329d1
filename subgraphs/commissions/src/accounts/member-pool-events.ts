import type { EventBus, Subscription } from '@alliance/events';
import type { Logger } from 'pino';
import { breakageGroup, redemptionGroups, returnGroup } from '../ledger/points-clearing.rules.js';
import { storedValueGroup } from '../ledger/stored-value.rules.js';
import type { PolicyRepository } from '../share/policy.repository.js';
import type { LedgerRepository } from './ledger.repository.js';
import { figuresOf, type PointsFiguresRepository } from './points-figures.js';

/**
 * The member pool's money in the ledger. Alliance points clear between shops: redemptions (each issuer
 * pays the redeeming shop), returns (reversed) and expiries (breakage shared with the alliance); stored
 * value moves each shop's liability to its members. Every group is posted once by its source event id,
 * so a redelivery posts nothing twice.
 */
export function consumeMemberPoolMoney(events: EventBus, ledger: LedgerRepository, policies: PolicyRepository, figures: PointsFiguresRepository, logger: Logger): Promise<Subscription> {
  return events.consume('member-pool-money', ['points.issued', 'points.redeemed', 'points.returned', 'points.expired', 'stored_value.moved'], async (event) => {
    const allianceId = event.allianceId;
    // Each shop's points figures of the week, for its statement (points issued carry no money yet), in
    // the week its postings are booked in, so the figures sit beside the money on one statement.
    if (event.type.startsWith('points.')) {
      const periodId = await ledger.bookingPeriod(allianceId, (event.data as { at: string }).at);
      for (const { merchantId, fact } of figuresOf(event as unknown as { id: string; type: string; data: Record<string, unknown> })) await figures.add(allianceId, merchantId, periodId, fact);
    }
    const post = async (g: Parameters<LedgerRepository['post']>[1], at: string) => {
      if (g.postings.length) await ledger.post(allianceId, g, at, false);
    };
    switch (event.type) {
      case 'points.issued':
        return;
      case 'points.redeemed':
        for (const g of redemptionGroups(event.id, event.data.orders)) await post(g, event.data.at);
        return;
      case 'points.returned':
        await post(returnGroup(event.id, event.data.orderId, event.data.merchantId, event.data.lots), event.data.at);
        return;
      case 'stored_value.moved':
        await post(storedValueGroup(event.id, event.data), event.data.at);
        return;
      case 'points.expired': {
        // The breakage share in force when the points expired.
        const policy = await policies.get(allianceId, Date.parse(event.data.at));
        await post(breakageGroup(event.id, allianceId, event.data.lotId, event.data.issuerId, event.data.points, policy.pointsBreakageBp), event.data.at);
        logger.debug({ eventId: event.id }, 'points breakage posted');
        return;
      }
    }
  });
}
