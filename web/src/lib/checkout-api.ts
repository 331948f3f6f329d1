/** Checkout: what the page needs, placing the order, and the sandbox payment (server-only). */
import { memberGql } from './member-gateway';
import { CART_LINE_VIEW, CART_VIEW, PICKUP_POINT_VIEW, SHOP_REF } from './fragments';
import type {
  PlaceOrderInput,
  PortalCheckoutPageQuery,
  PortalCheckoutQuery,
  PortalPayInSandboxMutation,
  PortalPlaceOrderMutation,
  PortalSetHomeNeighborhoodMutation,
} from './generated/operations';

const CHECKOUT_PAGE = /* GraphQL */ `
  query PortalCheckoutPage {
    cart { ...CartView }
    me { id displayName homeNeighborhood }
    pickupPoints { ...PickupPointView }
  }
  ${CART_VIEW}
  ${CART_LINE_VIEW}
  ${SHOP_REF}
  ${PICKUP_POINT_VIEW}
`;

export type CheckoutPageData = PortalCheckoutPageQuery;
export type PickupPointView = PortalCheckoutPageQuery['pickupPoints'][number];

export async function getCheckoutPage(): Promise<CheckoutPageData> {
  return memberGql<PortalCheckoutPageQuery>(CHECKOUT_PAGE);
}

const PLACE_ORDER = /* GraphQL */ `
  mutation PortalPlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      checkout { id paymentMethod total { amountFen } pointsTotal { amountFen } payment { id status provider payParams } orders { id groupBuy { id } } }
      userErrors { code message field }
    }
  }
`;

export type PlaceOrderPayload = PortalPlaceOrderMutation['placeOrder'];

export async function placeOrder(input: PlaceOrderInput): Promise<PlaceOrderPayload> {
  return (await memberGql<PortalPlaceOrderMutation>(PLACE_ORDER, { input })).placeOrder;
}

const CHECKOUT = /* GraphQL */ `
  query PortalCheckout($id: ID!) {
    checkout(id: $id) {
      id paymentMethod placedAt total { amountFen } discountTotal { amountFen } pointsTotal { amountFen }
      payment { id status provider payBefore paidAt payParams amount { amountFen } }
      orders { id status paid pickupCode total { amountFen } discount { amountFen } points { amountFen } merchant { ...ShopRef } lines { id productName specName quantity } }
    }
  }
  ${SHOP_REF}
`;

export type CheckoutView = NonNullable<PortalCheckoutQuery['checkout']>;

export async function getCheckout(id: string): Promise<CheckoutView | null> {
  return (await memberGql<PortalCheckoutQuery>(CHECKOUT, { id })).checkout;
}

const PAY_IN_SANDBOX = /* GraphQL */ `
  mutation PortalPayInSandbox($checkoutId: ID!) {
    payInSandbox(checkoutId: $checkoutId) { checkout { id payment { status } } userErrors { code message field } }
  }
`;

export async function payInSandbox(checkoutId: string): Promise<PortalPayInSandboxMutation['payInSandbox']> {
  return (await memberGql<PortalPayInSandboxMutation>(PAY_IN_SANDBOX, { checkoutId })).payInSandbox;
}

const SET_HOME_NEIGHBORHOOD = /* GraphQL */ `
  mutation PortalSetHomeNeighborhood($neighborhood: String) {
    setHomeNeighborhood(neighborhood: $neighborhood) { member { id homeNeighborhood } userErrors { code message field } }
  }
`;

/** The members subgraph keeps the shopper's home neighbourhood (小区); checkout offers its pickup point first. */
export async function setHomeNeighborhood(neighborhood: string | null): Promise<PortalSetHomeNeighborhoodMutation['setHomeNeighborhood']> {
  return (await memberGql<PortalSetHomeNeighborhoodMutation>(SET_HOME_NEIGHBORHOOD, { neighborhood })).setHomeNeighborhood;
}
