import type { UserError } from '@alliance/runtime/domain-error';
import type { PromotionTerms } from '../pricing/pricing.types.js';
import { chinaMonthDay } from '../pricing/quote.rules.js';

/**
 * A promotion's co-launch workflow as an append-only stream: proposed, each partner's answer, the
 * admin's decision, pauses, the end. Every fact names who took the step and when, so the stream is
 * the audit trail; the state below is its projection, kept in the stream head. A step is decided on
 * the state it read and appended with that version: of two concurrent answers the loser re-decides
 * on the winner's state (a partner who already answered gets a userError, not a second answer).
 */

export type PromotionStatus = 'PROPOSED' | 'PENDING_APPROVAL' | 'ACTIVE' | 'DECLINED' | 'PAUSED' | 'ENDED';
export type PartnerAnswer = 'PENDING' | 'ACCEPTED' | 'DECLINED';

/** What the usage streams enforce: redemptions in all, per member, and the discount budget. */
export interface PromotionLimits {
  totalLimit: number | null;
  perMemberLimit: number | null;
  budgetFen: number | null;
}

export interface Step {
  at: string;
  /** Keycloak username, or SYSTEM. */
  by: string;
}

export type PromotionFact =
  | ({ type: 'PROPOSED'; id: string; allianceId: string; terms: PromotionTerms; limits: PromotionLimits; termsHash: string; proposerId: string; partnerIds: string[]; needsApproval: boolean; counterTo: string | null } & Step)
  | ({ type: 'ANSWERED'; merchantId: string; accept: boolean; note: string | null } & Step)
  | ({ type: 'DECIDED'; approve: boolean; note: string | null } & Step)
  | ({ type: 'PAUSED' } & Step)
  | ({ type: 'RESUMED' } & Step)
  | ({ type: 'ENDED' } & Step);

export interface PartnerState {
  merchantId: string;
  answer: PartnerAnswer;
  note: string | null;
  answeredAt: string | null;
}

export interface AuditEntry extends Step {
  action: string;
  merchantId: string | null;
  note: string | null;
}

export interface PromotionState {
  id: string;
  allianceId: string;
  terms: PromotionTerms;
  limits: PromotionLimits;
  /** What the proposer's idempotency key stands for: a replay with other terms is refused. */
  termsHash: string;
  proposerId: string;
  partners: PartnerState[];
  needsApproval: boolean;
  counterTo: string | null;
  /** The stored status; `effectiveStatus` adds the schedule (an ACTIVE promotion past endsAt is ENDED). */
  status: PromotionStatus;
  proposedAt: string;
  audit: AuditEntry[];
}

export const AUDIT_ACTIONS = ['PROPOSED', 'ACCEPTED', 'DECLINED', 'APPROVED', 'REFUSED', 'ACTIVATED', 'PAUSED', 'RESUMED', 'ENDED'] as const;

export const promotionProjection = { initial: null as PromotionState | null, evolve: (s: PromotionState | null, f: PromotionFact) => evolve(s, f) };

/** Every shop taking part: the proposer first, then the partners in the order proposed. */
export function participants(p: Pick<PromotionState, 'proposerId' | 'partners'>): string[] {
  return [p.proposerId, ...p.partners.map((x) => x.merchantId)];
}

export function effectiveStatus(p: PromotionState, nowMs: number): PromotionStatus {
  if ((p.status === 'ACTIVE' || p.status === 'PAUSED') && nowMs >= p.terms.endsAt) return 'ENDED';
  return p.status;
}

/** Prices carts now: active, not paused, inside its schedule. */
export function isLive(p: PromotionState, nowMs: number): boolean {
  return p.status === 'ACTIVE' && p.terms.startsAt <= nowMs && nowMs < p.terms.endsAt;
}

