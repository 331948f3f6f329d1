import { createHash } from 'node:crypto';
import { hasRole } from '@alliance/auth';
import type { EventBus } from '@alliance/events';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import type { RequestContext } from '@alliance/runtime/request-context';
import { asUserErrors, fundingProblems } from '../pricing/funding.rules.js';
import type { PromotionProposal, PromotionTerms } from '../pricing/pricing.types.js';
import { usageTerms, type UsageRepository } from '../redemption/usage.repository.js';
import type { UsageState } from '../redemption/usage.rules.js';
import { cancelUserError, effectiveFromOf, versionStatus, type VersionStatus } from '@alliance/store/versioned-setting';
import type { PolicyRepository, PromotionPolicyVersion } from './policy.repository.js';
import type { PromotionList, PromotionRepository } from './promotion.repository.js';
import { syncLive } from './live-sync.js';
import type { ShopDirectory } from '@alliance/runtime/shop-directory';
import {
  answerProblem,
  approvalProblem,
  effectiveStatus,
  endProblem,
  participants,
  pauseProblem,
  resumeProblem,
  type PromotionFact,
  type PromotionState,
  type PromotionStatus,
} from './promotion.rules.js';

/** proposePromotion's input: a proposal with GraphQL's date-times, the optional proposing shop and the key. */
export type ProposeInput = Omit<PromotionProposal, 'proposerId' | 'startsAt' | 'endsAt' | 'pickupDate'> & {
  merchantId?: string | null;
  pickupDate?: string | Date | null;
  startsAt: string | Date;
  endsAt: string | Date;
  idempotencyKey: string;
  counterTo?: string | null;
};

export interface PromotionPayload {
  promotion: PromotionState | null;
  userErrors: UserError[];
}

const MAX_LIST = 100;
const unknown = (): PromotionPayload => ({ promotion: null, userErrors: [{ code: 'UNKNOWN_PROMOTION', message: 'No such promotion', field: ['id'] }] });
const fail = (e: UserError): PromotionPayload => ({ promotion: null, userErrors: [e] });

/**
 * The co-launch workflow as one request sees it. Shop owners propose for their own shop and answer
 * for their own shop; an alliance admin approves (where the alliance requires it) and sees every
 * promotion; shop staff see only the promotions their shops take part in.
 */
export class PromotionService {
  constructor(
    private readonly request: RequestContext,
    private readonly repo: PromotionRepository,
    private readonly policies: PolicyRepository,
    private readonly usageRepo: UsageRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly directory: ShopDirectory,
    private readonly now: () => Date,
  ) {}

