import { merchantsDirectory, now, serviceClientFromConfig, type RequestContext, type SubgraphResources } from '@alliance/runtime';
import { PromotionRepository } from './promotion/promotion.repository.js';
import { memberGroupsFrom } from './redemption/member-groups.js';
import { PolicyRepository } from './promotion/policy.repository.js';
import { PromotionService } from './promotion/promotion.service.js';
import { UsageRepository } from './redemption/usage.repository.js';
import { LivePromotions } from './redemption/live-promotions.js';
import { DiscountService } from './redemption/discount.service.js';
import { consumeOrderReversals } from './redemption/order-reversals.js';
import { CouponRepository } from './coupon/coupon.repository.js';
import { CouponService } from './coupon/coupon.service.js';
import { consumeCompletedOrders } from './coupon/coupon-issuer.js';
import { GroupRepository } from './groupbuy/group.repository.js';
import { GroupExpiry } from './groupbuy/group-expiry.js';
import { GroupService } from './groupbuy/group.service.js';
import { ScheduleEnds } from './promotion/schedule-ends.js';
import type { PromotionsConfig } from './config.js';
import type { PromotionState } from './promotion/promotion.rules.js';

export interface PromotionsContext extends RequestContext {
  promotions: PromotionService;
  discounts: DiscountService;
  coupons: CouponService;
  groupBuys: GroupService;
  /** The alliance's live promotions, read once per request (product tags of a whole page share it). */
  livePromotions: () => Promise<PromotionState[]>;
}

export const contextFactory = (cfg: PromotionsConfig) => async ({ connection, events, logger, reportHealth, onStop }: SubgraphResources) => {
  const repo = new PromotionRepository(connection);
  const policies = new PolicyRepository(connection);
  const usage = new UsageRepository(connection);
  const live = new LivePromotions(repo, now);
  const reservations = connection.collection('promotion_reservations');
  const coupons = new CouponRepository(connection);
  const calls = serviceClientFromConfig(cfg, { merchants: cfg.MERCHANTS_URL, members: cfg.MEMBERS_URL });
  const directory = merchantsDirectory(calls, logger);
  const memberGroups = memberGroupsFrom(calls, logger);
  const groups = new GroupRepository(connection);
  const expiry = new GroupExpiry(groups, events, now, cfg.PROMOTION_SWEEP_INTERVAL_MS, logger).start();
  const ends = new ScheduleEnds(repo, events, now, cfg.PROMOTION_SWEEP_INTERVAL_MS, logger).start();
  onStop(() => Promise.all([expiry.stop(), ends.stop()]).then(() => undefined));
  reportHealth('promotions', () => ({ liveReloads: live.reloads }));
  // Events carry no caller: reversals act as the system, for the event's alliance.
  await consumeCompletedOrders(events, live, coupons);
  await consumeOrderReversals(events, (allianceId, requestId) => new DiscountService({ allianceId, principal: null, requestId }, live, usage, reservations, coupons, groups, events, now));
  return (request: RequestContext): PromotionsContext => {
    let current: Promise<PromotionState[]> | undefined;
    return {
    ...request,
    livePromotions: () => (current ??= live.live(request.allianceId)),
    coupons: new CouponService(request, coupons, live, now),
    groupBuys: new GroupService(request, groups, live),
    promotions: new PromotionService(request, repo, policies, usage, events, directory, now),
    discounts: new DiscountService(request, live, usage, reservations, coupons, groups, events, now, memberGroups),
    };
  };
};
