import { hasRole } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { cancelUserError } from '@alliance/store/versioned-setting';
import { asUserErrors, ruleProblems, type CategoryRate } from '../ledger/rules.js';
import type { PolicyRepository } from '../share/policy.repository.js';
import type { RuleRepository, StoredRule } from './rule.repository.js';

export interface RuleInput {
  merchantId: string;
  feeBp: number;
  rates: CategoryRate[];
  effectiveFrom?: string | Date | null;
}

/** Commission rules: a shop's owner sets its own, an alliance admin any shop's; shop staff may read. */
export class RuleService {
  constructor(
    private readonly request: RequestContext,
    private readonly rules: RuleRepository,
    private readonly policies: PolicyRepository,
    private readonly now: () => Date,
  ) {}

  private principal() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    return p;
  }

  async list(merchantId: string): Promise<StoredRule[]> {
    const p = this.principal();
    const staff = (hasRole(p, 'merchant-owner') || hasRole(p, 'merchant-staff')) && p.merchantIds.includes(merchantId);
    if (!staff && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden("Only the shop's staff or an alliance admin see its rules");
    return [...(await this.rules.versions(this.request.allianceId, merchantId))].reverse();
  }

  async set(input: RuleInput): Promise<{ rule: StoredRule | null; userErrors: UserError[] }> {
    const p = this.principal();
    const owner = hasRole(p, 'merchant-owner') && p.merchantIds.includes(input.merchantId);
    if (!owner && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden("Only the shop's owner or an alliance admin sets its commission rule");
    const nowMs = this.now().getTime();
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).getTime() : nowMs;
    const rule = { merchantId: input.merchantId, feeBp: input.feeBp, rates: input.rates, effectiveFrom };
    // The alliance's referral fee comes out of the same orders: the one in force when the rule starts.
    const policy = await this.policies.get(this.request.allianceId, Number.isFinite(effectiveFrom) ? effectiveFrom : nowMs);
    // A moment of slack: "now" from the portal is a little in the past by the time it arrives.
    const problems = asUserErrors(ruleProblems(rule, policy, nowMs - 60_000)).map((e) => ({ ...e, field: ['input', ...e.field] }));
    if (problems.length) return { rule: null, userErrors: problems };
    return { rule: await this.rules.add(this.request.allianceId, { ...rule, createdAt: new Date(nowMs).toISOString(), by: p.username }), userErrors: [] };
  }

  /** Whoever may set the shop's rule: version `n`, still to come, never comes in force. */
  async cancel(merchantId: string, n: number): Promise<{ rule: StoredRule | null; userErrors: UserError[] }> {
    const p = this.principal();
    const owner = hasRole(p, 'merchant-owner') && p.merchantIds.includes(merchantId);
    if (!owner && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden("Only the shop's owner or an alliance admin cancels a version of its commission rule");
    const r = await this.rules.cancel(this.request.allianceId, merchantId, n, { now: () => this.now().getTime(), by: p.username });
    if ('problem' in r) return { rule: null, userErrors: [cancelUserError(r.problem, n)] };
    return { rule: r.rule, userErrors: [] };
  }
}
