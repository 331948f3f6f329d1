import { createHash } from 'node:crypto';
import type { StoreCollection } from '@alliance/store';
import type { EventBus } from '@alliance/events';
import { insertOnce } from '@alliance/store';
import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { conditionsHold, quoteDiscounts } from '../pricing/quote.rules.js';
import type { CouponRepository } from '../coupon/coupon.repository.js';
import { couponStatus, pickCoupon } from '../coupon/coupon.rules.js';
import type { GroupRepository } from '../groupbuy/group.repository.js';
import { GROUP_WINDOW_MS, joinRefusal } from '../groupbuy/group.rules.js';
import { costByOrder } from '../pricing/cost-split.rules.js';
import type { AppliedPromotion, Candidate, QuoteLine, QuoteResult } from '../pricing/pricing.types.js';

export interface ShopDiscount {
  merchantId: string;
  amountFen: number;
  funders: { merchantId: string; costFen: number }[];
}
export type AppliedDiscount = AppliedPromotion & { byShop: ShopDiscount[] };
/** The quote with each promotion's part of every shop's order. */
export type Discounts = Omit<QuoteResult, 'applied'> & {
  applied: AppliedDiscount[];
  /** Promotions the shopper asked for that cannot apply (a full or expired group). */
  refusals: { promotionId: string; code: string }[];
  /** The group this checkout is in, once reserved. */
  groupBuy: { promotionId: string; groupId: string } | null;
};
import type { PromotionState } from '../promotion/promotion.rules.js';
import type { LivePromotions } from './live-promotions.js';
import { headroom, unitsLeft } from './usage.rules.js';
import { usageTerms, type UsageRepository } from './usage.repository.js';

export interface DiscountRequest {
  lines: QuoteLine[];
  memberId?: string | null;
  firstOrder: boolean;
  neighborhood?: string | null;
  /** The group-buy this checkout opens (no groupId) or joins. */
  groupBuy?: { promotionId: string; groupId?: string | null } | null;
}

/** What a checkout reserved: the discounts it was priced with, and what to give back if it is abandoned. */
interface ReservationDoc {
  _id: string;
  allianceId: string;
  checkoutId: string;
  requestHash: string;
  memberId: string | null;
  state: 'RESERVING' | 'RESERVED' | 'RELEASED';
  /** The discounts as quoted when the checkout began. */
  planned: Discounts;
  /** What was reserved (planned minus what a concurrent checkout took first). */
  result?: Discounts;
  /** promotion id → the coupon this checkout used for it. */
  coupons?: Record<string, string>;
  /** promotion id → the presale units this checkout took. */
  units?: Record<string, number>;
  /** promotion id → the usage shard holding this checkout's redemption (absent: 0). */
  shards?: Record<string, number>;
  claimedAt: number;
}

export const MAX_DISCOUNT_LINES = 100;
const EMPTY: Discounts = { lines: [], totalDiscountFen: 0, applied: [], refusals: [], groupBuy: null };
/** A reservation still RESERVING this long after it began is presumed cut off by a crash. */
const RESERVE_LEASE_MS = 30_000;

/**
 * The service commands checkout calls: the discounts the live promotions give priced lines, and the
 * reservation of those redemptions by checkout id. Callable by service accounts only; the tenant is
 * the signed request's.
 */
/** The community groups a member (by subject) is in, from the member pool; [] when it cannot say. */
export type MemberGroups = (allianceId: string, memberSubject: string) => Promise<string[]>;

export class DiscountService {
  constructor(
    private readonly request: RequestContext,
    private readonly live: LivePromotions,
    private readonly usage: UsageRepository,
    private readonly reservations: StoreCollection,
    private readonly coupons: CouponRepository,
    private readonly groups: GroupRepository,
    private readonly costEvents: Pick<EventBus, 'publish'>,
    private readonly now: () => Date,
    private readonly memberGroups: MemberGroups = async () => [],
  ) {}

  private requireService(): void {
    if (!this.request.principal?.service) throw DomainError.forbidden('A service command: service accounts only');
  }

  async discounts(req: DiscountRequest): Promise<Discounts> {
    this.requireService();
    checkLines(req.lines);
    const promotions = await this.live.live(this.request.allianceId);
    return this.price(req, promotions);
  }

