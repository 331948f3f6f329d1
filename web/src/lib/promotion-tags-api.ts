/**
 * Promotion tags (满减, 跨店券, 拼团…) of the products on a page (server-only). Asked apart from the
 * catalogue on purpose: the tags are decoration, and the storefront must still show when the promotions
 * subgraph does not answer.
 */
import { getAccessToken } from './auth';
import { gql } from './gateway';
import type { PortalProductTagsQuery, PortalStorefrontTagsQuery, StorefrontFilter } from './generated/operations';

const TAG_VIEW = /* GraphQL */ `
  fragment PromotionTagView on PromotionTag { kind label summary promotionId }
`;

const STOREFRONT_TAGS = /* GraphQL */ `
  query PortalStorefrontTags($first: Int!, $after: String, $filter: StorefrontFilter) {
    storefront(first: $first, after: $after, filter: $filter) { edges { node { id promotionTags { ...PromotionTagView } } } }
  }
  ${TAG_VIEW}
`;

const PRODUCT_TAGS = /* GraphQL */ `
  query PortalProductTags($id: ID!) { product(id: $id) { id promotionTags { ...PromotionTagView } } }
  ${TAG_VIEW}
`;

export type PromotionTagView = NonNullable<PortalProductTagsQuery['product']>['promotionTags'][number];
export type TagsByProduct = ReadonlyMap<string, readonly PromotionTagView[]>;

/** The tags of one storefront page (the same page arguments as the storefront query); empty on failure. */
export async function getStorefrontTags(first: number, after: string | null, filter: StorefrontFilter): Promise<TagsByProduct> {
  try {
    const token = await getAccessToken();
    const data = await gql<PortalStorefrontTagsQuery>(STOREFRONT_TAGS, { first, after, filter }, { token });
    return new Map(data.storefront.edges.map((e) => [e.node.id, e.node.promotionTags]));
  } catch {
    return new Map();
  }
}

export async function getProductTags(id: string): Promise<readonly PromotionTagView[]> {
  try {
    const token = await getAccessToken();
    return (await gql<PortalProductTagsQuery>(PRODUCT_TAGS, { id }, { token })).product?.promotionTags ?? [];
  } catch {
    return [];
  }
}