  private get principal() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    return p;
  }

  private isAdmin(): boolean {
    return hasRole(this.request.principal, 'alliance-admin');
  }

  private staffShops(): string[] {
    const p = this.request.principal;
    if (!p || p.service || !(hasRole(p, 'merchant-owner') || hasRole(p, 'merchant-staff'))) return [];
    return p.merchantIds;
  }

  private ownedShops(): string[] {
    const p = this.principal;
    return hasRole(p, 'merchant-owner') ? p.merchantIds : [];
  }

  private canSee(p: PromotionState): boolean {
    if (this.isAdmin()) return true;
    const shops = new Set(this.staffShops());
    return participants(p).some((m) => shops.has(m));
  }

  async get(id: string): Promise<PromotionState | null> {
    this.principal;
    const r = await this.repo.get(this.request.allianceId, id);
    return r && this.canSee(r.state) ? r.state : null;
  }

  async list(status?: PromotionStatus | null): Promise<PromotionState[]> {
    this.principal;
    const lists: PromotionList[] = this.isAdmin() ? [{ alliance: true }] : this.staffShops().map((merchant) => ({ merchant }));
    if (lists.length === 0) throw DomainError.forbidden('Promotions are for shop staff and alliance admins');
    const pages = await Promise.all(lists.map((l) => this.repo.readList(this.request.allianceId, l, MAX_LIST)));
    const ids = [...new Set(pages.flatMap((p) => p.ids))];
    const states = (await Promise.all(ids.map((id) => this.repo.get(this.request.allianceId, id)))).filter((s) => s !== null).map((s) => s.state);
    const nowMs = this.now().getTime();
    return states
      .filter((s) => !status || effectiveStatus(s, nowMs) === status)
      .sort((a, b) => b.proposedAt.localeCompare(a.proposedAt) || a.id.localeCompare(b.id));
  }

  async propose(input: ProposeInput): Promise<PromotionPayload> {
    const principal = this.principal;
    const owned = this.ownedShops();
    if (owned.length === 0) throw DomainError.forbidden('Only a shop owner proposes promotions');
    const proposerId = input.merchantId ?? owned[0]!;
    if (!owned.includes(proposerId)) throw DomainError.forbidden('You can propose only for your own shop');
    const keyProblem = idempotencyKeyProblem(input.idempotencyKey, ['input', 'idempotencyKey']);
    if (keyProblem) return fail(keyProblem);
    const startsAt = toMs(input.startsAt);
    const endsAt = toMs(input.endsAt);
    const proposal: PromotionProposal = {
      kind: input.kind,
      title: input.title.trim(),
      proposerId,
      partnerIds: input.partnerIds,
      funding: input.funding.map((f) => ({ merchantId: f.merchantId, percent: f.percent ?? null, fixedFen: f.fixedFen ?? null, capFen: f.capFen ?? null })),
      minSpendFen: input.minSpendFen ?? null,
      minShops: input.minShops ?? null,
      discountFen: input.discountFen ?? null,
      percentOff: input.percentOff ?? null,
      maxDiscountFen: input.maxDiscountFen ?? null,
      bundlePriceFen: input.bundlePriceFen ?? null,
      groupSize: input.groupSize ?? null,
      pickupDate: input.pickupDate ? toMs(input.pickupDate) : null,
      productIds: input.productIds ?? null,
      categories: input.categories ?? null,
      neighborhoods: input.neighborhoods ?? null,
      communityGroups: input.communityGroups ?? null,
      stackGroup: input.stackGroup?.trim() || null,
      startsAt,
      endsAt,
      totalLimit: input.totalLimit ?? null,
      perMemberLimit: input.perMemberLimit ?? null,
      budgetFen: input.budgetFen ?? null,
    };
    const problems = asUserErrors(fundingProblems(proposal)).map((e) => ({ ...e, field: ['input', ...e.field] }));
    if (input.partnerIds.length > 20) problems.push({ code: 'TOO_MANY_PARTNERS', message: 'At most 20 partner shops', field: ['input', 'partnerIds'] });
    // A partner that is not a shop of the alliance would never answer. When merchants cannot be asked,
    // the proposal goes ahead: only a real shop's owner can accept it anyway.
    const shops = problems.length ? null : await this.directory.shops(this.request.allianceId);
    input.partnerIds.forEach((id, i) => {
      if (shops && !shops.has(id)) problems.push({ code: 'UNKNOWN_MERCHANT', message: `No shop ${id} in this alliance`, field: ['input', 'partnerIds', String(i)] });
    });
    if (input.counterTo) {
      const original = await this.repo.get(this.request.allianceId, input.counterTo);
      if (!original || !this.canSee(original.state)) problems.push({ code: 'UNKNOWN_PROMOTION', message: 'No such proposal to counter', field: ['input', 'counterTo'] });
    }
    if (problems.length) return { promotion: null, userErrors: problems };

    const allianceId = this.request.allianceId;
    const id = `pr-${createHash('sha256').update(`${allianceId}\u0000${principal.subject}\u0000${input.idempotencyKey}`).digest('hex').slice(0, 16)}`;
    const terms: PromotionTerms = {
      id,
      kind: proposal.kind,
      title: proposal.title,
      merchantIds: [proposerId, ...input.partnerIds],
      funding: proposal.funding,
      minSpendFen: proposal.minSpendFen,
      minShops: proposal.minShops,
      discountFen: proposal.discountFen,
      percentOff: proposal.percentOff,
      maxDiscountFen: proposal.maxDiscountFen,
      bundlePriceFen: proposal.bundlePriceFen,
      groupSize: proposal.groupSize,
      pickupDate: proposal.pickupDate,
      productIds: proposal.productIds,
      categories: proposal.categories,
      neighborhoods: proposal.neighborhoods,
      communityGroups: proposal.communityGroups ?? null,
      stackGroup: proposal.stackGroup,
      startsAt,
      endsAt,
    };
    const limits = { totalLimit: proposal.totalLimit ?? null, perMemberLimit: proposal.perMemberLimit ?? null, budgetFen: proposal.budgetFen ?? null };
    const termsHash = createHash('sha256').update(JSON.stringify([terms, limits, input.counterTo ?? null])).digest('hex').slice(0, 32);
    const needsApproval = (await this.policies.get(allianceId)).requireApproval;
    const fact: Extract<PromotionFact, { type: 'PROPOSED' }> = {
      type: 'PROPOSED',
      id,
      allianceId,
      terms,
      limits,
      termsHash,
      proposerId,
      partnerIds: input.partnerIds,
      needsApproval,
      counterTo: input.counterTo ?? null,
      at: this.now().toISOString(),
      by: principal.username,
    };
    const r = await this.repo.propose(fact);
    if (!r.created && r.state.termsHash !== termsHash) {
      return fail({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This idempotencyKey was used for another proposal', field: ['input', 'idempotencyKey'] });
    }
    // Also on a replay: a crash may have cut the first attempt off before its lists.
    await Promise.all([
      ...participants(r.state).map((merchant) => this.repo.addToList(allianceId, { merchant }, id)),
      this.repo.addToList(allianceId, { alliance: true }, id),
    ]);
    await this.syncLive(r.state, 1);
    return { promotion: r.state, userErrors: [] };
  }

  async respond(id: string, accept: boolean, note: string | null | undefined, merchantId?: string | null): Promise<PromotionPayload> {
    const principal = this.principal;
    const owned = this.ownedShops();
    if (owned.length === 0) throw DomainError.forbidden('Only a partner shop owner answers a proposal');
    const current = await this.repo.get(this.request.allianceId, id);
    if (!current || !this.canSee(current.state)) return unknown();
    const shop = merchantId ?? current.state.partners.find((p) => owned.includes(p.merchantId))?.merchantId;
    if (!shop || !owned.includes(shop)) throw DomainError.forbidden('You can answer only for your own shop');
    return this.change(id, (s) => answerProblem(s, shop) ?? { type: 'ANSWERED', merchantId: shop, accept, note: clean(note), at: this.now().toISOString(), by: principal.username });
  }

  async approve(id: string, approve: boolean, note: string | null | undefined): Promise<PromotionPayload> {
    const principal = this.principal;
    if (!this.isAdmin()) throw DomainError.forbidden('Only an alliance admin approves promotions');
    return this.change(id, (s) => approvalProblem(s) ?? { type: 'DECIDED', approve, note: clean(note), at: this.now().toISOString(), by: principal.username });
  }

  async pause(id: string): Promise<PromotionPayload> {
    return this.control(id, (s, by, nowMs) => pauseProblem(s, nowMs) ?? { type: 'PAUSED', at: new Date(nowMs).toISOString(), by });
  }

  async resume(id: string): Promise<PromotionPayload> {
    return this.control(id, (s, by, nowMs) => resumeProblem(s, nowMs) ?? { type: 'RESUMED', at: new Date(nowMs).toISOString(), by });
  }

  async end(id: string): Promise<PromotionPayload> {
    return this.control(id, (s, by, nowMs) => endProblem(s, nowMs) ?? { type: 'ENDED', at: new Date(nowMs).toISOString(), by });
  }

  /** Pause, resume, end: an owner of a participating shop, or an alliance admin. */
  private async control(id: string, decide: (s: PromotionState, by: string, nowMs: number) => PromotionFact | UserError): Promise<PromotionPayload> {
    const principal = this.principal;
    const current = await this.repo.get(this.request.allianceId, id);
    if (!current || !this.canSee(current.state)) return unknown();
    const owned = new Set(this.ownedShops());
    if (!this.isAdmin() && !participants(current.state).some((m) => owned.has(m))) throw DomainError.forbidden('Only an owner of a participating shop or an admin can do this');
    return this.change(id, (s) => decide(s, principal.username, this.now().getTime()));
  }

  private async change(id: string, decide: (s: PromotionState) => PromotionFact | UserError): Promise<PromotionPayload> {
    const r = await this.repo.change(this.request.allianceId, id, decide);
    if (!r) return unknown();
    if (r.error) return { promotion: r.state, userErrors: [r.error] };
    await this.syncLive(r.state, r.version);
    return { promotion: r.state, userErrors: [] };
  }

  private syncLive(state: PromotionState, version: number): Promise<void> {
    return syncLive(this.repo, this.events, state, version, this.now);
  }

  usage(p: PromotionState): Promise<UsageState> {
    return this.usageRepo.usage(this.request.allianceId, usageTerms(p));
  }

  async policy() {
    this.principal;
    return this.policies.get(this.request.allianceId, this.now());
  }

  /** Alliance admin: every version, newest first, each with its place now. */
  async policyVersions(): Promise<PromotionPolicyVersionView[]> {
    this.principal;
    if (!this.isAdmin()) throw DomainError.forbidden("Only an alliance admin sees the promotion policy's versions");
    const versions = await this.policies.versions(this.request.allianceId);
    const nowMs = this.now().getTime();
    return versions.map((v) => ({ ...v, status: versionStatus(versions, v, nowMs) })).reverse();
  }

  /** A new version from `effectiveFrom` on (left out: now; never in the past). */
  async setPolicy(requireApproval: boolean, effectiveFrom?: string | Date | null) {
    const p = this.principal;
    if (!this.isAdmin()) throw DomainError.forbidden('Only an alliance admin sets the promotion policy');
    const nowMs = this.now().getTime();
    const from = effectiveFromOf(effectiveFrom, nowMs);
    if ('problem' in from) {
      const message = from.problem === 'INVALID_DATE' ? 'not a date-time' : 'a new version starts now or later, never in the past';
      return { policy: null, version: null, userErrors: [{ code: from.problem, message, field: ['effectiveFrom'] }] };
    }
    const values = { requireApproval };
    const added = await this.policies.add(this.request.allianceId, { values, effectiveFrom: from.ms, setAt: new Date(nowMs).toISOString(), setBy: p.username });
    const versions = await this.policies.versions(this.request.allianceId);
    return { policy: values, version: { ...added, status: versionStatus(versions, added, this.now().getTime()) }, userErrors: [] };
  }

  /** Alliance admin: version `n`, still to come, never comes in force. */
  async cancelPolicyVersion(n: number): Promise<{ policy: null; version: PromotionPolicyVersionView | null; userErrors: UserError[] }> {
    const p = this.principal;
    if (!this.isAdmin()) throw DomainError.forbidden('Only an alliance admin cancels a version of the promotion policy');
    const r = await this.policies.cancel(this.request.allianceId, n, { now: () => this.now().getTime(), setBy: p.username });
    if ('problem' in r) return { policy: null, version: null, userErrors: [cancelUserError(r.problem, n)] };
    return { policy: null, version: { ...r.version, status: 'CANCELLED' }, userErrors: [] };
  }
}

export type PromotionPolicyVersionView = PromotionPolicyVersion & { status: VersionStatus };

function toMs(v: string | Date): number {
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (!Number.isFinite(ms)) throw DomainError.badInput('Not a date-time', 'input');
  return ms;
}

function clean(note: string | null | undefined): string | null {
  const t = note?.trim();
  return t ? t.slice(0, 200) : null;
}
