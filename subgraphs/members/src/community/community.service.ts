import { randomBytes } from 'node:crypto';
import { hasRole } from '@alliance/auth';
import { memberIdFor } from '@alliance/auth/member-id';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { MemberService } from '../member/member.service.js';
import type { CommunityRepository, GroupDoc } from './community.repository.js';
import { GUIDELINE, groupInputProblems, mixOf, postProblems, type GroupPost, type PostKind } from './community.rules.js';

export interface GroupView extends GroupDoc {
  allianceId: string;
}

/** Groups members join by link or QR; their leaders post, and see their mix against 70/20/10. */
export class CommunityService {
  private mine?: Promise<string[]>;

  constructor(
    private readonly request: RequestContext,
    private readonly members: MemberService,
    private readonly community: CommunityRepository,
    private readonly portalUrl: string,
    private readonly now: () => Date,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  private signedIn() {
    const p = this.request.principal;
    return p && !p.service ? p : null;
  }

  async list(neighborhood: string | null | undefined): Promise<GroupDoc[]> {
    const all = await this.community.groups(this.allianceId);
    return neighborhood ? all.filter((g) => g.neighborhood === neighborhood) : all;
  }

  async get(id: string): Promise<GroupDoc | null> {
    return (await this.community.groups(this.allianceId)).find((g) => g.id === id) ?? null;
  }

  async of(member: MemberDoc): Promise<GroupDoc[]> {
    const [ids, all] = await Promise.all([this.community.groupsOf(this.allianceId, member.id), this.community.groups(this.allianceId)]);
    return ids.flatMap((id) => all.filter((g) => g.id === id));
  }

  private myGroupIds(): Promise<string[]> {
    this.mine ??= this.members.me().then((me) => this.community.groupsOf(this.allianceId, me.id));
    return this.mine;
  }

  async joined(g: GroupDoc): Promise<boolean | null> {
    if (!this.signedIn()) return null;
    return (await this.myGroupIds()).includes(g.id);
  }

  memberCount(g: GroupDoc): Promise<number> {
    return this.community.memberCount(this.allianceId, g.id);
  }

  shareUrl(g: GroupDoc): string {
    return `${this.portalUrl.replace(/\/$/, '')}/community/${encodeURIComponent(g.id)}`;
  }

  private leads(g: GroupDoc): boolean {
    const p = this.signedIn();
    return !!p && (p.subject === g.leaderSubject || hasRole(p, 'alliance-admin'));
  }

  /** Posts are for the group: its members, its leader, the alliance's admins. */
  async posts(g: GroupDoc, first: number | null | undefined): Promise<GroupPost[]> {
    const n = first ?? 20;
    if (!Number.isSafeInteger(n) || n < 1 || n > 100) throw DomainError.badInput('first is 1 to 100', 'first');
    if (!this.leads(g) && !(await this.joined(g))) return [];
    return (await this.community.posts(this.allianceId, g.id, n)).map((f) => f.data);
  }

  /** The leader's view: the mix against the guideline (null for anyone else). */
  async mix(g: GroupDoc) {
    if (!this.leads(g)) return null;
    const m = mixOf(await this.community.mix(this.allianceId, g.id));
    return { total: m.total, value: m.percent.VALUE, interaction: m.percent.INTERACTION, promotion: m.percent.PROMOTION, guideline: `${GUIDELINE.VALUE}/${GUIDELINE.INTERACTION}/${GUIDELINE.PROMOTION}`, advice: m.advice };
  }

  async create(input: { name: string; neighborhood: string; interest: string }): Promise<{ group: GroupDoc | null; userErrors: UserError[] }> {
    const p = this.signedIn();
    if (!p) throw DomainError.unauthenticated();
    if (!hasRole(p, 'group-leader') && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Groups are started by group leaders and alliance admins');
    const problems = groupInputProblems(input);
    if (problems.length) return { group: null, userErrors: problems };
    const g: GroupDoc = { id: `grp-${randomBytes(6).toString('hex')}`, name: input.name.trim(), neighborhood: input.neighborhood.trim(), interest: input.interest.trim(), leaderSubject: p.subject, leaderName: p.displayName || p.username, createdAt: this.now().toISOString() };
    await this.community.addGroup(this.allianceId, g);
    return { group: g, userErrors: [] };
  }

  async setJoined(groupId: string, joined: boolean): Promise<{ group: GroupDoc | null; userErrors: UserError[] }> {
    const me = await this.members.me();
    const g = await this.get(groupId);
    if (!g) return { group: null, userErrors: [{ code: 'UNKNOWN_GROUP', message: 'no such group', field: ['groupId'] }] };
    this.mine = this.community.setMembership(this.allianceId, g.id, me.id, joined);
    await this.mine;
    return { group: g, userErrors: [] };
  }

  async post(groupId: string, kind: PostKind, text: string, promotionId: string | null | undefined): Promise<{ post: GroupPost | null; userErrors: UserError[] }> {
    const p = this.signedIn();
    if (!p) throw DomainError.unauthenticated();
    const g = await this.get(groupId);
    if (!g) return { post: null, userErrors: [{ code: 'UNKNOWN_GROUP', message: 'no such group', field: ['groupId'] }] };
    if (!this.leads(g)) throw DomainError.forbidden('Only the group’s leader posts to it');
    const problems = postProblems(kind, text, promotionId);
    if (problems.length) return { post: null, userErrors: problems };
    const post: GroupPost = { id: `gp-${randomBytes(6).toString('hex')}`, kind, text: text.trim(), promotionId: kind === 'PROMOTION' ? promotionId! : null, by: p.displayName || p.username, at: this.now().toISOString() };
    await this.community.post(this.allianceId, g.id, post);
    return { post, userErrors: [] };
  }

  /** Service command (promotions): the groups a member is in, for group-only offers. */
  async groupIdsOf(memberSubject: string): Promise<string[]> {
    if (!this.request.principal?.service) throw DomainError.forbidden('A service command: service accounts only');
    return this.community.groupsOf(this.allianceId, memberIdFor(this.allianceId, memberSubject));
  }
}
