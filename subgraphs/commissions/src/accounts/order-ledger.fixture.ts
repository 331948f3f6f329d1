import type { SeededRandom } from '@alliance/testing/seeded-random';
import { accrualGroup } from '../ledger/posting-groups.js';
import assert from 'node:assert/strict';
import { applyOnce, balances } from '../ledger/balances.js';
import type { AccountKind, PostingGroup } from '../ledger/ledger.types.js';
import type { CommissionRule } from '../ledger/rules.js';
import type { SplitPart } from '../ledger/split.rules.js';
import { decideAccrual, decideConfirmation, decideLeader, decideReversal, orderLedgerProjection, type OrderLedgerFact, type OrderLedgerState } from './order-ledger.rules.js';
import type { SharingReturn } from './profit-sharing.rules.js';
import type { OrderFlow } from '../flows/flow.rules.js';
import { decideReturnConcluded, decideSharingConcluded, type ReturnOutcomeStatus, type SharingOutcomeStatus } from './sharing-outcome.rules.js';

/** Test support (no tests here): one order driven through the ledger's pure decisions, as its stream would. */

export const ALLIANCE = 'al-1';
export const SELLER = 'm-fruit';
export const OUT_NO = /^[A-Za-z0-9_\-|*@]{1,64}$/;

export type Method = 'ONLINE' | 'ON_HANDOVER';

/** One order driven through the decisions and the projection, as the order stream does it. */
export class Order {
  state: OrderLedgerState | null = null;
  readonly facts: OrderLedgerFact[] = [];

  constructor(
    readonly id: string,
    parts: SplitPart[],
    method: Method,
    readonly maxShareBp: number,
    rule: CommissionRule = { merchantId: SELLER, version: 1, effectiveFrom: 0, feeBp: 0, rates: [{ category: '*', l1Bp: 0, l2Bp: 0, leaderBp: 0 }] },
    flow: OrderFlow | null = null,
  ) {
    const netFen = parts.reduce((s, p) => s + p.amountFen, 0);
    const lines = [{ category: 'fresh', netFen }];
    this.apply(decideAccrual(null, { type: 'ACCRUED', state: { orderId: id, checkoutId: `c-${id}`, merchantId: SELLER, buyer: 'alice', netFen, parts, lines, rule, allowSelfPurchase: false, paymentMethod: method, flow }, group: accrualGroup(`${id}:placed`, id, parts), at: 't' }));
  }

  apply(f: OrderLedgerFact | null): OrderLedgerFact | null {
    if (f) {
      this.facts.push(f);
      this.state = orderLedgerProjection.evolve(this.state, f);
    }
    return f;
  }

  leader(who: string) {
    return this.apply(decideLeader(this.state, `${this.id}:picked`, who, 't'));
  }
  complete() {
    return this.apply(decideConfirmation(this.state, `${this.id}:completed`, 't', { allianceId: ALLIANCE, maxShareBp: this.maxShareBp }));
  }
  refund(n: number, refundedSoFarFen: number) {
    return this.apply(decideReversal(this.state, `${this.id}:refund:${n}`, refundedSoFarFen, 't'));
  }
  /** `order.cancelled`: whatever is left goes back, as the consumer decides it. */
  cancel() {
    return this.apply(this.state ? decideReversal(this.state, `${this.id}:cancelled`, this.state.netFen, 't') : null);
  }

  /** merchants' outcome of the order's sharing (`profit_sharing.concluded`). */
  concluded(status: SharingOutcomeStatus) {
    const no = this.state?.sharing?.outOrderNo ?? 'none';
    return this.apply(decideSharingConcluded(this.state, { outOrderNo: no, status, at: 't' }));
  }
  /** merchants' outcome of one return (`profit_sharing.return_concluded`). */
  returnConcluded(back: SharingReturn, status: ReturnOutcomeStatus) {
    return this.apply(decideReturnConcluded(this.state, { outOrderNo: back.outOrderNo, outReturnNo: back.outReturnNo, status, at: 't' }));
  }

  get groups(): PostingGroup[] {
    return this.facts.flatMap((f) => [f.group, ...(f.more ?? [])]);
  }
  get returns(): SharingReturn[] {
    return this.facts.flatMap((f) => (f.type === 'REVERSED' ? (f.returns ?? []) : []));
  }
  /** party → account → confirmed + pending. */
  book(): Record<string, Partial<Record<AccountKind, number>>> {
    const out: Record<string, Partial<Record<AccountKind, number>>> = {};
    for (const b of balances(this.groups)) out[`${b.party.kind}:${b.party.id}`] = Object.fromEntries(Object.entries(b.accounts).map(([a, v]) => [a, v!.PENDING + v!.CONFIRMED]));
    return out;
  }
}

export const part = (kind: SplitPart['party']['kind'], id: string, account: AccountKind, amountFen: number): SplitPart => ({ party: { kind, id }, account, amountFen });
/** 100 fen: the shop keeps 85, the alliance's fee is 5, bob's L1 is 10. */
export const hundred = () => [part('SHOP', SELLER, 'REVENUE', 85), part('ALLIANCE', ALLIANCE, 'FEE', 5), part('MEMBER', 'bob', 'COMMISSION_L1', 10)];
export const total = (acc: Partial<Record<AccountKind, number>> | undefined) => Object.values(acc ?? {}).reduce((s, v) => s + v, 0);

export function randomOrder(r: SeededRandom, n: number): { order: Order; method: Method; net: number } {
  const shop = r.int(0, 100_000);
  const parts = [part('SHOP', SELLER, 'REVENUE', shop)];
  const maybe = (p: SplitPart) => r.chance(0.7) && p.amountFen > 0 && parts.push(p);
  maybe(part('ALLIANCE', ALLIANCE, 'FEE', r.int(0, 8_000)));
  maybe(part('MEMBER', 'bob', 'COMMISSION_L1', r.int(0, 15_000)));
  maybe(part('MEMBER', 'carol', 'COMMISSION_L2', r.int(0, 5_000)));
  maybe(part('SHOP', 'm-bakery', 'REFERRAL_FEE', r.int(0, 4_000)));
  const method: Method = r.pick(['ONLINE', 'ON_HANDOVER']);
  const rule: CommissionRule = { merchantId: SELLER, version: 1, effectiveFrom: 0, feeBp: 0, rates: [{ category: '*', l1Bp: 0, l2Bp: 0, leaderBp: r.pick([0, 300, 1000]) }] };
  const order = new Order(`o${n}`, parts.filter((p) => p.amountFen > 0 || p.account === 'REVENUE'), method, r.pick([0, 500, 1000, 3000, 10_000]), rule);
  return { order, method, net: order.state!.netFen };
}

/** Posting every group twice inserts each posting once: keys are distinct, the second pass adds nothing. */
export function assertPostedOnce(groups: PostingGroup[]): void {
  const first = applyOnce(groups);
  const again = applyOnce(groups, first.journal);
  assert.deepEqual([again.inserted, again.conflicts], [0, []]);
  assert.equal(first.conflicts.length, 0, 'posting keys are distinct across groups');
}
