import type { EventBus } from '@alliance/events';
import type { Logger } from 'pino';
import type { WithdrawalRepository } from '../withdrawals/withdrawal.repository.js';

/**
 * `member.erased`: her payout identity (sealed real name and ID number) is deleted. Ledger postings,
 * statements and withdrawals keep their amounts under her party key, which names no one once her login
 * is gone: the books still balance.
 */
export function consumeMemberErasures(events: EventBus, withdrawals: WithdrawalRepository, logger: Logger) {
  return events.consume('member-erasure', ['member.erased'], async (event) => {
    const { allianceId, memberSubject } = event.data as { allianceId: string; memberSubject: string };
    await withdrawals.forgetIdentity(allianceId, memberSubject);
    logger.info({ eventId: event.id }, 'erased a member’s payout identity');
  });
}
