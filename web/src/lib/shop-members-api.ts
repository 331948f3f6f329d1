/**
 * 会员 of a shop (server-only): the members who consented to it, with the consented fields only. The
 * members subgraph decides who consented to what and that the caller works for the shop; this is a thin call.
 */
import { SHOP_REF } from './fragments';
import { memberGql } from './member-gateway';
import type { PortalShopMembersQuery } from './generated/operations';
import type { MemberFilter } from './shop-members-view';

const SHOP_MEMBERS = /* GraphQL */ `
  query PortalShopMembers($merchantId: ID!, $first: Int, $after: String, $filter: ShopMemberFilter) {
    shopMembers(merchantId: $merchantId, first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node { id purposes since name phone neighborhood interests ordersElsewhere spendElsewhere marketing spendTier }
      }
      pageInfo { hasNextPage endCursor }
    }
    merchant(id: $merchantId) { ...ShopRef }
    shopMemberStats(merchantId: $merchantId) { profile orderHistory marketing }
  }
  ${SHOP_REF}
`;

export type ShopMembersPage = PortalShopMembersQuery['shopMembers'];
export type ShopMembersShop = PortalShopMembersQuery['merchant'];
export type ShopMemberView = ShopMembersPage['edges'][number]['node'];
/** How many consent to the shop now, per purpose (counts only). */
export type ShopMemberStatsView = PortalShopMembersQuery['shopMemberStats'];

/** One page (`first` ≤ 100: the gateway refuses larger lists), and the shop it is of. */
export async function getShopMembers(merchantId: string, filter: MemberFilter, first: number, after: string | null): Promise<{ page: ShopMembersPage; shop: ShopMembersShop; stats: ShopMemberStatsView }> {
  const f = { neighborhood: filter.neighborhood ?? undefined, spendTier: filter.spendTier ?? undefined, purpose: filter.purpose ?? undefined, interest: filter.interest ?? undefined };
  const hasFilter = Object.values(f).some((v) => v !== undefined);
  const data = await memberGql<PortalShopMembersQuery>(SHOP_MEMBERS, { merchantId, first: Math.min(first, 100), after, filter: hasFilter ? f : null });
  return { page: data.shopMembers, shop: data.merchant, stats: data.shopMemberStats };
}
