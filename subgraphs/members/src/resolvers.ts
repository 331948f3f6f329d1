import type { MembersContext as Ctx } from './context.js';
import type { MemberDoc } from './member/member.model.js';

/** Adapters only: GraphQL in, member service calls, documents out. */
export const resolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: Ctx) => ctx.members.me(),
  },
  Mutation: {
    followMerchant: (_: unknown, a: { merchantId: string }, ctx: Ctx) => ctx.members.follow(a.merchantId),
    unfollowMerchant: (_: unknown, a: { merchantId: string }, ctx: Ctx) => ctx.members.unfollow(a.merchantId),
  },
  Member: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.members.visibleMember(ref.id),
    id: (m: MemberDoc) => m._id,
    favoriteMerchants: async (m: MemberDoc, _: unknown, ctx: Ctx) =>
      (await ctx.members.favoriteMerchantIds(m)).map((id) => ({ __typename: 'Merchant', id })),
  },
  Merchant: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    isFavorite: (m: { id: string }, _: unknown, ctx: Ctx) => ctx.members.followsMerchant.load(m.id),
  },
};
