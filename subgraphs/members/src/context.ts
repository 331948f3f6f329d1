import { merchantsDirectory, now, serviceClientFromConfig, type RequestContext, type SubgraphResources } from '@alliance/runtime';
import type { MembersConfig } from './config.js';
import { MemberRepository } from './member/member.repository.js';
import { memberModel } from './member/member.model.js';
import { MemberService } from './member/member.service.js';
import { FavoriteRepository } from './favorite/favorite.repository.js';
import { ConsentRepository } from './consent/consent.repository.js';
import { ConsentService, PoolStatsService } from './consent/consent.service.js';
import { PoolStatsRepository } from './stats/pool-stats.repository.js';
import { OrderHistoryRepository } from './history/order-history.repository.js';
import { consumeOrderHistory } from './history/order-history-events.js';
import { IdentityRepository } from './identity/identity.repository.js';
import { IdentityService } from './identity/identity.service.js';
import { devSmsProvider, noSmsProvider } from './identity/sms-provider.js';
import { keycloakAdmin } from '@alliance/auth/keycloak-admin';
import { PrivacyService } from './privacy/privacy.service.js';
import { PointsRepository } from './points/points.repository.js';
import { PointsService } from './points/points.service.js';
import { consumePointsEvents } from './points/points-events.js';
import { PointsExpiry } from './points/points-expiry.js';
import { LevelService } from './level/level.service.js';
import { StoredValueRepository } from './stored-value/stored-value.repository.js';
import { StoredValueService } from './stored-value/stored-value.service.js';
import { consumeStoredValueRefunds } from './stored-value/stored-value-events.js';
import { CommunityRepository } from './community/community.repository.js';
import { CommunityService } from './community/community.service.js';

export interface MembersContext extends RequestContext {
  members: MemberService;
  identity: IdentityService;
  consents: ConsentService;
  privacy: PrivacyService;
  points: PointsService;
  levels: LevelService;
  storedValue: StoredValueService;
  community: CommunityService;
  stats: PoolStatsService;
}

/** Start-up: repositories, the shop directory, the order-history consumer; then the per-request services. */
export const contextFactory = (cfg: MembersConfig) => async ({ connection: conn, events, logger, onStop }: SubgraphResources) => {
  const members = memberModel(conn);
  const favoriteRepo = new FavoriteRepository(conn);
  const consentRepo = new ConsentRepository(conn);
  const historyRepo = new OrderHistoryRepository(conn);
  const identityRepo = new IdentityRepository(conn);
  const sms = cfg.SMS_PROVIDER === 'dev' ? devSmsProvider(logger.child({ component: 'sms' }), cfg.DEV_SMS_FILE) : noSmsProvider();
  const client = serviceClientFromConfig(cfg, { merchants: cfg.MERCHANTS_URL });
  const directory = merchantsDirectory(client, logger);
  const accounts = keycloakAdmin({ keycloakUrl: cfg.KEYCLOAK_INTERNAL_URL ?? cfg.KEYCLOAK_URL, realm: cfg.KEYCLOAK_REALM, client, logger });
  const pointsRepo = new PointsRepository(conn);
  const balances = new StoredValueRepository(conn);
  const communityRepo = new CommunityRepository(conn);
  const statsRepo = new PoolStatsRepository(conn);
  // Per request: the alliance's group directory is read once for a page of members, not once a row.
  const interestsOf = (allianceId: string) => {
    let directory: ReturnType<CommunityRepository['groups']> | undefined;
    return async (memberId: string) => {
      const [mine, all] = await Promise.all([communityRepo.groupsOf(allianceId, memberId), (directory ??= communityRepo.groups(allianceId))]);
      return [...new Set(all.filter((g) => mine.includes(g.id)).map((g) => g.interest))];
    };
  };
  if (cfg.CONSUME_EVENTS) {
    await consumeOrderHistory(events, historyRepo, logger.child({ component: 'order-history' }));
    await consumeStoredValueRefunds(events, balances);
    await consumePointsEvents(events, pointsRepo, { defaultRateBp: cfg.POINTS_DEFAULT_RATE_BP, expiryMonths: cfg.POINTS_EXPIRY_MONTHS }, logger.child({ component: 'points' }));
    const expiry = new PointsExpiry(pointsRepo, events, now, cfg.POINTS_EXPIRY_INTERVAL_MS, logger.child({ component: 'points-expiry' })).start();
    onStop(() => expiry.stop());
  }
  return (request: RequestContext): MembersContext => {
    const memberRepo = new MemberRepository(members, request.allianceId);
    const memberService = new MemberService(request, memberRepo, favoriteRepo, (allianceId) => statsRepo.add(allianceId, [{ members: 1 }]));
    const identity = new IdentityService(request, memberService, memberRepo, identityRepo, sms, now, cfg.PORTAL_URL);
    const storedValue = new StoredValueService(request, memberService, memberRepo, balances, events, now);
    const consents = new ConsentService(request, memberService, memberRepo, consentRepo, historyRepo, identity, directory, events, now, statsRepo, interestsOf(request.allianceId));
    return {
      ...request,
      members: memberService,
      identity,
      consents,
      points: new PointsService(request, pointsRepo, events, cfg.POINTS_DEFAULT_RATE_BP, now),
      levels: new LevelService(request, historyRepo, now),
      storedValue,
      stats: new PoolStatsService(request, statsRepo, async () => (await communityRepo.groups(request.allianceId)).length),
      community: new CommunityService(request, memberService, communityRepo, cfg.PORTAL_URL, now),
      privacy: new PrivacyService(request, memberService, memberRepo, consentRepo, consents, historyRepo, favoriteRepo, identityRepo, identity, accounts, storedValue, events, now),
    };
  };
};
