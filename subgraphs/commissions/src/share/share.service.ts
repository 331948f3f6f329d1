import QRCode from 'qrcode';
import { hasRole } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { activeAt, boundShopperLabel, decideBinding, type BindingFact } from './binding.rules.js';
import { CODE, shareCode, shareUrl, type ShareTargetKind } from './share.rules.js';
import type { ShareRepository } from './share.repository.js';
import { cancelUserError, effectiveFromOf, versionStatus, type VersionStatus } from '@alliance/store/versioned-setting';
import { policyProblems, type CommissionPolicy, type CommissionPolicyVersion, type PolicyRepository } from './policy.repository.js';

export interface BindPayload {
  binding: BindingFact | null;
  bound: boolean;
  userErrors: UserError[];
}

const ID = /^[A-Za-z0-9-]{1,80}$/;
/** A page of a sharer's bound shoppers. */
const MAX_BINDINGS = 100;

export interface BoundShopperView {
  label: string;
  boundAt: string;
  until: string;
  active: boolean;
}

/** Share links and bindings as one signed-in member sees them. */
export class ShareService {
  constructor(
    private readonly request: RequestContext,
    private readonly repo: ShareRepository,
    private readonly policies: PolicyRepository,
    private readonly portalUrl: string,
    private readonly now: () => Date,
  ) {}