  private async price(req: DiscountRequest, promotions: readonly PromotionState[]): Promise<Discounts> {
    const memberId = req.memberId ?? null;
    const nowMs = this.now().getTime();
    const refusals: Discounts['refusals'] = [];
    // Joining a group: only while it has room and time (the reservation decides for good).
    let groupBuyPromotionId = req.groupBuy?.promotionId ?? null;
    if (groupBuyPromotionId && req.groupBuy?.groupId) {
      const group = await this.groups.get(this.request.allianceId, req.groupBuy.groupId);
      const refusal = group && group.promotionId !== groupBuyPromotionId ? 'UNKNOWN_GROUP' : joinRefusal(group, memberId ?? '', '', nowMs);
      if (refusal) {
        refusals.push({ promotionId: groupBuyPromotionId, code: refusal });
        groupBuyPromotionId = null;
      }
    }
    const base = { nowMs, firstOrder: req.firstOrder, neighborhood: req.neighborhood ?? null, groupBuyPromotionId };
    // Only promotions whose conditions hold on this cart cost any read. A coupon promotion is assumed
    // held until the wallet (read only then) says otherwise.
    const couponIds = promotions.filter((p) => p.terms.kind === 'CROSS_STORE_COUPON').map((p) => p.id);
    let relevant = promotions.filter((p) => conditionsHold(p.terms, req.lines, { ...base, couponPromotionIds: couponIds }));
    const couponPromotionIds =
      memberId && relevant.some((p) => p.terms.kind === 'CROSS_STORE_COUPON')
        ? [...new Set((await this.coupons.wallet(this.request.allianceId, memberId)).filter((c) => couponStatus(c, nowMs) === 'AVAILABLE').map((c) => c.promotionId))]
        : [];
    relevant = relevant.filter((p) => p.terms.kind !== 'CROSS_STORE_COUPON' || couponPromotionIds.includes(p.id));
    // Group-only offers: the member's groups are asked for only when such an offer would apply.
    const groupOnly = relevant.some((p) => (p.terms.communityGroups?.length ?? 0) > 0);
    const memberGroups = groupOnly ? (memberId ? await this.memberGroups(this.request.allianceId, memberId) : []) : undefined;
    if (memberGroups) relevant = relevant.filter((p) => !p.terms.communityGroups?.length || memberGroups.some((g) => p.terms.communityGroups!.includes(g)));
    const priced = await Promise.all(
      relevant.map(async (p): Promise<Candidate | null> => {
        // A promotion without limits, budget or caps needs no usage to price with.
        if (!hasLimits(p)) return { terms: p.terms, headroom: { redemptionsLeft: null, budgetLeftFen: null, funderCostLeftFen: {} } };
        const [use, count] = await Promise.all([
          this.usage.usageHint(this.request.allianceId, usageTerms(p)),
          p.limits.perMemberLimit != null && memberId ? this.usage.memberCount(this.request.allianceId, p.id, memberId) : Promise.resolve(null),
        ]);
        const presale = p.terms.kind === 'PRESALE';
        if (presale) {
          // A presale's quantity is counted in units: a cart wanting more than is left is told so.
          const wanted = presaleUnits(p, req.lines);
          const left = unitsLeft(p.limits, use);
          if (wanted > 0 && left !== null && wanted > left) {
            refusals.push({ promotionId: p.id, code: 'PRESALE_SOLD_OUT' });
            return null;
          }
        }
        return { terms: p.terms, headroom: headroom(p.limits, p.terms.funding, use, count, presale) };
      }),
    );
    const candidates = priced.filter((c): c is Candidate => c !== null);
    const quoted = quoteDiscounts(req.lines, candidates, { ...base, couponPromotionIds, ...(memberGroups ? { memberGroups } : {}) });
    return { ...withShops(quoted, req.lines), refusals };
  }

