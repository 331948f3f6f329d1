import { FenScalar } from '@alliance/money';
import type { Resolvers } from './generated/resolvers-types.js';

/**
 * Adapters only: GraphQL in, member-pool service calls, documents out. Typed from the SDL
 * (`npm run codegen`): a Member parent is the MemberDoc the service returns.
 */
export const resolvers: Resolvers = {
  Fen: FenScalar,
  Query: {
    me: (_, __, ctx) => ctx.members.me(),
    myConsents: (_, __, ctx) => ctx.consents.myConsents(),
    myConsentLog: (_, a, ctx) => ctx.consents.log(a.first),
    shopMembers: (_, a, ctx) => ctx.consents.shopMembers(a.merchantId, a.first, a.after, a.filter),
    pointsRate: (_, a, ctx) => ctx.points.rate(a.merchantId),
    shopMemberStats: (_, a, ctx) => ctx.stats.shop(a.merchantId),
    memberPoolStats: (_, __, ctx) => ctx.stats.pool(),
    groups: (_, a, ctx) => ctx.community.list(a.neighborhood),
    communityGroup: (_, a, ctx) => ctx.community.get(a.id),
    memberGroupIds: (_, a, ctx) => ctx.community.groupIdsOf(a.memberSubject),
  },
  Mutation: {
    setHomeNeighborhood: (_, a, ctx) => ctx.members.setHomeNeighborhood(a.neighborhood),
    followMerchant: (_, a, ctx) => ctx.members.follow(a.merchantId),
    unfollowMerchant: (_, a, ctx) => ctx.members.unfollow(a.merchantId),
    grantConsent: (_, a, ctx) => ctx.consents.grant(a.merchantId, a.purposes),
    revokeConsent: (_, a, ctx) => ctx.consents.revoke(a.merchantId, a.purposes),
    requestPhoneCode: (_, a, ctx) => ctx.identity.requestPhoneCode(a.phone),
    verifyPhone: (_, a, ctx) => ctx.identity.verifyPhone(a.phone, a.code),
    setBirthDate: (_, a, ctx) => ctx.identity.setBirthDate(a.birthDate),
    requestGuardianConsent: (_, a, ctx) => ctx.identity.requestGuardianConsent(a.guardianPhone),
    confirmGuardian: (_, a, ctx) => ctx.identity.confirmGuardian(a.memberId, a.code, a.guardianName),
    exportMyData: (_, __, ctx) => ctx.privacy.exportMyData(),
    eraseMe: (_, a, ctx) => ctx.privacy.eraseMe(a.confirm),
    setPointsRate: (_, a, ctx) => ctx.points.setRate(a.merchantId, a.rateBp),
    redeemPoints: (_, a, ctx) => ctx.points.redeem(a.checkoutId, a.memberSubject, a.points, a.orders),
    releasePoints: (_, a, ctx) => ctx.points.release(a.checkoutId, a.memberSubject),
    topUpStoredValue: (_, a, ctx) => ctx.storedValue.topUp(a.memberId, a.merchantId, a.amountFen, a.idempotencyKey),
    requestStoredValuePayback: (_, a, ctx) => ctx.storedValue.payBack(a.merchantId),
    payBackShopStoredValue: (_, a, ctx) => ctx.storedValue.payBackShop(a.merchantId),
    payWithStoredValue: (_, a, ctx) => ctx.storedValue.pay(a.checkoutId, a.memberSubject, a.merchantId, a.orders),
    releaseStoredValue: (_, a, ctx) => ctx.storedValue.release(a.checkoutId, a.memberSubject, a.merchantId),
    createGroup: (_, a, ctx) => ctx.community.create(a.input),
    joinGroup: (_, a, ctx) => ctx.community.setJoined(a.groupId, true),
    leaveGroup: (_, a, ctx) => ctx.community.setJoined(a.groupId, false),
    postToGroup: (_, a, ctx) => ctx.community.post(a.groupId, a.kind, a.text, a.promotionId),
  },
  Member: {
    __resolveReference: (ref, ctx) => ctx.members.visibleMember(ref.id),
    favoriteMerchants: async (m, _, ctx) => (await ctx.members.favoriteMerchantIds(m)).map((id) => ({ __typename: 'Merchant' as const, id })),
    phone: (m) => m.phone ?? null,
    birthDate: (m) => m.birthDate ?? null,
    guardian: (m, _, ctx) => ctx.identity.guardianOf(m),
    heldByMembers: (m, _, ctx) => ctx.privacy.heldByMembers(m),
    erasedAt: (m) => m.erasedAt?.toISOString() ?? null,
    points: (m, _, ctx) => ctx.points.of(m),
    level: (m, _, ctx) => ctx.levels.of(m),
    storedValue: (m, _, ctx) => ctx.storedValue.of(m),
    groups: (m, _, ctx) => ctx.community.of(m),
  },
  CommunityGroup: {
    memberCount: (g, _, ctx) => ctx.community.memberCount(g),
    joined: (g, _, ctx) => ctx.community.joined(g),
    shareUrl: (g, _, ctx) => ctx.community.shareUrl(g),
    posts: (g, a, ctx) => ctx.community.posts(g, a.first),
    mix: (g, _, ctx) => ctx.community.mix(g),
  },
  Merchant: {
    __resolveReference: (ref) => ({ id: ref.id }),
    isFavorite: (m, _, ctx) => ctx.members.isFavorite(m.id),
    myConsent: (m, _, ctx) => ctx.consents.shopConsent(m.id),
  },
};
