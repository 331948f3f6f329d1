import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { cancellationProblem, foldSettingFacts, type CancelFact, type CancelProblem } from '@alliance/store/versioned-setting';
import type { CommissionRule } from '../ledger/rules.js';

export type StoredRule = CommissionRule & { createdAt: string; by: string; cancelledBy?: string | null };

/** A fact of a shop's rule stream: a version, or the cancellation of one still to come. */
type RuleFact = StoredRule | CancelFact;

const ruleStream = (allianceId: string, merchantId: string) => `${allianceId}:rule:${merchantId}`;
// The state (kept in the head) is the versions with their cancellations applied: a cancellation marks
// the version it names and is no version itself.
const projection = { initial: [] as StoredRule[], evolve: (versions: StoredRule[], f: RuleFact) => foldSettingFacts<StoredRule>([...versions, f]) };

/**
 * A shop's commission rule versions: a stream per shop whose facts are the versions (version n is fact
 * n, so two admins saving at once get versions n and n+1, never one lost) and cancellations of versions
 * still to come (each takes a stream position, so version numbers stay unique but may skip), and whose
 * head keeps them all (a shop has a handful): an order finds the version in force with one `_id` read.
 */
export class RuleRepository {
  private readonly streams: Streams;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('commission_rules'));
  }

  /** Oldest first, cancelled ones too (marked). */
  async versions(allianceId: string, merchantId: string): Promise<StoredRule[]> {
    return (await this.streams.appendWithRetry<RuleFact, StoredRule[]>(ruleStream(allianceId, merchantId), () => null, { projection })).state;
  }

  async add(allianceId: string, rule: Omit<StoredRule, 'version'>): Promise<StoredRule> {
    const r = await this.streams.appendWithRetry<RuleFact, StoredRule[]>(ruleStream(allianceId, rule.merchantId), (_, version) => ({ ...rule, version: version + 1 }), { projection });
    if (!r.appended || 'cancels' in r.fact) throw new Error('rule not appended');
    return r.fact;
  }

  /**
   * Version `n` never comes in force, if it is still to come at `now()`: decided against the stream
   * and the clock inside the append, so a loser of a race decides again (ALREADY_CANCELLED).
   */
  async cancel(allianceId: string, merchantId: string, n: number, by: { now: () => number; by: string }): Promise<{ rule: StoredRule } | { problem: CancelProblem }> {
    let problem: CancelProblem | null = null;
    const r = await this.streams.appendWithRetry<RuleFact, StoredRule[]>(
      ruleStream(allianceId, merchantId),
      (versions) => {
        const nowMs = by.now();
        problem = cancellationProblem(versions, n, nowMs);
        return problem ? null : { cancels: n, setAt: new Date(nowMs).toISOString(), setBy: by.by };
      },
      { projection },
    );
    if (!r.appended) return { problem: problem ?? 'NOT_FOUND' };
    const rule = r.state.find((v) => v.version === n);
    if (!rule) throw new Error('cancelled rule version not found');
    return { rule };
  }
}
