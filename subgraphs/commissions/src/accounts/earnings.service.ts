import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { AccountKind } from '../ledger/ledger.types.js';
import type { LedgerRepository, PartyEntry } from './ledger.repository.js';

const COMMISSION_ACCOUNTS: readonly AccountKind[] = ['COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION'];
const ENTRIES = 50;

export interface EarningsModel {
  pendingFen: number;
  confirmedFen: number;
  entries: PartyEntry[];
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
    const sum = (stage: 'PENDING' | 'CONFIRMED') => COMMISSION_ACCOUNTS.reduce((s, a) => s + (totals[stage][a] ?? 0), 0);
    return { pendingFen: sum('PENDING'), confirmedFen: sum('CONFIRMED'), entries: newest.filter((e) => COMMISSION_ACCOUNTS.includes(e.account)) };
  }
}
