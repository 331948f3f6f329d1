import type { Resolvers } from './generated/resolvers-types.js';

/**
 * Adapters only: GraphQL in, member service calls, documents out. Typed from the SDL
 * (`npm run codegen`): a Member parent is the MemberDoc the service returns.
 */
export const resolvers: Resolvers = {
  Query: {
    me: (_, __, ctx) => ctx.members.me(),
  },
  Mutation: {
    setHomeNeighborhood: (_, a, ctx) => ctx.members.setHomeNeighborhood(a.neighborhood),
    followMerchant: (_, a, ctx) => ctx.members.follow(a.merchantId),
    unfollowMerchant: (_, a, ctx) => ctx.members.unfollow(a.merchantId),
  },
  Member: {
    __resolveReference: (ref, ctx) => ctx.members.visibleMember(ref.id),
    favoriteMerchants: async (m, _, ctx) => (await ctx.members.favoriteMerchantIds(m)).map((id) => ({ __typename: 'Merchant' as const, id })),
  },
  Merchant: {
    __resolveReference: (ref) => ({ id: ref.id }),
    isFavorite: (m, _, ctx) => ctx.members.isFavorite(m.id),
  },
};
