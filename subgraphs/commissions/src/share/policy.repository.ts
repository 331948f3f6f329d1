import type { Connection } from 'mongoose';
import type { UserError } from '@alliance/runtime/domain-error';
import { now } from '@alliance/runtime/clock';
import { VersionedSettings, type CancelProblem, type SettingVersion } from '@alliance/store/versioned-setting';

export interface CommissionPolicy {
  bindingDays: number;
  allowSelfPurchase: boolean;
  referralBp: number;
  referralDays: number;
  /** The smallest withdrawal, in fen (¥10 by default). */
  withdrawalMinFen: number;
  /** Income tax withheld from each withdrawal, in basis points. */
  taxBp: number;
  /** Of points that expire unredeemed, the share their issuing shop pays the alliance (basis points). */
  pointsBreakageBp: number;
}

export const DEFAULT_POLICY: CommissionPolicy = { bindingDays: 15, allowSelfPurchase: false, referralBp: 100, referralDays: 90, withdrawalMinFen: 1000, taxBp: 2000, pointsBreakageBp: 5000 };

export function policyProblems(p: CommissionPolicy): UserError[] {
  const out: UserError[] = [];
  const intIn = (v: number, lo: number, hi: number) => Number.isSafeInteger(v) && v >= lo && v <= hi;
  if (!intIn(p.bindingDays, 1, 365)) out.push({ code: 'INVALID_BINDING_DAYS', message: 'a protection period of 1 to 365 days', field: ['input', 'bindingDays'] });
  if (!intIn(p.referralBp, 0, 2000)) out.push({ code: 'INVALID_REFERRAL_RATE', message: 'a referral fee of 0 to 2000 basis points (20%)', field: ['input', 'referralBp'] });
  if (!intIn(p.referralDays, 0, 3650)) out.push({ code: 'INVALID_REFERRAL_DAYS', message: 'a referral window of 0 to 3650 days', field: ['input', 'referralDays'] });
  if (!intIn(p.withdrawalMinFen, 1, 100_000_00)) out.push({ code: 'INVALID_WITHDRAWAL_MINIMUM', message: 'a minimum withdrawal of 1 fen to ¥100,000', field: ['input', 'withdrawalMinFen'] });
  if (!intIn(p.taxBp, 0, 5000)) out.push({ code: 'INVALID_TAX_RATE', message: 'income tax withheld of 0 to 5000 basis points (50%)', field: ['input', 'taxBp'] });
  if (!intIn(p.pointsBreakageBp, 0, 10_000)) out.push({ code: 'INVALID_BREAKAGE_SHARE', message: 'a breakage share of 0 to 10000 basis points (100%)', field: ['input', 'pointsBreakageBp'] });
  return out;
}

/** Keeps only the policy's own fields, each stored one or its default (versions from before a field existed). */
export function completePolicy(stored: Partial<CommissionPolicy> | null | undefined): CommissionPolicy {
  const out = { ...DEFAULT_POLICY };
  for (const k of Object.keys(DEFAULT_POLICY) as (keyof CommissionPolicy)[]) if (stored?.[k] !== undefined && stored[k] !== null) (out as Record<string, unknown>)[k] = stored[k];
  return out;
}

export type CommissionPolicyVersion = SettingVersion<CommissionPolicy>;

/**
 * An alliance's commission policy, versioned with effective dates (a stream per alliance; see
 * VersionedSettings). The one document per alliance (`_id` = the alliance) that admins replaced before
 * is read as version 0, in force since ever.
 */
export class PolicyRepository {
  private readonly settings;
  constructor(conn: Connection) {
    this.settings = new VersionedSettings<CommissionPolicy>(conn.collection('commission_policies'), { name: 'policy', complete: completePolicy });
  }

  /** The policy in force at `at` (default now). */
  get(allianceId: string, at: Date | number = now()): Promise<CommissionPolicy> {
    return this.settings.at(allianceId, typeof at === 'number' ? at : at.getTime());
  }

  /** Oldest first. */
  versions(allianceId: string): Promise<CommissionPolicyVersion[]> {
    return this.settings.versions(allianceId);
  }

  /** A new version from `effectiveFrom` on; two admins saving at once get two versions, none lost. */
  add(allianceId: string, version: { values: CommissionPolicy; effectiveFrom: number; setAt: string; setBy: string }): Promise<CommissionPolicyVersion> {
    return this.settings.add(allianceId, version);
  }

  /** Version `n` never comes in force, if it is still to come at `now()`. */
  cancel(allianceId: string, n: number, by: { now: () => number; setBy: string }): Promise<{ version: CommissionPolicyVersion } | { problem: CancelProblem }> {
    return this.settings.cancel(allianceId, n, by);
  }
}
