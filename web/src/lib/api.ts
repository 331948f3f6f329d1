/** The portal's gateway queries (server-only). */
import { cache } from 'react';
import { getAccessToken } from './auth';
import { GatewayError, errorCode, gql } from './gateway';
import type {
  Category,
  MemberProfile,
  MemberSummary,
  MerchantSummary,
  Product,
  ProductConnection,
  StorefrontFilter,
} from './types';

export const PAGE_SIZE = 24;

const MERCHANT_SUMMARY = 'id name kind neighborhood badge';

const STOREFRONT_QUERY = /* GraphQL */ `
  query PortalStorefront($first: Int!, $after: String, $filter: StorefrontFilter, $neighborhood: String) {
    storefront(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        cursor
        node { id name unit stock category price { amountFen currency } merchant { ${MERCHANT_SUMMARY} } }
      }
      pageInfo { hasNextPage endCursor }
    }
    merchants(neighborhood: $neighborhood) { ${MERCHANT_SUMMARY} }
    categories { code name nameEn productCount }
    neighborhoods
  }
`;

export interface StorefrontData {
  storefront: ProductConnection;
  merchants: MerchantSummary[];
  categories: Category[];
  neighborhoods: string[];
}

export async function getStorefront(filter: StorefrontFilter, after: string | undefined): Promise<StorefrontData> {
  const token = await getAccessToken();
  return gql<StorefrontData>(
    STOREFRONT_QUERY,
    { first: PAGE_SIZE, after: after ?? null, filter, neighborhood: filter.neighborhood ?? null },
    { token },
  );
}

const PRODUCT_QUERY = /* GraphQL */ `
  query PortalProduct($id: ID!) {
    product(id: $id) {
      id name description unit stock category price { amountFen currency }
      merchant { ${MERCHANT_SUMMARY} address description }
    }
    categories { code name nameEn productCount }
  }
`;

export async function getProduct(id: string): Promise<{ product: Product | null; categories: Category[] }> {
  const token = await getAccessToken();
  return gql(PRODUCT_QUERY, { id }, { token });
}

export async function getCategories(): Promise<Category[]> {
  const token = await getAccessToken();
  const data = await gql<{ categories: Category[] }>('query PortalCategories { categories { code name nameEn productCount } }', {}, { token });
  return data.categories;
}

export type MeResult =
  | { status: 'anonymous' }
  | { status: 'member'; member: MemberSummary }
  | { status: 'error'; code: string };

/** The logged-in member (once per request); never throws. */
export const getMe = cache(async (): Promise<MeResult> => {
  const token = await getAccessToken();
  if (!token) return { status: 'anonymous' };
  try {
    const data = await gql<{ me: MemberSummary }>('query PortalMe { me { id displayName username } }', {}, { token });
    return { status: 'member', member: data.me };
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'UNAUTHENTICATED') return { status: 'anonymous' };
    return { status: 'error', code: errorCode(err) };
  }
});

export async function getMemberProfile(): Promise<MemberProfile> {
  const token = await getAccessToken();
  const data = await gql<{ me: MemberProfile }>(
    `query PortalMemberProfile { me { id displayName username favoriteMerchants { ${MERCHANT_SUMMARY} } } }`,
    {},
    { token },
  );
  return data.me;
}