  /**
   * Prices the lines and reserves every applied promotion's redemption for this checkout. A promotion
   * that a concurrent checkout exhausted between the quote and the reservation is left out (the
   * others keep their amounts, which never exceed what the lines carry). Replays return the first result.
   */
  async reserve(checkoutId: string, req: DiscountRequest): Promise<Discounts> {
    this.requireService();
    checkLines(req.lines);
    if (!/^[A-Za-z0-9-]{1,80}$/.test(checkoutId)) throw DomainError.badInput('checkoutId must be 1–80 of A-Z a-z 0-9 -', 'checkoutId');
    const allianceId = this.request.allianceId;
    const key = `${allianceId}:${checkoutId}`;
    const requestHash = hashOf(req);
    const existing = (await this.reservations.findOne({ _id: key as never })) as ReservationDoc | null;
    let doc: ReservationDoc;
    let resume = false;
    if (existing) {
      if (existing.requestHash !== requestHash) throw DomainError.badInput('This checkout already reserved discounts for other lines', 'request');
      if (existing.state !== 'RESERVING') return existing.state === 'RESERVED' ? existing.result! : EMPTY;
      if (Date.now() - existing.claimedAt < RESERVE_LEASE_MS) throw DomainError.badInput('This checkout is reserving its discounts right now', 'checkoutId');
      doc = existing;
      resume = true;
    } else {
      const planned = await this.price(req, await this.live.live(allianceId));
      const claim = await insertOnce<Omit<ReservationDoc, '_id'>>(this.reservations, key, { allianceId, checkoutId, requestHash, memberId: req.memberId ?? null, state: 'RESERVING', planned, claimedAt: Date.now() });
      if (!claim.inserted) return this.reserve(checkoutId, req);
      doc = claim.doc as ReservationDoc;
    }
    const at = this.now().toISOString();
    const byId = new Map((await this.live.live(allianceId)).map((p) => [p.id, p]));
    const kept: AppliedDiscount[] = [];
    const coupons: Record<string, string> = {};
    const units: Record<string, number> = {};
    const shards: Record<string, number> = {};
    const refusals: Discounts['refusals'] = [...doc.planned.refusals];
    let groupBuy: Discounts['groupBuy'] = null;
    const nowMs = this.now().getTime();
    for (const applied of doc.planned.applied) {
      const p = byId.get(applied.promotionId) ?? (await this.live.one(allianceId, applied.promotionId));
      if (!p) continue;
      // A coupon promotion takes one of the member's coupons first (the one this checkout already
      // holds, on a resume): two checkouts racing for one coupon cannot both have it.
      let couponId: string | null = null;
      if (p.terms.kind === 'CROSS_STORE_COUPON') {
        const wallet = doc.memberId ? await this.coupons.wallet(allianceId, doc.memberId) : [];
        const coupon = wallet.find((c) => c.promotionId === p.id && c.usedBy === checkoutId) ?? pickCoupon(wallet, p.id, nowMs);
        if (!coupon || (await this.coupons.redeem(allianceId, coupon.couponId, doc.memberId!, checkoutId, nowMs, at))) continue;
        couponId = coupon.couponId;
      }
      // A group-buy opens the shopper's own group or joins the one she names; a full or expired
      // group refuses her (the checkout then fails with that reason, not at the full price).
      if (p.terms.kind === 'GROUP_BUY') {
        const joined = await this.joinGroup(allianceId, p, req.groupBuy?.groupId ?? null, doc.memberId ?? '', checkoutId, nowMs, at);
        if ('refusal' in joined) {
          refusals.push({ promotionId: p.id, code: joined.refusal });
          continue;
        }
        groupBuy = { promotionId: p.id, groupId: joined.groupId };
      }
      const presale = p.terms.kind === 'PRESALE' ? presaleUnits(p, req.lines) : null;
      const { refusal: refused, shard } = await this.usage.reserve(allianceId, usageTerms(p), checkoutId, doc.memberId, applied.amountFen, applied.funders, at, resume, presale);
      if (refused === 'PRESALE_SOLD_OUT') refusals.push({ promotionId: p.id, code: refused });
      if (refused) {
        if (couponId) await this.coupons.restore(allianceId, couponId, checkoutId, at);
        if (groupBuy?.promotionId === p.id) {
          await this.groups.leave(allianceId, groupBuy.groupId, checkoutId, at);
          groupBuy = null;
        }
        continue;
      }
      kept.push(applied);
      if (shard) shards[p.id] = shard;
      if (presale !== null) units[p.id] = presale;
      if (couponId) {
        coupons[p.id] = couponId;
        await this.costEvents.publish({
          id: `${allianceId}:coupon:${couponId}:redeemed:${checkoutId}`,
          type: 'coupon.redeemed',
          allianceId,
          data: { allianceId, couponId, promotionId: p.id, memberSubject: doc.memberId!, checkoutId, at },
        });
      }
    }
    // Each funder's cost per shop order, for settlement; ids are deterministic, so a resumed
    // reservation republishes the same events.
    for (const applied of kept) {
      for (const shop of applied.byShop) {
        for (const f of shop.funders) {
          if (f.costFen <= 0) continue;
          await this.costEvents.publish({
            id: `${allianceId}:promotion-cost:${applied.promotionId}:${checkoutId}:${shop.merchantId}:${f.merchantId}:checkout`,
            type: 'promotion.cost_allocated',
            allianceId,
            data: { allianceId, promotionId: applied.promotionId, checkoutId, shopId: shop.merchantId, funderId: f.merchantId, kind: 'ALLOCATED', amountFen: f.costFen, cause: 'checkout', at },
          });
        }
      }
    }
    const result = { ...keepOnly(doc.planned, kept), refusals, groupBuy };
    await this.reservations.updateOne({ _id: key as never }, { $set: { state: 'RESERVED', result, coupons, units, shards } });
    return result;
  }

