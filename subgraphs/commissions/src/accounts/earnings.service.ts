import { hasRole, isShopStaff } from '@alliance/auth';
import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { AccountKind } from '../ledger/ledger.types.js';
import type { LedgerRepository, PartyEntry, PartyTotals } from './ledger.repository.js';

const COMMISSION_ACCOUNTS: readonly AccountKind[] = ['COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION'];
const ENTRIES = 50;
const PERIOD = /^\d{4}-W\d{2}$/;

export interface EarningsModel {
  pendingFen: number;
  confirmedFen: number;
  entries: PartyEntry[];
  /** Per commission account (L1, L2, leader), both stages; accounts she never earned on are left out. */
  byKind: { account: AccountKind; pendingFen: number; confirmedFen: number }[];
}

/** Per stage: what the shop earned as a referrer, and what its own orders paid to referring shops. */
export interface ShopReferralFees {
  earned: { pendingFen: number; confirmedFen: number };
  paid: { pendingFen: number; confirmedFen: number };
}

/** A member's commission in one stage, all time (reversals included): the sum of the commission accounts. */
export function commissionFen(totals: PartyTotals, stage: 'PENDING' | 'CONFIRMED'): number {
  return COMMISSION_ACCOUNTS.reduce((s, a) => s + (totals[stage][a] ?? 0), 0);
}

/** A member's own commissions, never anyone else's: her party is her subject. */
export class EarningsService {
  constructor(
    private readonly request: RequestContext,
    private readonly ledger: LedgerRepository,
  ) {}

  async mine(): Promise<EarningsModel> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to see your earnings');
    const party = `MEMBER:${p.subject}`;
    const [totals, newest] = await Promise.all([this.ledger.totals(this.request.allianceId, party), this.ledger.newest(this.request.allianceId, party, ENTRIES)]);
    const byKind = COMMISSION_ACCOUNTS.map((account) => ({ account, pendingFen: totals.PENDING[account] ?? 0, confirmedFen: totals.CONFIRMED[account] ?? 0 })).filter(
      (k) => k.pendingFen !== 0 || k.confirmedFen !== 0 || newest.some((e) => e.account === k.account),
    );
    return { pendingFen: commissionFen(totals, 'PENDING'), confirmedFen: commissionFen(totals, 'CONFIRMED'), entries: newest.filter((e) => COMMISSION_ACCOUNTS.includes(e.account)), byKind };
  }

  /** A shop's referral fees, all time or in one period: its staff, or an alliance admin. */
  async shopReferralFees(merchantId: string, periodId: string | null): Promise<ShopReferralFees> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    const staff = isShopStaff(p, merchantId);
    if (!staff && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden("A shop's referral fees are for its staff and the alliance admins");
    if (periodId !== null && !PERIOD.test(periodId)) throw DomainError.badInput('a period is an ISO week like 2026-W48', 'periodId');
    const allianceId = this.request.allianceId;
    const party = `SHOP:${merchantId}`;
    const [own, paid] = await Promise.all([
      periodId ? this.ledger.periodTotals(allianceId, party, periodId) : this.ledger.totals(allianceId, party),
      this.ledger.referralsPaidBy(allianceId, merchantId, periodId ?? undefined),
    ]);
    const fees = (t: PartyTotals) => ({ pendingFen: t.PENDING.REFERRAL_FEE ?? 0, confirmedFen: t.CONFIRMED.REFERRAL_FEE ?? 0 });
    return { earned: fees(own), paid: fees(paid) };
  }
}
