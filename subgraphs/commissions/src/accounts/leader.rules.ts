import { allocate } from '@alliance/money';
import { BP_WHOLE, rateFor, type CategoryRate, type CommissionRule } from '../ledger/rules.js';
import type { Party, Posting, PostingGroup, Stage } from '../ledger/ledger.types.js';

/**
 * The group leader's commission. The leader is known when she hands the order over at her pickup
 * point (her subject rides on order.picked_up), so her share is taken from the selling shop's revenue
 * then, at the order's stage, on what is left of the order after any refund before the handover. Later
 * refunds give it back cumulatively (a two-way rounding, so it only grows and ends exactly at her
 * share), and it confirms with the order. Every step is balanced: what the leader gets, the shop gives.
 */
export interface LeaderShare {
  leader: string;
  amountFen: number;
  /** The order's net still paid at the handover: what later refunds are measured against. */
  baseFen: number;
  refundedAtHandoverFen: number;
  reversedFen: number;
  confirmed: boolean;
}

/** The leader's cut of the goods: per line at its category's rate, capped per order and rate. */
export function leaderCut(lines: readonly { category: string; netFen: number }[], rule: CommissionRule): number {
  const byRate = new Map<CategoryRate, number>();
  for (const l of lines) {
    const rate = rateFor(rule, l.category);
    if (!rate.leaderBp || l.netFen <= 0) continue;
    const [cut] = allocate(l.netFen, [rate.leaderBp, BP_WHOLE - rate.leaderBp]);
    byRate.set(rate, (byRate.get(rate) ?? 0) + cut!);
  }
  let total = 0;
  for (const [rate, cut] of byRate) total += rate.leaderCapFen != null ? Math.min(cut, rate.leaderCapFen) : cut;
  return total;
}

/** Her share on what is left of the order at the handover (`refundedFen` of `netFen` gone back already). */
export function leaderShareAt(cutFen: number, netFen: number, refundedFen: number): number {
  if (netFen === 0 || cutFen === 0) return 0;
  return allocate(cutFen, [netFen - refundedFen, refundedFen])[0]!;
}

/** What of her share the refunds since the handover have taken back in all (cumulative, monotone). */
export function leaderReversedAt(share: LeaderShare, refundedSoFarFen: number): number {
  const since = Math.max(0, Math.min(refundedSoFarFen - share.refundedAtHandoverFen, share.baseFen));
  if (share.baseFen === 0 || share.amountFen === 0) return 0;
  return allocate(share.amountFen, [since, share.baseFen - since])[0]!;
}

const shop = (id: string): Party => ({ kind: 'SHOP', id });
const member = (id: string): Party => ({ kind: 'MEMBER', id });

/** The leader gets `fen` from the shop at `stage` (negative: gives it back). */
export function leaderTransfer(shopId: string, leader: string, fen: number, stage: Stage): Posting[] {
  if (fen === 0) return [];
  return [
    { party: shop(shopId), account: 'REVENUE', stage, amountFen: -fen },
    { party: member(leader), account: 'LEADER_COMMISSION', stage, amountFen: fen },
  ];
}

/** Moves `fen` of the leader's share (and the shop's matching cut) from pending to confirmed. */
export function leaderConfirmation(shopId: string, leader: string, fen: number): Posting[] {
  return [...leaderTransfer(shopId, leader, -fen, 'PENDING'), ...leaderTransfer(shopId, leader, fen, 'CONFIRMED')];
}

/** One posting per (party, account, stage) in a group: amounts of the same key are summed, zeros dropped. */
export function mergePostings(group: PostingGroup): PostingGroup {
  const merged = new Map<string, Posting>();
  for (const p of group.postings) {
    const k = `${p.party.kind}:${p.party.id}|${p.account}|${p.stage}`;
    const seen = merged.get(k);
    merged.set(k, seen ? { ...seen, amountFen: seen.amountFen + p.amountFen } : { ...p });
  }
  return { ...group, postings: [...merged.values()].filter((p) => p.amountFen !== 0) };
}
