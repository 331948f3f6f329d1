import { allocate } from '@alliance/money';
import type { Posting, PostingGroup } from './ledger.types.js';

/**
 * Alliance points in the ledger (1 point = 1 fen). A redemption is cleared lot by lot: the shop that
 * issued the points pays the shop they were redeemed at (a shop's own points net to nothing and are left
 * out); a return reverses that; an expired lot's breakage is shared, the issuing shop paying the alliance
 * its share. Each group balances between the two parties, like a promotion's cost between shops, and is
 * confirmed at once: points were spent (or expired) when the event says.
 */
export interface LotPoints {
  issuerId: string;
  points: number;
}

function clearing(redeemerId: string, lots: readonly LotPoints[], sign: 1 | -1): Posting[] {
  const byIssuer = new Map<string, number>();
  for (const l of lots) if (l.issuerId !== redeemerId) byIssuer.set(l.issuerId, (byIssuer.get(l.issuerId) ?? 0) + l.points);
  const postings: Posting[] = [];
  for (const [issuerId, points] of [...byIssuer].sort(([a], [b]) => a.localeCompare(b))) {
    if (points === 0) continue;
    postings.push({ party: { kind: 'SHOP', id: issuerId }, account: 'POINTS_CLEARING', stage: 'CONFIRMED', amountFen: -sign * points });
    postings.push({ party: { kind: 'SHOP', id: redeemerId }, account: 'POINTS_CLEARING', stage: 'CONFIRMED', amountFen: sign * points });
  }
  return postings;
}

/** `points.redeemed`: one group per order (its redeeming shop reimbursed by each issuer of its lots). */
export function redemptionGroups(sourceEventId: string, orders: readonly { orderId: string; merchantId: string; lots: readonly LotPoints[] }[]): PostingGroup[] {
  return orders.map((o) => ({ sourceEventId: `${sourceEventId}/${o.orderId}`, orderId: o.orderId, kind: 'POINTS_CLEARING' as const, postings: clearing(o.merchantId, o.lots, 1) }));
}

/** `points.returned`: the clearing of the points given back, reversed. */
export function returnGroup(sourceEventId: string, orderId: string, redeemerId: string, lots: readonly LotPoints[]): PostingGroup {
  return { sourceEventId, orderId, kind: 'POINTS_CLEARING', postings: clearing(redeemerId, lots, -1) };
}

/** `points.expired`: the issuing shop pays the alliance `breakageBp` of the expired points. */
export function breakageGroup(sourceEventId: string, allianceId: string, lotId: string, issuerId: string, points: number, breakageBp: number): PostingGroup {
  const [share] = allocate(points, [breakageBp, 10_000 - breakageBp]);
  const postings: Posting[] = share
    ? [
        { party: { kind: 'SHOP', id: issuerId }, account: 'POINTS_BREAKAGE', stage: 'CONFIRMED', amountFen: -share },
        { party: { kind: 'ALLIANCE', id: allianceId }, account: 'POINTS_BREAKAGE', stage: 'CONFIRMED', amountFen: share },
      ]
    : [];
  return { sourceEventId, orderId: `points-lot:${lotId}`, kind: 'POINTS_BREAKAGE', postings };
}
