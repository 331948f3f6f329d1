/** The shop's order desk and the group leader's pickup point day (server-only). */
import { memberGql } from './member-gateway';
import { PICKUP_POINT_VIEW, SHOP_REF } from './fragments';
import type {
  OrderStatus,
  PortalAdjustStockMutation,
  PortalConfirmArrivalMutation,
  PortalDecideRefundMutation,
  PortalDeskRefundsQuery,
  PortalHandOverOrderMutation,
  PortalMarkOrderReadyMutation,
  PortalMyPickupPointsQuery,
  PortalOrderDeskQuery,
  PortalPickupPointOrdersQuery,
  PortalShopProductsQuery,
} from './generated/operations';

const DESK_ORDER = /* GraphQL */ `
  fragment DeskOrder on Order {
    id status paymentMethod paid fulfilment pickupCode placedAt note
    subtotal { amountFen } deliveryFee { amountFen } discount { amountFen } points { amountFen } total { amountFen } refunded { amountFen }
    groupBuy { id status }
    buyer { name maskedPhone }
    pickupPoint { id name }
    delivery { address contactName maskedPhone slot { id label } }
    lines { id productName specName quantity refundedQuantity unitPrice { amountFen } lineTotal { amountFen } }
    refunds { id status reason restock note requestedAt lines { lineId quantity } requested { amountFen } amount { amountFen } }
  }
`;

const ORDER_DESK = /* GraphQL */ `
  query PortalOrderDesk($merchantId: ID!, $statuses: [OrderStatus!], $first: Int!, $after: String) {
    orderDesk(merchantId: $merchantId, statuses: $statuses, first: $first, after: $after) {
      merchant { ...ShopRef }
      counts { status count }
      orders { edges { cursor node { ...DeskOrder } } pageInfo { hasNextPage endCursor } }
    }
  }
  ${DESK_ORDER}
  ${SHOP_REF}
`;

export type OrderDeskView = PortalOrderDeskQuery['orderDesk'];
export type DeskOrderView = OrderDeskView['orders']['edges'][number]['node'];

/** The desk with its orders in any of `statuses` (none: all), newest first. */
export async function getOrderDesk(merchantId: string, statuses: readonly OrderStatus[], first: number, after: string | null): Promise<OrderDeskView> {
  return (await memberGql<PortalOrderDeskQuery>(ORDER_DESK, { merchantId, statuses: statuses.length ? statuses : null, first, after })).orderDesk;
}

const DESK_REFUNDS = /* GraphQL */ `
  query PortalDeskRefunds($merchantId: ID!) {
    orderDesk(merchantId: $merchantId, first: 1) {
      merchant { ...ShopRef }
      counts { status count }
      openRefunds {
        id orderId status reason note requestedAt
        lines { lineId quantity }
        requested { amountFen }
        order {
          id status paid paymentMethod pickupCode placedAt
          total { amountFen } refunded { amountFen }
          lines { id productName specName quantity refundedQuantity }
          buyer { name maskedPhone }
        }
      }
    }
  }
  ${SHOP_REF}
`;

export type DeskRefundsView = PortalDeskRefundsQuery['orderDesk'];
export type OpenRefundView = DeskRefundsView['openRefunds'][number];

/** The desk's open refund requests (waiting for the shop, or escalated), newest first. */
export async function getDeskRefunds(merchantId: string): Promise<DeskRefundsView> {
  return (await memberGql<PortalDeskRefundsQuery>(DESK_REFUNDS, { merchantId })).orderDesk;
}

const SHOP_PRODUCTS = /* GraphQL */ `
  query PortalShopProducts($merchantId: ID!) {
    storefront(first: 100, filter: { merchantId: $merchantId }) {
      edges { node { id name unit stock specs { id name stock price { amountFen } } } }
    }
  }
`;

export type ShopProductView = PortalShopProductsQuery['storefront']['edges'][number]['node'];

export async function getShopProducts(merchantId: string): Promise<ShopProductView[]> {
  return (await memberGql<PortalShopProductsQuery>(SHOP_PRODUCTS, { merchantId })).storefront.edges.map((e) => e.node);
}

const ORDER_RESULT = /* GraphQL */ `
  fragment OrderResult on OrderPayload { order { id status paid } userErrors { code message field } }
`;