  /** Opens a group for this checkout or joins the named one; a fill is published (group_buy.filled). */
  private async joinGroup(allianceId: string, p: PromotionState, groupId: string | null, memberId: string, checkoutId: string, nowMs: number, at: string): Promise<{ groupId: string } | { refusal: string }> {
    const member = { memberId, checkoutId, at };
    let state;
    if (!groupId) {
      const id = `gb-${createHash('sha256').update(`${allianceId}\u0000${p.id}\u0000${checkoutId}`).digest('hex').slice(0, 16)}`;
      const deadline = new Date(Math.min(nowMs + GROUP_WINDOW_MS, p.terms.endsAt)).toISOString();
      state = await this.groups.open({ type: 'OPENED', groupId: id, allianceId, promotionId: p.id, size: p.terms.groupSize ?? 2, deadline, member });
    } else {
      const current = await this.groups.get(allianceId, groupId);
      if (!current || current.promotionId !== p.id) return { refusal: 'UNKNOWN_GROUP' };
      const r = await this.groups.join(allianceId, groupId, member, nowMs);
      if (r.refusal) return { refusal: r.refusal };
      state = r.state!;
    }
    if (state.status === 'FILLED') {
      await this.costEvents.publish({
        id: `${allianceId}:group:${state.groupId}:filled`,
        type: 'group_buy.filled',
        allianceId,
        data: { allianceId, groupId: state.groupId, promotionId: p.id, checkoutIds: state.members.map((m) => m.checkoutId), at: state.closedAt ?? at },
      });
    }
    return { groupId: state.groupId };
  }

  /** Gives back what a checkout reserved (it was abandoned before its orders were placed). */
  async release(checkoutId: string): Promise<boolean> {
    this.requireService();
    await this.giveBack(this.request.allianceId, checkoutId, null, () => 'all', 'release');
    return true;
  }

  /**
   * Gives back toward a target: `all` of each shop's part, or a cumulative target per funder computed
   * from that shop's cost. `shop` null: every shop of the checkout. A checkout that never reserved is
   * marked released, so a late reserve reserves nothing.
   */
  async giveBack(allianceId: string, checkoutId: string, shop: string | null, target: (cost: ShopDiscount) => 'all' | Record<string, number>, cause: string): Promise<number> {
    const key = `${allianceId}:${checkoutId}`;
    const claim = await insertOnce<Omit<ReservationDoc, '_id'>>(this.reservations, key, { allianceId, checkoutId, requestHash: '', memberId: null, state: 'RELEASED', planned: EMPTY, result: EMPTY, claimedAt: Date.now() });
    if (claim.inserted) return 0;
    const doc = claim.existing as unknown as ReservationDoc;
    // A reservation cut off by a crash (still RESERVING) got part of the way through its plan: only
    // what its usage streams show was reserved is given back.
    const cutOff = doc.state === 'RESERVING';
    const at = this.now().toISOString();
    let given = 0;
    for (const applied of (doc.result ?? doc.planned).applied) {
      const p = await this.live.one(allianceId, applied.promotionId);
      if (!p) continue;
      if (cutOff && !(await this.usage.hasReservation(allianceId, usageTerms(p), checkoutId))) continue;
      const targets: Record<string, Record<string, number>> = {};
      for (const cost of applied.byShop) {
        if (shop !== null && cost.merchantId !== shop) continue;
        const t = target(cost);
        targets[cost.merchantId] = t === 'all' ? Object.fromEntries(cost.funders.map((f) => [f.merchantId, f.costFen])) : t;
      }
      const facts = await this.usage.reverse(allianceId, usageTerms(p), checkoutId, doc.memberId, applied.byShop, targets, cause, at, doc.units?.[p.id] ?? 0, doc.shards?.[p.id] ?? 0);
      // All of the redemption is back (the checkout abandoned or wholly cancelled): so is its coupon.
      const couponId = doc.coupons?.[p.id];
      const whole = facts.some((f) => f.fact.returnsRedemption);
      if (couponId && whole) await this.coupons.restore(allianceId, couponId, checkoutId, at);
      const group = doc.result?.groupBuy;
      if (group?.promotionId === p.id && whole) await this.groups.leave(allianceId, group.groupId, checkoutId, at);
      for (const { version, fact } of facts) {
        for (const c of fact.cells) {
          await this.costEvents.publish({
            id: `${allianceId}:promotion-cost:${p.id}:${checkoutId}:${c.shop}:${c.funder}:r${version}`,
            type: 'promotion.cost_allocated',
            allianceId,
            data: { allianceId, promotionId: p.id, checkoutId, shopId: c.shop, funderId: c.funder, kind: 'REVERSED', amountFen: c.fen, cause: fact.cause, at: fact.at },
          });
        }
      }
      given += facts.filter((f) => f.fact.cause === cause).reduce((sum, f) => sum + f.fact.cells.reduce((s, c) => s + c.fen, 0), 0);
    }
    return given;
  }
}

