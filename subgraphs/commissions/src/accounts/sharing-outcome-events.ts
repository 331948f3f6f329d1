import type { Logger } from 'pino';
import type { EventBus, Subscription } from '@alliance/events';
import type { LedgerRepository } from './ledger.repository.js';
import { decideReturnConcluded, decideSharingConcluded, returnUndoneId, sharingUndoneId } from './sharing-outcome.rules.js';

/**
 * The ledger hears how WeChat Pay ended each profit sharing and return (merchants' outcomes) and undoes
 * the postings of those that never happened. Its own durable consumer, so an outcome waits for nothing
 * but its order's stream; the decision is an append there (the id of the reversing group is the
 * decision's key), so a redelivery finds it decided and only completes its postings.
 */
export function consumeSharingOutcomes(events: EventBus, ledger: Pick<LedgerRepository, 'decideOrder' | 'post'>, logger: Logger): Promise<Subscription> {
  return events.consume('ledger-sharing-outcomes', ['profit_sharing.concluded', 'profit_sharing.return_concluded'], async (event) => {
    const allianceId = event.allianceId;
    if (event.type === 'profit_sharing.concluded') {
      const d = event.data;
      const r = await ledger.decideOrder(allianceId, d.orderId, sharingUndoneId(d.outOrderNo), (s) => decideSharingConcluded(s, d));
      if (r && !r.replay) logger.warn({ orderId: d.orderId, outOrderNo: d.outOrderNo, status: d.status, reason: d.reason?.code }, 'profit sharing not made: its postings are undone, the shop owes the receivers again');
      if (r?.group.postings.length) await ledger.post(allianceId, r.group, r.at, r.replay);
    } else if (event.type === 'profit_sharing.return_concluded') {
      const d = event.data;
      const r = await ledger.decideOrder(allianceId, d.orderId, returnUndoneId(d.outReturnNo), (s) => decideReturnConcluded(s, d));
      if (r && !r.replay) logger.warn({ orderId: d.orderId, outReturnNo: d.outReturnNo, status: d.status, reason: d.reason?.code }, 'profit-sharing return not made: the receiver keeps the share and owes it to the shop');
      if (r?.group.postings.length) await ledger.post(allianceId, r.group, r.at, r.replay);
    }
  });
}