export function evolve(state: PromotionState | null, fact: PromotionFact): PromotionState {
  if (fact.type === 'PROPOSED') {
    const audit: AuditEntry[] = [{ at: fact.at, by: fact.by, action: 'PROPOSED', merchantId: fact.proposerId, note: null }];
    const status: PromotionStatus = fact.partnerIds.length === 0 ? (fact.needsApproval ? 'PENDING_APPROVAL' : 'ACTIVE') : 'PROPOSED';
    if (status === 'ACTIVE') audit.push({ at: fact.at, by: 'SYSTEM', action: 'ACTIVATED', merchantId: null, note: null });
    return {
      id: fact.id,
      allianceId: fact.allianceId,
      termsHash: fact.termsHash,
      terms: fact.terms,
      limits: fact.limits,
      proposerId: fact.proposerId,
      partners: fact.partnerIds.map((merchantId) => ({ merchantId, answer: 'PENDING', note: null, answeredAt: null })),
      needsApproval: fact.needsApproval,
      counterTo: fact.counterTo,
      status,
      proposedAt: fact.at,
      audit,
    };
  }
  if (!state) throw new Error(`a ${fact.type} fact needs a proposed promotion`);
  const entry = (action: string, merchantId: string | null, note: string | null): AuditEntry => ({ at: fact.at, by: fact.by, action, merchantId, note });
  switch (fact.type) {
    case 'ANSWERED': {
      const partners = state.partners.map((p) =>
        p.merchantId === fact.merchantId ? { ...p, answer: (fact.accept ? 'ACCEPTED' : 'DECLINED') as PartnerAnswer, note: fact.note, answeredAt: fact.at } : p,
      );
      const audit = [...state.audit, entry(fact.accept ? 'ACCEPTED' : 'DECLINED', fact.merchantId, fact.note)];
      let status: PromotionStatus = state.status;
      if (!fact.accept) status = 'DECLINED';
      else if (partners.every((p) => p.answer === 'ACCEPTED')) status = state.needsApproval ? 'PENDING_APPROVAL' : 'ACTIVE';
      if (status === 'ACTIVE') audit.push({ at: fact.at, by: 'SYSTEM', action: 'ACTIVATED', merchantId: null, note: null });
      return { ...state, partners, status, audit };
    }
    case 'DECIDED': {
      const audit = [...state.audit, entry(fact.approve ? 'APPROVED' : 'REFUSED', null, fact.note)];
      if (fact.approve) audit.push({ at: fact.at, by: 'SYSTEM', action: 'ACTIVATED', merchantId: null, note: null });
      return { ...state, status: fact.approve ? 'ACTIVE' : 'DECLINED', audit };
    }
    case 'PAUSED':
      return { ...state, status: 'PAUSED', audit: [...state.audit, entry('PAUSED', null, null)] };
    case 'RESUMED':
      return { ...state, status: 'ACTIVE', audit: [...state.audit, entry('RESUMED', null, null)] };
    case 'ENDED':
      return { ...state, status: 'ENDED', audit: [...state.audit, entry('ENDED', null, null)] };
  }
}

const problem = (code: string, message: string, field?: string[]): UserError => ({ code, message, ...(field ? { field } : {}) });

/** A partner shop's answer; null when it may answer now. */
export function answerProblem(p: PromotionState, merchantId: string): UserError | null {
  const partner = p.partners.find((x) => x.merchantId === merchantId);
  if (!partner) return problem('NOT_A_PARTNER', 'This shop is not a partner of the promotion', ['merchantId']);
  if (partner.answer !== 'PENDING') return problem('ALREADY_ANSWERED', `This shop already ${partner.answer === 'ACCEPTED' ? 'accepted' : 'declined'}`);
  if (p.status !== 'PROPOSED') return problem('NOT_OPEN', `The promotion is ${p.status}, no longer waiting for answers`);
  return null;
}

export function approvalProblem(p: PromotionState): UserError | null {
  if (p.status !== 'PENDING_APPROVAL') return problem('NOT_PENDING_APPROVAL', `The promotion is ${p.status}, not waiting for approval`);
  return null;
}

export function pauseProblem(p: PromotionState, nowMs: number): UserError | null {
  const status = effectiveStatus(p, nowMs);
  if (status !== 'ACTIVE') return problem('NOT_ACTIVE', `Only an active promotion can be paused; this one is ${status}`);
  return null;
}

export function resumeProblem(p: PromotionState, nowMs: number): UserError | null {
  const status = effectiveStatus(p, nowMs);
  if (status !== 'PAUSED') return problem('NOT_PAUSED', `Only a paused promotion can be resumed; this one is ${status}`);
  return null;
}

export function endProblem(p: PromotionState, nowMs: number): UserError | null {
  const status = effectiveStatus(p, nowMs);
  if (status === 'ENDED' || status === 'DECLINED') return problem('ALREADY_CLOSED', `The promotion is already ${status}`);
  return null;
}

/** A short description in Chinese, as the shopper sees it on a tag or in the cart. */
export function summary(t: PromotionTerms): string {
  const yuan = (fen: number) => `¥${(fen / 100).toFixed(fen % 100 === 0 ? 0 : 2)}`;
  const off = t.discountFen ? `减${yuan(t.discountFen)}` : t.percentOff ? `${(100 - t.percentOff) / 10}折${t.maxDiscountFen ? `（最多减${yuan(t.maxDiscountFen)}）` : ''}` : '';
  switch (t.kind) {
    case 'SPEND_ACROSS_SHOPS':
      return `跨店满${yuan(t.minSpendFen ?? 0)}${off}（${t.minShops ?? 2}家店起）`;
    case 'CROSS_STORE_COUPON':
      return `跨店券：${off}${t.minSpendFen ? `，满${yuan(t.minSpendFen)}可用` : ''}`;
    case 'BUNDLE':
      return `组合价${yuan(t.bundlePriceFen ?? 0)}`;
    case 'NEW_MEMBER':
      return `新人价：首单${off}`;
    case 'GROUP_BUY':
      return `${t.groupSize ?? 2}人拼团${off}`;
    case 'PRESALE':
      return `预售${off}${t.pickupDate ? `，${chinaMonthDay(t.pickupDate)}起提货` : ''}`;
  }
}
