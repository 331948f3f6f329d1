import { promotionsExport } from './privacy/member-export.js';
import { FenScalar, money } from '@alliance/money';
import { now } from '@alliance/runtime';
import type { Resolvers } from './generated/resolvers-types.js';
import { effectiveStatus, isLive, summary } from './promotion/promotion.rules.js';
import { promotionTags } from './promotion/tags.rules.js';
import type { DiscountRequest } from './redemption/discount.service.js';

const merchantRef = (id: string) => ({ __typename: 'Merchant' as const, id });
const maybeMoney = (fen: number | null | undefined) => (fen == null ? null : money(fen));
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** Adapters only: GraphQL in, promotion and discount service calls, the workflow state out. */
export const resolvers: Resolvers = {
  Member: {
    __resolveReference: (ref) => ({ id: ref.id }),
    heldByPromotions: (m, _, ctx) => promotionsExport(ctx, m.id, ctx.coupons),
  },
  Fen: FenScalar,
  Query: {
    promotions: (_, a, ctx) => ctx.promotions.list(a.status),
    promotion: (_, a, ctx) => ctx.promotions.get(a.id),
    promotionPolicy: (_, __, ctx) => ctx.promotions.policy(),
    promotionPolicyVersions: (_, __, ctx) => ctx.promotions.policyVersions(),
    myCoupons: (_, a, ctx) => ctx.coupons.mine(a.status),
    groupBuy: (_, a, ctx) => ctx.groupBuys.get(a.id),
    openGroupBuys: (_, a, ctx) => ctx.groupBuys.open(a.promotionId),
    discounts: (_, a, ctx) => ctx.discounts.discounts(a.request as DiscountRequest),
  },
  Mutation: {
    proposePromotion: (_, a, ctx) => ctx.promotions.propose(a.input as Parameters<typeof ctx.promotions.propose>[0]),
    respondToPromotion: (_, a, ctx) => ctx.promotions.respond(a.id, a.accept, a.note, a.merchantId),
    approvePromotion: (_, a, ctx) => ctx.promotions.approve(a.id, a.approve, a.note),
    pausePromotion: (_, a, ctx) => ctx.promotions.pause(a.id),
    resumePromotion: (_, a, ctx) => ctx.promotions.resume(a.id),
    endPromotion: (_, a, ctx) => ctx.promotions.end(a.id),
    setPromotionPolicy: (_, a, ctx) => ctx.promotions.setPolicy(a.requireApproval, (a.effectiveFrom as string | null | undefined) ?? null),
    cancelPromotionPolicyVersion: (_, a, ctx) => ctx.promotions.cancelPolicyVersion(a.version),
    reserveDiscounts: (_, a, ctx) => ctx.discounts.reserve(a.checkoutId, a.request as DiscountRequest),
    releaseDiscounts: (_, a, ctx) => ctx.discounts.release(a.checkoutId),
  },
  PromotionPolicyVersion: {
    effectiveFrom: (v) => new Date(v.effectiveFrom).toISOString(),
    policy: (v) => v.values,
    inForce: (v) => v.status === 'IN_FORCE',
    scheduled: (v) => v.status === 'SCHEDULED',
    cancelled: (v) => v.status === 'CANCELLED',
    cancelledAt: (v) => v.cancelledAt ?? null,
    cancelledBy: (v) => v.cancelledBy ?? null,
  },
  GroupBuy: {
    __resolveReference: (ref, ctx) => ctx.groupBuys.get(ref.id),
    id: (g) => g.groupId,
    title: (g) => g.promotion?.terms.title ?? '拼团',
    summary: (g) => (g.promotion ? summary(g.promotion.terms) : '拼团'),
    productIds: (g) => g.promotion?.terms.productIds ?? [],
    joined: (g) => g.members.length,
    needed: (g) => (g.status === 'OPEN' ? Math.max(0, g.size - g.members.length) : 0),
    mine: (g, _, ctx) => !!ctx.principal && !ctx.principal.service && g.members.some((m) => m.memberId === ctx.principal!.subject),
  },
  Coupon: {
    id: (c) => c.couponId,
    title: (c) => c.promotion?.terms.title ?? '跨店券',
    summary: (c) => (c.promotion ? summary(c.promotion.terms) : '跨店券'),
    issuingShop: (c) => merchantRef(c.issuingShopId),
    shop: (c) => merchantRef(c.redeemShopId),
    discount: (c) => maybeMoney(c.promotion?.terms.discountFen),
    minSpend: (c) => maybeMoney(c.promotion?.terms.minSpendFen),
  },
  Product: {
    __resolveReference: (ref) => ref,
    promotionTags: async (p, _, ctx) => promotionTags({ id: p.id, category: p.category, merchantId: p.merchant.id }, await ctx.livePromotions()),
  },
  Promotion: {
    kind: (p) => p.terms.kind,
    title: (p) => p.terms.title,
    status: (p) => effectiveStatus(p, now().getTime()),
    live: (p) => isLive(p, now().getTime()),
    proposer: (p) => merchantRef(p.proposerId),
    partners: (p) => p.partners.map((x) => ({ ...x, merchant: merchantRef(x.merchantId) })),
    funding: (p) => p.terms.funding.map((f) => ({ merchant: merchantRef(f.merchantId), merchantId: f.merchantId, percent: f.percent ?? null, fixedFen: f.fixedFen ?? null, cap: maybeMoney(f.capFen) })),
    minSpend: (p) => maybeMoney(p.terms.minSpendFen),
    minShops: (p) => p.terms.minShops ?? null,
    discount: (p) => maybeMoney(p.terms.discountFen),
    percentOff: (p) => p.terms.percentOff ?? null,
    maxDiscount: (p) => maybeMoney(p.terms.maxDiscountFen),
    bundlePrice: (p) => maybeMoney(p.terms.bundlePriceFen),
    groupSize: (p) => p.terms.groupSize ?? null,
    pickupDate: (p) => iso(p.terms.pickupDate),
    productIds: (p) => p.terms.productIds ?? [],
    categories: (p) => p.terms.categories ?? [],
    neighborhoods: (p) => p.terms.neighborhoods ?? [],
    communityGroups: (p) => p.terms.communityGroups ?? [],
    stackGroup: (p) => p.terms.stackGroup ?? null,
    startsAt: (p) => iso(p.terms.startsAt),
    endsAt: (p) => iso(p.terms.endsAt),
    totalLimit: (p) => p.limits.totalLimit,
    perMemberLimit: (p) => p.limits.perMemberLimit,
    budget: (p) => maybeMoney(p.limits.budgetFen),
    summary: (p) => summary(p.terms),
    audit: (p) => p.audit,
    usage: async (p, _, ctx) => {
      const u = await ctx.promotions.usage(p);
      return {
        redemptions: u.redemptions,
        discountGiven: money(u.discountFen),
        budgetLeft: p.limits.budgetFen == null ? null : money(p.limits.budgetFen - u.discountFen),
        funders: p.terms.funding.map((f) => {
          const cost = u.funderCost[f.merchantId] ?? 0;
          return { merchant: merchantRef(f.merchantId), merchantId: f.merchantId, cost: money(cost), capLeft: f.capFen == null ? null : money(f.capFen - cost) };
        }),
      };
    },
  },
};
