import { allocate } from '@alliance/money';
import { CHINA_OFFSET_MS, chinaDay } from '@alliance/runtime/china-time';

/**
 * Alliance points, pure. 1 point = ¥0.01 (one fen). Points are earned on completed orders at the
 * selling shop's rate (that shop funds them) and kept as lots, one per issuing shop and day, each
 * expiring N months after it was issued. A redemption at checkout takes the lots that expire first and
 * spreads the points over the checkout's shop orders in proportion to their totals; refunds give an
 * order's points back to the lots they came from. The balance is a stream appended with the version
 * it read, so concurrent checkouts can never take it below zero.
 */

export interface Lot {
  id: string;
  /** The shop that issued (and funds) these points. */
  merchantId: string;
  issuedOn: string;
  expiresAt: string;
  remaining: number;
}

/** Points of one lot, as a redemption took them (and a return gives them back). */
export interface LotTake {
  lotId: string;
  merchantId: string;
  expiresAt: string;
  points: number;
}

export interface OrderRedemption {
  orderId: string;
  /** The redeeming shop. */
  merchantId: string;
  /** The order's total before points (what the points were spread by). */
  totalFen: number;
  points: number;
  lots: LotTake[];
  /** Given back so far (refunds, cancellation, a checkout that failed). */
  returned: number;
}

export type PointsFact =
  | { kind: 'ISSUED'; eventId: string; orderId: string; merchantId: string; lotId: string; issuedOn: string; expiresAt: string; points: number; at: string }
  | { kind: 'REDEEMED'; checkoutId: string; points: number; orders: OrderRedemption[]; at: string }
  | { kind: 'RETURNED'; eventId: string; checkoutId: string; orderId: string; lots: LotTake[]; points: number; at: string }
  | { kind: 'EXPIRED'; lotId: string; merchantId: string; points: number; at: string };

export interface PointsState {
  lots: Record<string, Lot>;
  redemptions: Record<string, { points: number; orders: OrderRedemption[] }>;
  /** Orders whose points were issued, and recent event ids: a redelivered event issues or returns nothing twice. */
  issuedOrders: string[];
  recent: string[];
}

const RECENT = 64;

export const pointsProjection = {
  initial: { lots: {}, redemptions: {}, issuedOrders: [], recent: [] } as PointsState,
  evolve(s: PointsState, f: PointsFact): PointsState {
    switch (f.kind) {
      case 'ISSUED': {
        const lot = s.lots[f.lotId] ?? { id: f.lotId, merchantId: f.merchantId, issuedOn: f.issuedOn, expiresAt: f.expiresAt, remaining: 0 };
        return { ...s, lots: { ...s.lots, [f.lotId]: { ...lot, remaining: lot.remaining + f.points } }, issuedOrders: [...s.issuedOrders, f.orderId], recent: [...s.recent, f.eventId].slice(-RECENT) };
      }
      case 'REDEEMED': {
        const lots = { ...s.lots };
        for (const t of f.orders.flatMap((o) => o.lots)) lots[t.lotId] = { ...lots[t.lotId]!, remaining: lots[t.lotId]!.remaining - t.points };
        return { ...s, lots: prune(lots), redemptions: { ...s.redemptions, [f.checkoutId]: { points: f.points, orders: f.orders } } };
      }
      case 'RETURNED': {
        const lots = { ...s.lots };
        for (const t of f.lots) {
          const lot = lots[t.lotId] ?? { id: t.lotId, merchantId: t.merchantId, issuedOn: t.lotId.slice(t.lotId.lastIndexOf(':') + 1), expiresAt: t.expiresAt, remaining: 0 };
          lots[t.lotId] = { ...lot, remaining: lot.remaining + t.points };
        }
        const r = s.redemptions[f.checkoutId];
        const redemptions = r ? { ...s.redemptions, [f.checkoutId]: { ...r, orders: r.orders.map((o) => (o.orderId === f.orderId ? { ...o, returned: o.returned + f.points } : o)) } } : s.redemptions;
        return { ...s, lots, redemptions, recent: [...s.recent, f.eventId].slice(-RECENT) };
      }
      case 'EXPIRED': {
        const lots = { ...s.lots };
        if (lots[f.lotId]) lots[f.lotId] = { ...lots[f.lotId]!, remaining: lots[f.lotId]!.remaining - f.points };
        return { ...s, lots: prune(lots) };
      }
    }
  },
};

/** Spent lots leave the state (a return re-creates one from what it gives back). */
function prune(lots: Record<string, Lot>): Record<string, Lot> {
  return Object.fromEntries(Object.entries(lots).filter(([, l]) => l.remaining > 0));
}

/** Lots usable at `nowMs`, the ones expiring first first. */
export function usableLots(s: PointsState, nowMs: number): Lot[] {
  return Object.values(s.lots)
    .filter((l) => l.remaining > 0 && Date.parse(l.expiresAt) > nowMs)
    .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.id.localeCompare(b.id));
}

export function balanceOf(s: PointsState, nowMs: number, soonMs = 30 * 86_400_000): { balance: number; expiringSoon: number; nextExpiryAt: string | null } {
  const lots = usableLots(s, nowMs);
  return {
    balance: lots.reduce((n, l) => n + l.remaining, 0),
    expiringSoon: lots.filter((l) => Date.parse(l.expiresAt) <= nowMs + soonMs).reduce((n, l) => n + l.remaining, 0),
    nextExpiryAt: lots[0]?.expiresAt ?? null,
  };
}

