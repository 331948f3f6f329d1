/** The member's server cart and the guest cart's product lookups (server-only). */
import { cache } from 'react';
import { getAccessToken } from './auth';
import { GatewayError, gql } from './gateway';
import { memberGql } from './member-gateway';
import { CART_LINE_VIEW, CART_VIEW, SHOP_REF } from './fragments';
import type { GuestLine } from './guest-cart';
import { toCartLineInputs } from './guest-cart';
import type {
  CartLineInput,
  PortalAddToCartMutation,
  PortalCartCountQuery,
  PortalCartQuery,
  PortalClearCartMutation,
  PortalGuestProductQuery,
  PortalMergeCartMutation,
  PortalSetCartQuantityMutation,
} from './generated/operations';

export type CartView = PortalCartQuery['cart'];
export type CartLineView = CartView['groups'][number]['lines'][number];

const CART_QUERY = /* GraphQL */ `
  query PortalCart { cart { ...CartView } }
  ${CART_VIEW}
  ${CART_LINE_VIEW}
  ${SHOP_REF}
`;

export async function getCart(): Promise<CartView> {
  return (await memberGql<PortalCartQuery>(CART_QUERY)).cart;
}

const CART_COUNT_QUERY = /* GraphQL */ `
  query PortalCartCount { cart { totalQuantity } }
`;

/** The header badge: the member's cart count, or undefined (anonymous, or the cart is unavailable). */
export const getCartCount = cache(async (): Promise<number | undefined> => {
  const token = await getAccessToken();
  if (!token) return undefined;
  try {
    return (await gql<PortalCartCountQuery>(CART_COUNT_QUERY, {}, { token })).cart.totalQuantity;
  } catch {
    return undefined;
  }
});

const PAYLOAD = /* GraphQL */ `
  fragment CartPayloadView on CartPayload { cart { totalQuantity } userErrors { code message field } }
`;

const ADD_TO_CART = /* GraphQL */ `
  mutation PortalAddToCart($line: CartLineInput!) { addToCart(line: $line) { ...CartPayloadView } }
  ${PAYLOAD}
`;

const SET_CART_QUANTITY = /* GraphQL */ `
  mutation PortalSetCartQuantity($line: CartLineInput!) { setCartQuantity(line: $line) { ...CartPayloadView } }
  ${PAYLOAD}
`;

const MERGE_CART = /* GraphQL */ `
  mutation PortalMergeCart($lines: [CartLineInput!]!) { mergeCart(lines: $lines) { ...CartPayloadView } }
  ${PAYLOAD}
`;

const CLEAR_CART = /* GraphQL */ `
  mutation PortalClearCart { clearCart { ...CartPayloadView } }
  ${PAYLOAD}
`;

export type CartPayload = PortalAddToCartMutation['addToCart'];

export async function addToCart(line: CartLineInput): Promise<CartPayload> {
  return (await memberGql<PortalAddToCartMutation>(ADD_TO_CART, { line })).addToCart;
}

export async function setCartQuantity(line: CartLineInput): Promise<CartPayload> {
  return (await memberGql<PortalSetCartQuantityMutation>(SET_CART_QUANTITY, { line })).setCartQuantity;
}

export async function clearCart(): Promise<CartPayload> {
  return (await memberGql<PortalClearCartMutation>(CLEAR_CART)).clearCart;
}

/** Merges a guest cart with an explicit token (the login callback has no session cookie yet). */
export async function mergeGuestCart(lines: GuestLine[], token: string): Promise<CartPayload> {
  if (!token) throw new GatewayError('UNAUTHENTICATED', 'not signed in');
  return (await gql<PortalMergeCartMutation>(MERGE_CART, { lines: toCartLineInputs(lines) }, { token })).mergeCart;
}

const GUEST_PRODUCT = /* GraphQL */ `
  query PortalGuestProduct($id: ID!) {
    product(id: $id) { id name unit category stock specs { id name stock price { amountFen } } merchant { ...ShopRef } }
  }
  ${SHOP_REF}
`;

export type GuestProduct = NonNullable<PortalGuestProductQuery['product']>;

/** The products of a guest cart, read in parallel by id (null: gone from the catalogue). */
export async function getGuestProducts(ids: string[]): Promise<Map<string, GuestProduct | null>> {
  const token = await getAccessToken();
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => gql<PortalGuestProductQuery>(GUEST_PRODUCT, { id }, { token }).then((d) => d.product)));
  return new Map(unique.map((id, i) => [id, found[i] ?? null]));
}