/** Each applied promotion's part of every shop's order: checkout stores it on the orders, reversals start from it. */
function withShops(q: QuoteResult, lines: readonly QuoteLine[]): Discounts {
  const shopOf = new Map(lines.map((l) => [l.index, l.merchantId]));
  return {
    ...q,
    refusals: [],
    groupBuy: null,
    applied: q.applied.map((a) => {
      const cells = costByOrder(a, (i) => shopOf.get(i)!);
      const shops = [...new Set(a.lines.map((l) => shopOf.get(l.index)!))].sort();
      return {
        ...a,
        byShop: shops.map((merchantId) => ({
          merchantId,
          amountFen: a.lines.filter((l) => shopOf.get(l.index) === merchantId).reduce((s, l) => s + l.discountFen, 0),
          funders: cells.filter((c) => c.orderKey === merchantId).map((c) => ({ merchantId: c.merchantId, costFen: c.costFen })),
        })),
      };
    }),
  };
}

function hasLimits(p: PromotionState): boolean {
  const l = p.limits;
  return l.totalLimit != null || l.perMemberLimit != null || l.budgetFen != null || p.terms.funding.some((f) => f.capFen != null);
}

/** The units of a presale's products in these lines. */
function presaleUnits(p: PromotionState, lines: readonly QuoteLine[]): number {
  const products = new Set(p.terms.productIds ?? []);
  return lines.filter((l) => products.has(l.productId)).reduce((s, l) => s + l.quantity, 0);
}

function checkLines(lines: readonly QuoteLine[]): void {
  if (lines.length > MAX_DISCOUNT_LINES) throw DomainError.badInput(`at most ${MAX_DISCOUNT_LINES} lines`, 'request.lines');
  lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) throw DomainError.badInput('quantity must be a positive integer', `request.lines.${i}.quantity`);
    if (!Number.isSafeInteger(l.unitPriceFen) || l.unitPriceFen < 0) throw DomainError.badInput('unitPriceFen must be a non-negative integer', `request.lines.${i}.unitPriceFen`);
  });
}

function hashOf(req: DiscountRequest): string {
  const canonical = JSON.stringify([req.memberId ?? null, req.firstOrder, req.neighborhood ?? null, req.groupBuy?.promotionId ?? null, req.groupBuy?.groupId ?? null, req.lines.map((l) => [l.index, l.productId, l.merchantId, l.category, l.quantity, l.unitPriceFen])]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The plan without the promotions that could not be reserved: per-line sums recomputed from what is kept. */
function keepOnly(planned: Discounts, kept: AppliedDiscount[]): Discounts {
  if (kept.length === planned.applied.length) return planned;
  const perLine = new Map<number, number>(planned.lines.map((l) => [l.index, 0]));
  for (const a of kept) for (const l of a.lines) perLine.set(l.index, (perLine.get(l.index) ?? 0) + l.discountFen);
  const lines = planned.lines.map((l) => ({ index: l.index, discountFen: perLine.get(l.index) ?? 0 }));
  return { ...planned, lines, totalDiscountFen: kept.reduce((s, a) => s + a.amountFen, 0), applied: kept };
}
