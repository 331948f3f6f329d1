import { now, type RequestContext, type SubgraphResources } from '@alliance/runtime';
import type { CommissionsConfig } from './config.js';
import { ShareRepository } from './share/share.repository.js';
import { PolicyRepository } from './share/policy.repository.js';
import { ShareService } from './share/share.service.js';
import { RuleRepository } from './rules/rule.repository.js';
import { RuleService } from './rules/rule.service.js';
import { LedgerRepository } from './accounts/ledger.repository.js';
import { commissionFen, EarningsService } from './accounts/earnings.service.js';
import { consumeLedgerEvents } from './accounts/ledger-events.js';
import { consumeSharingOutcomes } from './accounts/sharing-outcome-events.js';
import { SettlementRepository } from './settlement/settlement.repository.js';
import { SettlementService } from './settlement/settlement.service.js';
import { WithdrawalRepository } from './withdrawals/withdrawal.repository.js';
import { WithdrawalService } from './withdrawals/withdrawal.service.js';
import { consumeMemberErasures } from './privacy/member-erasure.js';
import { consumeMemberPoolMoney } from './accounts/member-pool-events.js';
import { PointsFiguresRepository } from './accounts/points-figures.js';

export interface CommissionsContext extends RequestContext {
  shares: ShareService;
  rules: RuleService;
  earnings: EarningsService;
  settlements: SettlementService;
  pointsFigures: PointsFiguresRepository;
  withdrawals: WithdrawalService;
}

/** Start-up: repositories and the ledger's event consumer; then the per-request services. */
export const contextFactory = (cfg: CommissionsConfig) => async ({ connection, events, logger }: SubgraphResources) => {
  const shares = new ShareRepository(connection);
  const policies = new PolicyRepository(connection);
  const rules = new RuleRepository(connection);
  const settlements = new SettlementRepository(connection);
  const ledger = new LedgerRepository(connection, async (allianceId) => (await settlements.state(allianceId)).settled.at(-1)?.periodId ?? null);
  const withdrawals = new WithdrawalRepository(connection);
  const identityKey = Buffer.from(cfg.PAYOUT_IDENTITY_KEY, 'base64');
  await consumeLedgerEvents(events, ledger, shares, rules, policies, logger, { maxShareBp: cfg.PROFIT_SHARING_MAX_BP });
  await consumeSharingOutcomes(events, ledger, logger.child({ component: 'sharing-outcomes' }));
  await consumeMemberErasures(events, withdrawals, logger.child({ component: 'member-erasure' }));
  const pointsFigures = new PointsFiguresRepository(connection);
  await consumeMemberPoolMoney(events, ledger, policies, pointsFigures, logger.child({ component: 'member-pool-money' }));
  return (request: RequestContext): CommissionsContext => ({
    ...request,
    shares: new ShareService(request, shares, policies, cfg.PORTAL_URL, now),
    rules: new RuleService(request, rules, policies, now),
    earnings: new EarningsService(request, ledger),
    settlements: new SettlementService(request, settlements, ledger, now),
    pointsFigures,
    withdrawals: new WithdrawalService(request, withdrawals, ledger, policies, async (subject) => commissionFen(await ledger.totals(request.allianceId, `MEMBER:${subject}`), 'CONFIRMED'), identityKey, now),
  });
};