const MARK_READY = /* GraphQL */ `
  mutation PortalMarkOrderReady($orderId: ID!) { markOrderReady(orderId: $orderId) { ...OrderResult } }
  ${ORDER_RESULT}
`;

const CONFIRM_ARRIVAL = /* GraphQL */ `
  mutation PortalConfirmArrival($orderId: ID!) { confirmArrival(orderId: $orderId) { ...OrderResult } }
  ${ORDER_RESULT}
`;

const HAND_OVER = /* GraphQL */ `
  mutation PortalHandOverOrder($orderId: ID!, $pickupCode: String!, $paymentCollected: Boolean) {
    handOverOrder(orderId: $orderId, pickupCode: $pickupCode, paymentCollected: $paymentCollected) { ...OrderResult }
  }
  ${ORDER_RESULT}
`;

export type OrderResult = PortalMarkOrderReadyMutation['markOrderReady'];

export async function markOrderReady(orderId: string): Promise<OrderResult> {
  return (await memberGql<PortalMarkOrderReadyMutation>(MARK_READY, { orderId })).markOrderReady;
}

export async function confirmArrival(orderId: string): Promise<OrderResult> {
  return (await memberGql<PortalConfirmArrivalMutation>(CONFIRM_ARRIVAL, { orderId })).confirmArrival;
}

export async function handOverOrder(orderId: string, pickupCode: string, paymentCollected: boolean | null): Promise<OrderResult> {
  return (await memberGql<PortalHandOverOrderMutation>(HAND_OVER, { orderId, pickupCode, paymentCollected })).handOverOrder;
}

const DECIDE_REFUND = /* GraphQL */ `
  mutation PortalDecideRefund($refundId: ID!, $approve: Boolean!, $amountFen: Fen, $restock: Boolean, $note: String) {
    decideRefund(refundId: $refundId, approve: $approve, amountFen: $amountFen, restock: $restock, note: $note) {
      refund { id status amount { amountFen } }
      userErrors { code message field }
    }
  }
`;

export async function decideRefund(v: { refundId: string; approve: boolean; amountFen: number | null; restock: boolean; note: string | null }): Promise<PortalDecideRefundMutation['decideRefund']> {
  return (await memberGql<PortalDecideRefundMutation>(DECIDE_REFUND, v)).decideRefund;
}

const ADJUST_STOCK = /* GraphQL */ `
  mutation PortalAdjustStock($productId: ID!, $specId: ID, $delta: Int!, $reason: String!, $idempotencyKey: String!) {
    adjustStock(productId: $productId, specId: $specId, delta: $delta, reason: $reason, idempotencyKey: $idempotencyKey) {
      spec { id name stock }
      userErrors { code message field }
    }
  }
`;

export async function adjustStock(v: { productId: string; specId: string | null; delta: number; reason: string; idempotencyKey: string }): Promise<PortalAdjustStockMutation['adjustStock']> {
  return (await memberGql<PortalAdjustStockMutation>(ADJUST_STOCK, v)).adjustStock;
}

const MY_PICKUP_POINTS = /* GraphQL */ `
  query PortalMyPickupPoints { myPickupPoints { ...PickupPointView } }
  ${PICKUP_POINT_VIEW}
`;

export async function getMyPickupPoints(): Promise<PortalMyPickupPointsQuery['myPickupPoints']> {
  return (await memberGql<PortalMyPickupPointsQuery>(MY_PICKUP_POINTS)).myPickupPoints;
}

const PICKUP_POINT_ORDERS = /* GraphQL */ `
  query PortalPickupPointOrders($pickupPointId: ID!, $date: String) {
    pickupPointOrders(pickupPointId: $pickupPointId, date: $date) {
      id status paid paymentMethod pickupCode placedAt
      total { amountFen }
      buyer { name maskedPhone }
      merchant { ...ShopRef }
      lines { id productName specName quantity }
    }
  }
  ${SHOP_REF}
`;

export type LeaderOrderView = PortalPickupPointOrdersQuery['pickupPointOrders'][number];

export async function getPickupPointOrders(pickupPointId: string, date: string | null): Promise<LeaderOrderView[]> {
  return (await memberGql<PortalPickupPointOrdersQuery>(PICKUP_POINT_ORDERS, { pickupPointId, date })).pickupPointOrders;
}
