/** The portal's gateway queries (server-only). Their result types are generated: `npm run codegen`. */
import { cache } from 'react';
import { getAccessToken } from './auth';
import { GatewayError, errorCode, gql } from './gateway';
import type {
  PortalCategoriesQuery,
  PortalMeQuery,
  PortalMemberProfileQuery,
  PortalProductQuery,
  PortalProductQueryVariables,
  PortalStorefrontQuery,
  PortalStorefrontQueryVariables,
} from './generated/operations';
import type { Category, MemberProfile, MemberSummary, MerchantSummary, StorefrontFilter } from './types';

export const PAGE_SIZE = 24;

// Fragments are appended to each operation that spreads them, once each.
const MERCHANT_SUMMARY = /* GraphQL */ `
  fragment MerchantSummary on Merchant { id name kind neighborhood badge }
`;

// The cover photo is images[0]; a card needs no more than its sizes (no renditions list).
const PRODUCT_SUMMARY = /* GraphQL */ `
  fragment ProductSummary on Product { id name unit stock category price { amountFen currency } memberPrice { amountFen } images { id url width height srcset } merchant { ...MerchantSummary } }
`;

const CATEGORY_FIELDS = /* GraphQL */ `
  fragment CategoryFields on Category { code name nameEn productCount }
`;

const STOREFRONT_QUERY = /* GraphQL */ `
  query PortalStorefront($first: Int!, $after: String, $filter: StorefrontFilter, $neighborhood: String) {
    storefront(first: $first, after: $after, filter: $filter) {
      totalCount
      edges { cursor node { ...ProductSummary } }
      pageInfo { hasNextPage endCursor }
    }
    merchants(neighborhood: $neighborhood) { ...MerchantSummary }
    categories { ...CategoryFields }
    neighborhoods
  }
  ${PRODUCT_SUMMARY}
  ${MERCHANT_SUMMARY}
  ${CATEGORY_FIELDS}
`;

export type StorefrontData = PortalStorefrontQuery;

export async function getStorefront(filter: StorefrontFilter, after: string | undefined): Promise<StorefrontData> {
  const token = await getAccessToken();
  const variables: PortalStorefrontQueryVariables = { first: PAGE_SIZE, after: after ?? null, filter, neighborhood: filter.neighborhood ?? null };
  return gql<PortalStorefrontQuery>(STOREFRONT_QUERY, variables, { token });
}

const PRODUCT_QUERY = /* GraphQL */ `
  query PortalProduct($id: ID!) {
    product(id: $id) {
      id name description unit stock category price { amountFen currency } memberPrice { amountFen }
      specs { id name stock price { amountFen currency } memberPrice { amountFen } }
      images { id url width height srcset }
      merchant { ...MerchantSummary address description }
    }
    categories { ...CategoryFields }
  }
  ${MERCHANT_SUMMARY}
  ${CATEGORY_FIELDS}
`;

export async function getProduct(id: string): Promise<PortalProductQuery> {
  const token = await getAccessToken();
  const variables: PortalProductQueryVariables = { id };
  return gql<PortalProductQuery>(PRODUCT_QUERY, variables, { token });
}

const CATEGORIES_QUERY = /* GraphQL */ `
  query PortalCategories { categories { ...CategoryFields } }
  ${CATEGORY_FIELDS}
`;

export async function getCategories(): Promise<Category[]> {
  const token = await getAccessToken();
  const data = await gql<PortalCategoriesQuery>(CATEGORIES_QUERY, {}, { token });
  return data.categories;
}

const ME_QUERY = /* GraphQL */ `
  query PortalMe { me { id displayName username } }
`;

export type MeResult =
  | { status: 'anonymous' }
  | { status: 'member'; member: MemberSummary }
  | { status: 'error'; code: string };

/** The logged-in member (once per request); never throws. */
export const getMe = cache(async (): Promise<MeResult> => {
  const token = await getAccessToken();
  if (!token) return { status: 'anonymous' };
  try {
    const data = await gql<PortalMeQuery>(ME_QUERY, {}, { token });
    return { status: 'member', member: data.me };
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'UNAUTHENTICATED') return { status: 'anonymous' };
    return { status: 'error', code: errorCode(err) };
  }
});

const MEMBER_PROFILE_QUERY = /* GraphQL */ `
  query PortalMemberProfile { me { id displayName username favoriteMerchants { ...MerchantSummary } } }
  ${MERCHANT_SUMMARY}
`;

export async function getMemberProfile(): Promise<MemberProfile> {
  const token = await getAccessToken();
  const data = await gql<PortalMemberProfileQuery>(MEMBER_PROFILE_QUERY, {}, { token });
  // The schema allows a null entry (a followed shop that left the alliance); the page lists shops only.
  const favoriteMerchants = data.me.favoriteMerchants.filter((m): m is MerchantSummary => m !== null);
  return { ...data.me, favoriteMerchants };
}