  private member() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to share');
    return p;
  }

  /** The member's code, claimed on first use (a longer one in the unlikely case another member holds it); read after that. */
  async myCode(): Promise<string> {
    const p = this.member();
    const shops = hasRole(p, 'merchant-owner') || hasRole(p, 'merchant-staff') ? p.merchantIds : [];
    for (const length of [8, 10, 12]) {
      const code = shareCode(this.request.allianceId, p.subject, length);
      // Every later view finds her claim by `_id`: a read, not a write.
      const held = await this.repo.code(this.request.allianceId, code);
      if (held?.subject === p.subject) return code;
      if (held) continue;
      const claim = await this.repo.claimCode(this.request.allianceId, code, { allianceId: this.request.allianceId, subject: p.subject, shops, at: this.now().toISOString() });
      const holder = claim.inserted ? claim.doc : claim.existing;
      if (holder.subject === p.subject) return code;
    }
    throw new Error('no free share code');
  }

  async myShareLink(target: { kind: ShareTargetKind; id?: string | null } | null | undefined) {
    const kind = target?.kind ?? 'STOREFRONT';
    const id = kind === 'STOREFRONT' ? null : (target?.id ?? null);
    if (kind !== 'STOREFRONT' && (!id || !ID.test(id))) throw DomainError.badInput('a shop or product link names its id', 'target.id');
    const code = await this.myCode();
    const url = shareUrl(this.portalUrl, code, kind, id);
    return { code, url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }), target: kind, targetId: id };
  }

  /**
   * The shopper arrived by a share link: bound to its sharer unless an earlier binding still holds. A
   * sharer who is staff of a shop also makes that shop the member's referrer, if she has none yet.
   */
  async bind(code: string): Promise<BindPayload> {
    const buyer = this.member();
    const allianceId = this.request.allianceId;
    const normalized = code.trim().toUpperCase();
    const unknown: BindPayload = { binding: null, bound: false, userErrors: [{ code: 'UNKNOWN_CODE', message: 'no such share code', field: ['code'] }] };
    if (!CODE.test(normalized)) return unknown;
    const claim = await this.repo.code(allianceId, normalized);
    if (!claim) return unknown;
    const policy = await this.policies.get(allianceId);
    const nowMs = this.now().getTime();
    let error: UserError | null = null;
    let kept: BindingFact | null = null;
    const r = await this.repo.bind(allianceId, buyer.subject, (current) => {
      error = null;
      kept = null;
      const d = decideBinding(current, buyer.subject, claim.subject, normalized, nowMs, policy.bindingDays);
      if ('error' in d) error = d.error;
      else if ('keep' in d) kept = d.keep;
      return 'fact' in d ? d.fact : null;
    });
    if (error) return { binding: null, bound: false, userErrors: [error] };
    if (r.appended) await this.repo.listBound(allianceId, claim.subject, { buyer: buyer.subject, boundAt: r.fact.boundAt, until: r.fact.until });
    if (r.appended && claim.shops[0]) {
      await this.repo.claimReferrer({ allianceId, member: buyer.subject, shop: claim.shops[0], at: new Date(nowMs).toISOString(), until: new Date(nowMs + policy.referralDays * 86_400_000).toISOString(), by: 'SHARE_LINK' });
    }
    return { binding: r.appended ? r.fact : kept, bound: r.appended, userErrors: [] };
  }

  /** The shoppers bound to the signed-in sharer, newest first, each under a pseudonym only. */
  async myBindings(limit: number): Promise<{ total: number; active: number; shoppers: BoundShopperView[] }> {
    const p = this.member();
    const allianceId = this.request.allianceId;
    const { total, newest } = await this.repo.boundTo(allianceId, p.subject, Math.min(Math.max(1, limit), MAX_BINDINGS));
    const nowMs = this.now().getTime();
    const shoppers = newest.map((b) => ({ label: boundShopperLabel(allianceId, p.subject, b.buyer), boundAt: b.boundAt, until: b.until, active: activeAt({ ...b, sharer: p.subject, sharerCode: '' }, nowMs) }));
    return { total, active: shoppers.filter((s) => s.active).length, shoppers };
  }

  policy(): Promise<CommissionPolicy> {
    this.member();
    return this.policies.get(this.request.allianceId, this.now());
  }

  /** Alliance admin: every version, newest first, each with its place now. */
  async policyVersions(): Promise<PolicyVersionView[]> {
    const p = this.member();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden("Only an alliance admin sees the commission policy's versions");
    const versions = await this.policies.versions(this.request.allianceId);
    const nowMs = this.now().getTime();
    return versions.map((v) => ({ ...v, status: versionStatus(versions, v, nowMs) })).reverse();
  }

  /**
   * A new version, from `effectiveFrom` on (left out: now). Withdrawal and breakage settings left out
   * keep the values in force at that moment (callers from before they existed).
   */
  async setPolicy(input: Omit<CommissionPolicy, 'withdrawalMinFen' | 'taxBp' | 'pointsBreakageBp'> & { withdrawalMinFen?: number | null; taxBp?: number | null; pointsBreakageBp?: number | null; effectiveFrom?: string | Date | null }) {
    const p = this.member();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Only an alliance admin sets the commission policy');
    const nowMs = this.now().getTime();
    const from = effectiveFromOf(input.effectiveFrom, nowMs);
    if ('problem' in from) return { policy: null, version: null, userErrors: [effectiveFromError(from.problem)] };
    const current = await this.policies.get(this.request.allianceId, from.ms);
    const policy: CommissionPolicy = {
      bindingDays: input.bindingDays,
      allowSelfPurchase: input.allowSelfPurchase,
      referralBp: input.referralBp,
      referralDays: input.referralDays,
      withdrawalMinFen: input.withdrawalMinFen ?? current.withdrawalMinFen,
      taxBp: input.taxBp ?? current.taxBp,
      pointsBreakageBp: input.pointsBreakageBp ?? current.pointsBreakageBp,
    };
    const problems = policyProblems(policy);
    if (problems.length) return { policy: null, version: null, userErrors: problems };
    const added = await this.policies.add(this.request.allianceId, { values: policy, effectiveFrom: from.ms, setAt: new Date(nowMs).toISOString(), setBy: p.username });
    const versions = await this.policies.versions(this.request.allianceId);
    return { policy, version: { ...added, status: versionStatus(versions, added, this.now().getTime()) }, userErrors: [] };
  }

  /** Alliance admin: version `n`, still to come, never comes in force. */
  async cancelPolicyVersion(n: number): Promise<{ policy: null; version: PolicyVersionView | null; userErrors: UserError[] }> {
    const p = this.member();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Only an alliance admin cancels a version of the commission policy');
    const r = await this.policies.cancel(this.request.allianceId, n, { now: () => this.now().getTime(), setBy: p.username });
    if ('problem' in r) return { policy: null, version: null, userErrors: [cancelUserError(r.problem, n)] };
    return { policy: null, version: { ...r.version, status: 'CANCELLED' }, userErrors: [] };
  }
}

export type PolicyVersionView = CommissionPolicyVersion & { status: VersionStatus };

function effectiveFromError(problem: 'INVALID_DATE' | 'EFFECTIVE_IN_PAST'): UserError {
  const message = problem === 'INVALID_DATE' ? 'not a date-time' : 'a new version starts now or later, never in the past';
  return { code: problem, message, field: ['input', 'effectiveFrom'] };
}
