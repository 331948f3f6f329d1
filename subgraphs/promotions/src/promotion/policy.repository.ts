import type { Connection } from 'mongoose';

export interface PromotionPolicy {
  requireApproval: boolean;
}

const DEFAULT_POLICY: PromotionPolicy = { requireApproval: false };

/** How an alliance runs promotions: one document per alliance, `_id` = the alliance; set by its admins. */
export class PolicyRepository {
  private readonly docs;
  constructor(conn: Connection) {
    this.docs = conn.collection('promotion_policies');
  }

  async get(allianceId: string): Promise<PromotionPolicy> {
    const doc = await this.docs.findOne({ _id: allianceId as never });
    return doc ? { requireApproval: !!doc.requireApproval } : DEFAULT_POLICY;
  }

  /** The last admin's choice wins: a setting, not a contended balance. */
  async set(allianceId: string, policy: PromotionPolicy): Promise<PromotionPolicy> {
    await this.docs.replaceOne({ _id: allianceId as never }, { allianceId, ...policy }, { upsert: true });
    return policy;
  }
}
