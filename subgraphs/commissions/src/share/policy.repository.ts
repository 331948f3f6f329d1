import type { Connection } from 'mongoose';
import type { UserError } from '@alliance/runtime/domain-error';

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

/** An alliance's commission policy: one document per alliance (`_id` = the alliance), set by its admins. */
export class PolicyRepository {
  private readonly docs;
  constructor(conn: Connection) {
    this.docs = conn.collection('commission_policies');
  }

  async get(allianceId: string): Promise<CommissionPolicy> {
    const doc = await this.docs.findOne({ _id: allianceId as never });
    return doc ? { ...DEFAULT_POLICY, ...(doc as unknown as Partial<CommissionPolicy>), ...{} } : DEFAULT_POLICY;
  }

  /** The last admin's choice wins: a setting, not a contended balance. Orders use it as it is when they are placed. */
  async set(allianceId: string, p: CommissionPolicy): Promise<CommissionPolicy> {
    await this.docs.replaceOne({ _id: allianceId as never }, { allianceId, ...p }, { upsert: true });
    return p;
  }
}
