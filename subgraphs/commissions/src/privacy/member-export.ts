import { isCallerMember } from '@alliance/auth/member-id';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EarningsService } from '../accounts/earnings.service.js';
import type { ShareService } from '../share/share.service.js';
import type { WithdrawalService } from '../withdrawals/withdrawal.service.js';

/**
 * `Member.heldByCommissions`: her share code and bindings, her earnings, withdrawals and payout identity
 * (masked: the sealed real name and ID number are never shown back, not even to her).
 */
export async function commissionsExport(request: RequestContext, memberId: string, s: { shares: ShareService; earnings: EarningsService; withdrawals: WithdrawalService }): Promise<string | null> {
  if (!isCallerMember(request, memberId)) return null;
  const [shareLink, bindings, earnings, withdrawals] = await Promise.all([s.shares.myShareLink(null), s.shares.myBindings(100), s.earnings.mine(), s.withdrawals.mine()]);
  const balance = await s.withdrawals.summary(earnings.confirmedFen);
  return JSON.stringify({ heldBy: 'commissions', shareCode: shareLink.code, bindings, earnings, withdrawals, payoutIdentity: balance.payoutIdentity });
}
