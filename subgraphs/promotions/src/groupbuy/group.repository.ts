import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import { groupProjection, joinRefusal, shouldFail, type GroupFact, type GroupMember, type GroupState } from './group.rules.js';

const groupStream = (allianceId: string, groupId: string) => `${allianceId}:group:${groupId}`;
const promotionGroups = (allianceId: string, promotionId: string) => `${allianceId}:groups:${promotionId}`;

interface GroupEntry {
  groupId: string;
}

/**
 * Group-buy groups: one stream per group (the head keeps its state) and, per promotion, a list of its
 * groups newest first (what the portal offers to join). The expiry sweep scans group heads: background
 * work, never a request.
 */
export class GroupRepository {
  private readonly groups: Streams;
  private readonly lists: Streams;
  private readonly docs;

  constructor(conn: Connection) {
    this.docs = conn.collection('group_buys');
    this.groups = new Streams(this.docs);
    this.lists = new Streams(conn.collection('group_buy_lists'));
  }

  async get(allianceId: string, groupId: string): Promise<GroupState | null> {
    if (!/^[A-Za-z0-9-]{1,60}$/.test(groupId)) return null;
    return (await this.groups.appendWithRetry<GroupFact, GroupState | null>(groupStream(allianceId, groupId), () => null, { projection: groupProjection })).state;
  }

  /** Opens a group (version 1 of its deterministic stream: a replay finds it open already). */
  async open(fact: Extract<GroupFact, { type: 'OPENED' }>): Promise<GroupState> {
    const state = groupProjection.evolve(null, fact)!;
    await this.groups.append(groupStream(fact.allianceId, fact.groupId), 0, fact, { state });
    await this.lists.appendAnywhere<GroupEntry>(promotionGroups(fact.allianceId, fact.promotionId), { groupId: fact.groupId }, { unlessAmongNewest: { limit: 20, same: (e) => e.groupId === fact.groupId } });
    return (await this.get(fact.allianceId, fact.groupId))!;
  }

  /** Joins, decided on the group's current state; null when joined (or already in), else why not. */
  async join(allianceId: string, groupId: string, member: GroupMember, nowMs: number): Promise<{ refusal: string | null; state: GroupState | null }> {
    let refusal: string | null = null;
    const r = await this.groups.appendWithRetry<GroupFact, GroupState | null>(
      groupStream(allianceId, groupId),
      (state) => {
        refusal = joinRefusal(state, member.memberId, member.checkoutId, nowMs);
        return refusal ? null : { type: 'JOINED', member };
      },
      { projection: groupProjection, maxAttempts: 50 },
    );
    return { refusal: refusal === 'ALREADY_JOINED' ? null : refusal, state: r.state };
  }

  /** A member's checkout was abandoned while the group is open: she leaves it. */
  async leave(allianceId: string, groupId: string, checkoutId: string, at: string): Promise<void> {
    await this.groups.appendWithRetry<GroupFact, GroupState | null>(
      groupStream(allianceId, groupId),
      (state) => (state?.status === 'OPEN' && state.members.some((m) => m.checkoutId === checkoutId) ? { type: 'LEFT', checkoutId, at } : null),
      { projection: groupProjection },
    );
  }

  /** Fails the group if it is open past its deadline; the failed state when this call failed it. */
  async failIfExpired(allianceId: string, groupId: string, nowMs: number, at: string): Promise<GroupState | null> {
    const r = await this.groups.appendWithRetry<GroupFact, GroupState | null>(groupStream(allianceId, groupId), (state) => (state && shouldFail(state, nowMs) ? { type: 'FAILED', at } : null), { projection: groupProjection });
    return r.appended ? r.state : null;
  }

  async newestOfPromotion(allianceId: string, promotionId: string, limit: number): Promise<GroupState[]> {
    const entries = await this.lists.readBackward<GroupEntry>(promotionGroups(allianceId, promotionId), { limit });
    return (await Promise.all(entries.map((e) => this.get(allianceId, e.data.groupId)))).filter((g): g is GroupState => g !== null);
  }

  /** Background work only (a scan): groups still open, to fail the ones past their deadline. */
  async scanOpen(): Promise<GroupState[]> {
    const heads = await this.docs.find({ kind: 'head', 'snapshot.state.status': 'OPEN' }).toArray();
    return heads.map((h) => (h as unknown as { snapshot: { state: GroupState } }).snapshot.state);
  }
}
