import type { Connection } from 'mongoose';
import { Streams, type StreamFact } from '@alliance/store';
import { postsProjection, type GroupPost, type PostMix } from './community.rules.js';

export interface GroupDoc {
  id: string;
  name: string;
  neighborhood: string;
  interest: string;
  leaderSubject: string;
  leaderName: string;
  createdAt: string;
}

interface RosterFact {
  memberId: string;
  kind: 'JOIN' | 'LEAVE';
}

const directoryStream = (allianceId: string) => `${allianceId}:groups`;
const rosterStream = (allianceId: string, groupId: string) => `${allianceId}:group-roster:${groupId}`;
const postsStream = (allianceId: string, groupId: string) => `${allianceId}:group-posts:${groupId}`;
const mineStream = (allianceId: string, memberId: string) => `${allianceId}:${memberId}:groups`;

const directoryProjection = { initial: [] as GroupDoc[], evolve: (s: GroupDoc[], g: GroupDoc) => (s.some((x) => x.id === g.id) ? s : [...s, g]) };
const rosterProjection = { initial: 0, evolve: (n: number, f: RosterFact) => n + (f.kind === 'JOIN' ? 1 : -1) };
const mineProjection = { initial: [] as string[], evolve: (s: string[], f: { groupId: string; joined: boolean }) => (f.joined ? [...s.filter((g) => g !== f.groupId), f.groupId] : s.filter((g) => g !== f.groupId)) };

/**
 * Community groups: the alliance's groups are one small stream whose head lists them (one read for the
 * directory); each group's roster and posts are streams whose heads keep the member count and the post
 * mix; each member's groups are a stream decided with its version (join and leave are never lost).
 */
export class CommunityRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('community_streams'));
  }

  async groups(allianceId: string): Promise<GroupDoc[]> {
    return (await this.streams.appendWithRetry<GroupDoc, GroupDoc[]>(directoryStream(allianceId), () => null, { projection: directoryProjection })).state;
  }

  async addGroup(allianceId: string, g: GroupDoc): Promise<void> {
    await this.streams.appendWithRetry<GroupDoc, GroupDoc[]>(directoryStream(allianceId), (s) => (s.some((x) => x.id === g.id) ? null : g), { projection: directoryProjection });
  }

  async memberCount(allianceId: string, groupId: string): Promise<number> {
    return (await this.streams.appendWithRetry<RosterFact, number>(rosterStream(allianceId, groupId), () => null, { projection: rosterProjection })).state;
  }

  async groupsOf(allianceId: string, memberId: string): Promise<string[]> {
    return (await this.streams.appendWithRetry<{ groupId: string; joined: boolean }, string[]>(mineStream(allianceId, memberId), () => null, { projection: mineProjection })).state;
  }

  /** Joins (or leaves); the roster counts only a change that happened. */
  async setMembership(allianceId: string, groupId: string, memberId: string, joined: boolean): Promise<string[]> {
    const r = await this.streams.appendWithRetry<{ groupId: string; joined: boolean }, string[]>(mineStream(allianceId, memberId), (s) => (s.includes(groupId) === joined ? null : { groupId, joined }), { projection: mineProjection });
    if (r.appended) await this.streams.appendAnywhere<RosterFact, number>(rosterStream(allianceId, groupId), { memberId, kind: joined ? 'JOIN' : 'LEAVE' }, { projection: rosterProjection });
    return r.state;
  }

  async post(allianceId: string, groupId: string, p: GroupPost): Promise<void> {
    await this.streams.appendAnywhere<GroupPost, PostMix>(postsStream(allianceId, groupId), p, { projection: postsProjection });
  }

  async posts(allianceId: string, groupId: string, limit: number): Promise<Array<StreamFact<GroupPost>>> {
    return this.streams.readBackward<GroupPost>(postsStream(allianceId, groupId), { limit });
  }

  async mix(allianceId: string, groupId: string): Promise<PostMix> {
    return (await this.streams.appendWithRetry<GroupPost, PostMix>(postsStream(allianceId, groupId), () => null, { projection: postsProjection })).state;
  }
}
