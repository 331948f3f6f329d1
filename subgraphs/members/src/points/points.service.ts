import { hasRole } from '@alliance/auth';
import { memberIdFor } from '@alliance/auth/member-id';
import type { EventBus } from '@alliance/events';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { PointsRepository } from './points.repository.js';
import { balanceOf, decideRedeem, decideReturn, usableLots, type OrderRedemption, type PointsFact, type RedeemProblem } from './points.rules.js';
import { publishPointsFact, publishPointsReturn } from './points.publisher.js';

/** A shop's rate is at most 20% of an order back in points. */
const MAX_RATE_BP = 2_000;

export interface PointsView {
  balance: number;
  expiringSoon: number;
  nextExpiryAt: string | null;
  lots: Array<{ merchant: { __typename: 'Merchant'; id: string }; issuedOn: string; expiresAt: string; remaining: number }>;
}

/** Points as the member sees them, shops set their rates, and checkout redeems and gives back (service commands). */
export class PointsService {
  constructor(
    private readonly request: RequestContext,
    private readonly points: PointsRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly defaultRateBp: number,
    private readonly now: () => Date,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  /** `Member.points`: reached for her own record only. */
  async of(member: MemberDoc): Promise<PointsView> {
    const s = await this.points.state(this.allianceId, member.id);
    const nowMs = this.now().getTime();
    return {
      ...balanceOf(s, nowMs),
      lots: usableLots(s, nowMs).map((l) => ({ merchant: { __typename: 'Merchant', id: l.merchantId }, issuedOn: l.issuedOn, expiresAt: l.expiresAt, remaining: l.remaining })),
    };
  }

  async rate(merchantId: string): Promise<{ merchantId: string; rateBp: number }> {
    return { merchantId, rateBp: (await this.points.rateOf(this.allianceId, merchantId)) ?? this.defaultRateBp };
  }

  async setRate(merchantId: string, rateBp: number): Promise<{ rate: { merchantId: string; rateBp: number } | null; userErrors: UserError[] }> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    const owner = p.merchantIds.includes(merchantId) && hasRole(p, 'merchant-owner');
    if (!owner && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden('A shop’s points rate is set by its owner or an alliance admin');
    if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_RATE_BP) return { rate: null, userErrors: [{ code: 'INVALID_RATE', message: 'a rate is 0 to 2000 basis points (0–20% of an order)', field: ['rateBp'] }] };
    await this.points.setRate(this.allianceId, merchantId, rateBp, p.username, this.now().toISOString());
    return { rate: { merchantId, rateBp }, userErrors: [] };
  }

  private requireService(): void {
    if (!this.request.principal?.service) throw DomainError.forbidden('A service command: service accounts only');
  }

  /** Checkout (service command): redeems `points` over its orders, once per checkout. */
  async redeem(checkoutId: string, memberSubject: string, points: number, orders: { orderId: string; merchantId: string; totalFen: number }[]): Promise<{ ok: boolean; code: string | null; message: string | null; orders: { orderId: string; points: number }[] }> {
    this.requireService();
    const memberId = memberIdFor(this.allianceId, memberSubject);
    const nowMs = this.now().getTime();
    const r = await this.points.decide<RedeemProblem | { orders: OrderRedemption[] }>(this.allianceId, memberId, (s) => {
      const d = decideRedeem(s, { checkoutId, points, orders, nowMs });
      return 'code' in d ? { fact: null, outcome: d } : { fact: d.fact, outcome: d };
    });
    if ('code' in r.outcome) return { ok: false, code: r.outcome.code, message: r.outcome.message, orders: [] };
    if (r.fact) await publishPointsFact(this.events, this.allianceId, memberId, r.version, r.fact);
    return { ok: true, code: null, message: null, orders: r.outcome.orders.map((o) => ({ orderId: o.orderId, points: o.points })) };
  }

  /** A checkout that failed after redeeming (service command): every order's points back. */
  async release(checkoutId: string, memberSubject: string): Promise<boolean> {
    this.requireService();
    const memberId = memberIdFor(this.allianceId, memberSubject);
    const redemption = (await this.points.state(this.allianceId, memberId)).redemptions[checkoutId];
    for (const o of redemption?.orders ?? []) await giveBack(this.points, this.events, this.allianceId, memberId, { eventId: `release:${checkoutId}:${o.orderId}`, checkoutId, orderId: o.orderId, refundedFen: 'ALL', atMs: this.now().getTime() });
    return true;
  }
}

/** Gives an order's points back (as `decideReturn` decides) and publishes the return. */
export async function giveBack(points: PointsRepository, events: Pick<EventBus, 'publish'>, allianceId: string, memberId: string, r: Parameters<typeof decideReturn>[1]): Promise<void> {
  const d = await points.decide<string | null>(allianceId, memberId, (s) => ({ fact: decideReturn(s, r), outcome: s.redemptions[r.checkoutId]?.orders.find((o) => o.orderId === r.orderId)?.merchantId ?? null }));
  if (d.fact && d.outcome) await publishPointsReturn(events, allianceId, memberId, d.version, d.fact as Extract<PointsFact, { kind: 'RETURNED' }>, d.outcome);
}
