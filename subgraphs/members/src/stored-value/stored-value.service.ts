import { hasRole, isShopStaff } from '@alliance/auth';
import { isMemberId, memberIdFor } from '@alliance/auth/member-id';
import type { EventBus } from '@alliance/events';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { MemberDoc } from '../member/member.model.js';
import type { MemberRepository } from '../member/member.repository.js';
import type { MemberService } from '../member/member.service.js';
import type { StoredValueRepository } from './stored-value.repository.js';
import { decidePay, decidePayBack, decideRefund, decideTopUp, type StoredValueFact } from './stored-value.rules.js';

export interface BalanceView {
  merchant: { __typename: 'Merchant'; id: string };
  balanceFen: number;
}

const KIND = { TOPPED_UP: 'TOP_UP', PAID: 'PAYMENT', REFUNDED: 'REFUND', PAID_BACK: 'PAYBACK' } as const;

/** Publishes a balance movement: the ledger books the shop's liability to the member from it. */
export async function publishStoredValue(events: Pick<EventBus, 'publish'>, allianceId: string, member: { id: string; subject: string }, merchantId: string, fact: StoredValueFact, balanceFen: number, ref: string): Promise<void> {
  await events.publish({
    id: `${allianceId}:sv:${member.id}:${merchantId}:${ref}`,
    type: 'stored_value.moved',
    allianceId,
    data: {
      allianceId,
      memberId: member.id,
      memberSubject: member.subject,
      merchantId,
      kind: KIND[fact.kind],
      amountFen: fact.amountFen,
      balanceFen,
      ...(fact.kind === 'PAID' ? { checkoutId: fact.checkoutId } : {}),
      ...(fact.kind === 'REFUNDED' ? { checkoutId: fact.checkoutId, orderId: fact.orderId } : {}),
      at: fact.at,
    },
  });
}

/** Stored value at one shop: its staff top up, she pays that shop only, refunds come back, she is paid back on request. */
export class StoredValueService {
  constructor(
    private readonly request: RequestContext,
    private readonly members: MemberService,
    private readonly memberRepo: MemberRepository,
    private readonly balances: StoredValueRepository,
    private readonly events: Pick<EventBus, 'publish'>,
    private readonly now: () => Date,
  ) {}

  private get allianceId() {
    return this.request.allianceId;
  }

  /** `Member.storedValue`: her own record only. */
  async of(member: MemberDoc): Promise<BalanceView[]> {
    const shops = await this.balances.shops(this.allianceId, member.id);
    return Promise.all(shops.map(async (merchantId) => ({ merchant: { __typename: 'Merchant' as const, id: merchantId }, balanceFen: (await this.balances.state(this.allianceId, member.id, merchantId)).balanceFen })));
  }

