import type { Connection } from 'mongoose';
import { now } from '@alliance/runtime/clock';
import { VersionedSettings, type CancelProblem, type SettingVersion } from '@alliance/store/versioned-setting';

export interface PromotionPolicy {
  requireApproval: boolean;
}

const DEFAULT_POLICY: PromotionPolicy = { requireApproval: false };

export function completePolicy(stored: Partial<PromotionPolicy> | null | undefined): PromotionPolicy {
  return { requireApproval: stored?.requireApproval ?? DEFAULT_POLICY.requireApproval };
}

export type PromotionPolicyVersion = SettingVersion<PromotionPolicy>;

/**
 * How an alliance runs promotions, versioned with effective dates (a stream per alliance; see
 * VersionedSettings). The one document per alliance (`_id` = the alliance) that admins replaced before
 * is read as version 0, in force since ever.
 */
export class PolicyRepository {
  private readonly settings;
  constructor(conn: Connection) {
    this.settings = new VersionedSettings<PromotionPolicy>(conn.collection('promotion_policies'), { name: 'policy', complete: completePolicy });
  }

  /** The policy in force at `at` (default now). */
  get(allianceId: string, at: Date | number = now()): Promise<PromotionPolicy> {
    return this.settings.at(allianceId, typeof at === 'number' ? at : at.getTime());
  }

  /** Oldest first. */
  versions(allianceId: string): Promise<PromotionPolicyVersion[]> {
    return this.settings.versions(allianceId);
  }

  /** A new version from `effectiveFrom` on; two admins saving at once get two versions, none lost. */
  add(allianceId: string, version: { values: PromotionPolicy; effectiveFrom: number; setAt: string; setBy: string }): Promise<PromotionPolicyVersion> {
    return this.settings.add(allianceId, version);
  }

  /** Version `n` never comes in force, if it is still to come at `now()`. */
  cancel(allianceId: string, n: number, by: { now: () => number; setBy: string }): Promise<{ version: PromotionPolicyVersion } | { problem: CancelProblem }> {
    return this.settings.cancel(allianceId, n, by);
  }
}
