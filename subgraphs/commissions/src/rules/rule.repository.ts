import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import type { CommissionRule } from '../ledger/rules.js';

export type StoredRule = CommissionRule & { createdAt: string; by: string };

const ruleStream = (allianceId: string, merchantId: string) => `${allianceId}:rule:${merchantId}`;
const projection = { initial: [] as StoredRule[], evolve: (versions: StoredRule[], v: StoredRule) => [...versions, v] };

/**
 * A shop's commission rule versions: a stream per shop whose facts are the versions (version n is fact
 * n, so two admins saving at once get versions n and n+1, never one lost), and whose head keeps them
 * all (a shop has a handful): an order finds the version in force with one `_id` read.
 */
export class RuleRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('commission_rules'));
  }

  async versions(allianceId: string, merchantId: string): Promise<StoredRule[]> {
    return (await this.streams.appendWithRetry<StoredRule, StoredRule[]>(ruleStream(allianceId, merchantId), () => null, { projection })).state;
  }

  async add(allianceId: string, rule: Omit<StoredRule, 'version'>): Promise<StoredRule> {
    const r = await this.streams.appendWithRetry<StoredRule, StoredRule[]>(ruleStream(allianceId, rule.merchantId), (_, version) => ({ ...rule, version: version + 1 }), { projection });
    if (!r.appended) throw new Error('rule not appended');
    return r.fact;
  }
}