  async topUp(memberId: string, merchantId: string, amountFen: number, key: string): Promise<{ balance: BalanceView | null; userErrors: UserError[] }> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    if (!isShopStaff(p, merchantId)) throw DomainError.forbidden('A top-up is taken at the shop’s counter by its staff');
    const keyProblem = idempotencyKeyProblem(key);
    if (keyProblem) return { balance: null, userErrors: [keyProblem] };
    const member = isMemberId(memberId) ? await this.memberRepo.get(memberId) : null;
    if (!member || member.erasedAt) return { balance: null, userErrors: [{ code: 'UNKNOWN_MEMBER', message: 'no such member: scan her member code', field: ['memberId'] }] };
    await this.balances.listShop(this.allianceId, memberId, merchantId);
    const at = this.now().toISOString();
    const r = await this.balances.decide(this.allianceId, memberId, merchantId, (s) => {
      const d = decideTopUp(s, { key, amountFen, by: p.username, at });
      return 'code' in d ? { fact: null, outcome: d } : { fact: d.fact, outcome: null };
    });
    if (r.outcome) return { balance: null, userErrors: [{ code: r.outcome.code, message: r.outcome.message, field: ['amountFen'] }] };
    if (r.fact) await publishStoredValue(this.events, this.allianceId, member, merchantId, r.fact, r.state.balanceFen, `topup:${key}`);
    return { balance: { merchant: { __typename: 'Merchant', id: merchantId }, balanceFen: r.state.balanceFen }, userErrors: [] };
  }

  /** She asks for her balance at a shop back: the whole of it, paid out by the shop. */
  async payBack(merchantId: string): Promise<{ balance: BalanceView | null; userErrors: UserError[] }> {
    const me = await this.members.me();
    const r = await this.payBackFor(me, merchantId, 'REQUESTED');
    if (r) return { balance: null, userErrors: [{ code: r.code, message: r.message, field: ['merchantId'] }] };
    return { balance: { merchant: { __typename: 'Merchant', id: merchantId }, balanceFen: 0 }, userErrors: [] };
  }

  /**
   * Alliance admin, when a shop leaves the alliance: every member's balance at it paid back (the shop
   * pays them out), walking the shop's holders page by page. Returns how many balances were paid back.
   */
  async payBackShop(merchantId: string): Promise<{ paidBack: number; totalFen: number; userErrors: UserError[] }> {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Paying back a shop’s stored value is for alliance admins, when the shop leaves');
    let paidBack = 0;
    let totalFen = 0;
    for (let from = 1; ; ) {
      const page = await this.balances.holders(this.allianceId, merchantId, from, 100);
      if (page.length === 0) break;
      for (const h of page) {
        const member = await this.memberRepo.get(h.data.memberId);
        if (!member) continue;
        const before = (await this.balances.state(this.allianceId, member.id, merchantId)).balanceFen;
        if (before > 0 && (await this.payBackFor(member, merchantId, 'SHOP_LEFT')) === null) {
          paidBack += 1;
          totalFen += before;
        }
      }
      from = page.at(-1)!.version + 1;
    }
    return { paidBack, totalFen, userErrors: [] };
  }

  /** Erasure: every balance paid back. */
  async payBackAll(member: MemberDoc): Promise<void> {
    for (const merchantId of await this.balances.shops(this.allianceId, member.id)) await this.payBackFor(member, merchantId, 'ERASURE');
  }

  private async payBackFor(member: MemberDoc, merchantId: string, reason: 'REQUESTED' | 'ERASURE' | 'SHOP_LEFT') {
    const at = this.now().toISOString();
    const r = await this.balances.decide(this.allianceId, member.id, merchantId, (s) => {
      const d = decidePayBack(s, reason, at);
      return 'code' in d ? { fact: null, outcome: d } : { fact: d.fact, outcome: null };
    });
    if (r.fact) await publishStoredValue(this.events, this.allianceId, member, merchantId, r.fact, r.state.balanceFen, `payback:${at}`);
    return reason === 'ERASURE' ? null : r.outcome;
  }

  private requireService(): void {
    if (!this.request.principal?.service) throw DomainError.forbidden('A service command: service accounts only');
  }

  /** Checkout (service command): pays a one-shop checkout from her balance at that shop, once. */
  async pay(checkoutId: string, memberSubject: string, merchantId: string, orders: { orderId: string; amountFen: number }[]): Promise<{ ok: boolean; code: string | null; message: string | null; balanceFen: number }> {
    this.requireService();
    const member = { id: memberIdFor(this.allianceId, memberSubject), subject: memberSubject };
    const r = await this.balances.decide(this.allianceId, member.id, merchantId, (s) => {
      const d = decidePay(s, { checkoutId, orders, at: this.now().toISOString() });
      return 'code' in d ? { fact: null, outcome: d } : { fact: d.fact, outcome: null };
    });
    if (r.outcome) return { ok: false, code: r.outcome.code, message: r.outcome.message, balanceFen: r.state.balanceFen };
    if (r.fact) await publishStoredValue(this.events, this.allianceId, member, merchantId, r.fact, r.state.balanceFen, `pay:${checkoutId}`);
    return { ok: true, code: null, message: null, balanceFen: r.state.balanceFen };
  }

  /** Checkout (service command): a checkout that failed after paying gets every order's money back. */
  async release(checkoutId: string, memberSubject: string, merchantId: string): Promise<boolean> {
    this.requireService();
    const member = { id: memberIdFor(this.allianceId, memberSubject), subject: memberSubject };
    const paid = (await this.balances.state(this.allianceId, member.id, merchantId)).payments[checkoutId] ?? {};
    for (const orderId of Object.keys(paid)) await refundTo(this.balances, this.events, this.allianceId, member, merchantId, { eventId: `release:${checkoutId}:${orderId}`, checkoutId, orderId, refundedFen: 'ALL', at: this.now().toISOString() });
    return true;
  }
}

/** Money of an order back to her balance (as `decideRefund` decides), published. */
export async function refundTo(balances: StoredValueRepository, events: Pick<EventBus, 'publish'>, allianceId: string, member: { id: string; subject: string }, merchantId: string, r: Parameters<typeof decideRefund>[1]): Promise<void> {
  const d = await balances.decide(allianceId, member.id, merchantId, (s) => ({ fact: decideRefund(s, r), outcome: null }));
  if (d.fact) await publishStoredValue(events, allianceId, member, merchantId, d.fact, d.state.balanceFen, `refund:${r.eventId}`);
}
