import { allocate } from '@alliance/money';
import type { AccountKind, Party } from './ledger.types.js';
import { BP_WHOLE, rateFor, type AlliancePolicy, type CategoryRate, type CommissionRule } from './rules.js';

/** One shop's order as the ledger splits it; a line's net is what the shopper paid for it, after discounts. */
export interface OrderForSplit {
  orderId: string;
  merchantId: string;
  buyer: string;
  /** Epoch ms. */
  placedAt: number;
  lines: { category: string; netFen: number }[];
}

/** Who brought the order about, as resolved when it was placed. */
export interface Attribution {
  sharer: string | null;
  /** The member who brought the sharer (the second and last paid level). */
  sharerUpline: string | null;
  /** The group leader of the pickup point. */
  leader: string | null;
  /** The shop that first brought the buyer into the alliance. */
  referrerShop: string | null;
  /** Epoch ms; the referral fee applies to orders placed before it. */
  referralUntil: number | null;
}

export interface SplitPart {
  party: Party;
  account: AccountKind;
  amountFen: number;
}

/** Which of the optional shares an order earns; a share that does not apply stays with the shop. */
export interface Applicable {
  l1: boolean;
  l2: boolean;
  leader: boolean;
  referral: boolean;
}

/**
 * Self-purchase (the buyer is the sharer, or the leader of her own pickup point) earns only where the
 * alliance allows it; the upline earns only through an L1 that applies, and never on her own purchase or
 * as her own upline; the referral fee is for bringing a member to *other* shops, within its window.
 */
export function applicable(o: Pick<OrderForSplit, 'merchantId' | 'buyer' | 'placedAt'>, policy: AlliancePolicy, a: Attribution): Applicable {
  const l1 = !!a.sharer && (policy.allowSelfPurchase || a.sharer !== o.buyer);
  const l2 = l1 && !!a.sharerUpline && a.sharerUpline !== o.buyer && a.sharerUpline !== a.sharer;
  const leader = !!a.leader && (policy.allowSelfPurchase || a.leader !== o.buyer);
  const referral = !!a.referrerShop && a.referrerShop !== o.merchantId && a.referralUntil !== null && o.placedAt < a.referralUntil;
  return { l1, l2, leader, referral };
}

type Capped = 'l1' | 'l2' | 'leader';
const CAP_OF: Record<Capped, 'l1CapFen' | 'l2CapFen' | 'leaderCapFen'> = { l1: 'l1CapFen', l2: 'l2CapFen', leader: 'leaderCapFen' };

/**
 * Splits one shop's order among the shop (REVENUE), the alliance (FEE), the sharer (COMMISSION_L1), her
 * upline (COMMISSION_L2), the leader (LEADER_COMMISSION) and the referring shop (REFERRAL_FEE).
 *
 * Each line goes through the one allocation function with weights in basis points [fee, l1, l2, leader,
 * referral, shop rest], so it splits exactly. A cap bounds what one party earns from one order on the
 * lines that share a rate (a category's own rate, or the '*' default for every category without one);
 * what passes the cap goes to the shop. Parts are summed per (party, account), zero parts are left out,
 * and they sum exactly to the order's net. Parts come in a fixed account order.
 */
export function splitOrder(o: OrderForSplit, rule: CommissionRule, policy: AlliancePolicy, attribution: Attribution, allianceId: string): SplitPart[] {
  for (const l of o.lines) {
    if (!Number.isSafeInteger(l.netFen) || l.netFen < 0) throw new RangeError(`order ${o.orderId}: a line's net must be non-negative integer fen, got ${l.netFen}`);
  }
  const on = applicable(o, policy, attribution);
  let fee = 0;
  let referral = 0;
  let shop = 0;
  // Per rate (by identity): what the capped parties earn on the lines under it.
  const earned = new Map<CategoryRate, Record<Capped, number>>();

  for (const line of o.lines) {
    const rate = rateFor(rule, line.category);
    const w = [rule.feeBp, on.l1 ? rate.l1Bp : 0, on.l2 ? rate.l2Bp : 0, on.leader ? rate.leaderBp : 0, on.referral ? policy.referralBp : 0];
    const rest = BP_WHOLE - w.reduce((a, b) => a + b, 0);
    if (rest < 0) throw new RangeError(`rule ${rule.merchantId} v${rule.version}: category ${rate.category} takes more than the whole line`);
    const [f, l1, l2, leader, ref, s] = allocate(line.netFen, [...w, rest]) as [number, number, number, number, number, number];
    fee += f;
    referral += ref;
    shop += s;
    const e = earned.get(rate) ?? { l1: 0, l2: 0, leader: 0 };
    e.l1 += l1;
    e.l2 += l2;
    e.leader += leader;
    earned.set(rate, e);
  }

  const totals: Record<Capped, number> = { l1: 0, l2: 0, leader: 0 };
  for (const [rate, e] of earned) {
    for (const k of ['l1', 'l2', 'leader'] as const) {
      const cap = rate[CAP_OF[k]];
      const kept = cap !== undefined && cap !== null ? Math.min(e[k], cap) : e[k];
      shop += e[k] - kept;
      totals[k] += kept;
    }
  }

  const parts: SplitPart[] = [
    { party: { kind: 'SHOP', id: o.merchantId }, account: 'REVENUE', amountFen: shop },
    { party: { kind: 'ALLIANCE', id: allianceId }, account: 'FEE', amountFen: fee },
  ];
  if (on.l1) parts.push({ party: { kind: 'MEMBER', id: attribution.sharer! }, account: 'COMMISSION_L1', amountFen: totals.l1 });
  if (on.l2) parts.push({ party: { kind: 'MEMBER', id: attribution.sharerUpline! }, account: 'COMMISSION_L2', amountFen: totals.l2 });
  if (on.leader) parts.push({ party: { kind: 'MEMBER', id: attribution.leader! }, account: 'LEADER_COMMISSION', amountFen: totals.leader });
  if (on.referral) parts.push({ party: { kind: 'SHOP', id: attribution.referrerShop! }, account: 'REFERRAL_FEE', amountFen: referral });
  return parts.filter((p) => p.amountFen !== 0);
}

// The posting groups and balances are built on the split; they live in their own modules and are
// re-exported here so callers can take the whole split-and-post API from one place.
export { accrualGroup, confirmationGroup, reversalGroup, promotionCostGroup, promotionCostConfirmationGroup } from './posting-groups.js';
export { balances, applyOnce } from './balances.js';