/** Midnight in China, `months` calendar months after `day` (the 31st rolls to the month's last day). */
export function expiryOf(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last)) - CHINA_OFFSET_MS).toISOString();
}

/** Points a completed order earns: its total at the shop's rate (basis points), rounded down. */
export function pointsEarned(totalFen: number, rateBp: number): number {
  return Math.floor((totalFen * rateBp) / 10_000);
}

export function decideIssue(s: PointsState, e: { eventId: string; orderId: string; merchantId: string; totalFen: number; rateBp: number; atMs: number; expiryMonths: number }): PointsFact | null {
  if (s.recent.includes(e.eventId) || s.issuedOrders.includes(e.orderId)) return null;
  const points = pointsEarned(e.totalFen, e.rateBp);
  if (points <= 0) return null;
  const issuedOn = chinaDay(e.atMs);
  return { kind: 'ISSUED', eventId: e.eventId, orderId: e.orderId, merchantId: e.merchantId, lotId: `${e.merchantId}:${issuedOn}`, issuedOn, expiresAt: expiryOf(issuedOn, e.expiryMonths), points, at: new Date(e.atMs).toISOString() };
}

export type RedeemProblem = { code: 'INSUFFICIENT_POINTS' | 'POINTS_EXCEED_TOTAL' | 'INVALID_POINTS'; message: string };

/**
 * A checkout's redemption: the lots expiring first, spread over its shop orders by their totals (the
 * one allocation function), each order taking the next lots in that order. The same checkout asked
 * again gets what it got the first time.
 */
export function decideRedeem(s: PointsState, r: { checkoutId: string; points: number; orders: { orderId: string; merchantId: string; totalFen: number }[]; nowMs: number }): { fact: PointsFact | null; orders: OrderRedemption[] } | RedeemProblem {
  const done = s.redemptions[r.checkoutId];
  if (done) return { fact: null, orders: done.orders };
  if (!Number.isSafeInteger(r.points) || r.points <= 0 || r.orders.length === 0) return { code: 'INVALID_POINTS', message: 'redeem a positive whole number of points' };
  const total = r.orders.reduce((n, o) => n + o.totalFen, 0);
  if (r.points > total) return { code: 'POINTS_EXCEED_TOTAL', message: `at most ${total} points (the checkout's total) can be redeemed` };
  const lots = usableLots(s, r.nowMs);
  const available = lots.reduce((n, l) => n + l.remaining, 0);
  if (r.points > available) return { code: 'INSUFFICIENT_POINTS', message: `only ${available} points are available` };
  const shares = allocate(r.points, r.orders.map((o) => o.totalFen));
  const left = lots.map((l) => ({ ...l }));
  let cursor = 0;
  const orders = r.orders.map((o, i) => {
    let need = shares[i]!;
    const takes: LotTake[] = [];
    while (need > 0) {
      const lot = left[cursor]!;
      const take = Math.min(need, lot.remaining);
      if (take > 0) takes.push({ lotId: lot.id, merchantId: lot.merchantId, expiresAt: lot.expiresAt, points: take });
      lot.remaining -= take;
      need -= take;
      if (lot.remaining === 0) cursor += 1;
    }
    return { orderId: o.orderId, merchantId: o.merchantId, totalFen: o.totalFen, points: shares[i]!, lots: takes, returned: 0 };
  });
  return { fact: { kind: 'REDEEMED', checkoutId: r.checkoutId, points: r.points, orders, at: new Date(r.nowMs).toISOString() }, orders };
}

/**
 * Points an order gives back once `refundedFen` of its total has been refunded (all of them when it
 * is cancelled or the checkout failed): in proportion, cumulatively, from the lots it took last first.
 */
export function decideReturn(s: PointsState, r: { eventId: string; checkoutId: string; orderId: string; refundedFen: number | 'ALL'; atMs: number }): PointsFact | null {
  if (s.recent.includes(r.eventId)) return null;
  const order = s.redemptions[r.checkoutId]?.orders.find((o) => o.orderId === r.orderId);
  if (!order) return null;
  const target = r.refundedFen === 'ALL' || r.refundedFen >= order.totalFen - order.points ? order.points : allocate(order.points, [r.refundedFen, order.totalFen - order.points - r.refundedFen])[0]!;
  let give = target - order.returned;
  if (give <= 0) return null;
  // The lots still held by the order: what it took minus what earlier returns gave back (last first).
  let alreadyBack = order.returned;
  const held = [...order.lots].reverse().map((t) => {
    const back = Math.min(alreadyBack, t.points);
    alreadyBack -= back;
    return { ...t, points: t.points - back };
  });
  const lots: LotTake[] = [];
  for (const t of held) {
    if (give === 0) break;
    const take = Math.min(give, t.points);
    if (take > 0) lots.push({ ...t, points: take });
    give -= take;
  }
  const points = lots.reduce((n, t) => n + t.points, 0);
  return { kind: 'RETURNED', eventId: r.eventId, checkoutId: r.checkoutId, orderId: r.orderId, lots, points, at: new Date(r.atMs).toISOString() };
}

/** Lots past their expiry that still hold points: each expires whole. */
export function expiredLots(s: PointsState, nowMs: number): Lot[] {
  return Object.values(s.lots).filter((l) => l.remaining > 0 && Date.parse(l.expiresAt) <= nowMs);
}
