/** The shopper's orders and inbox (server-only). */
import { memberGql } from './member-gateway';
import { ORDER_CARD, ORDER_DETAIL, SHOP_REF } from './fragments';
import type {
  OrderStatus,
  PortalCancelOrderMutation,
  PortalEscalateRefundMutation,
  PortalMarkMessagesReadMutation,
  PortalMyMessagesQuery,
  PortalMyOrdersQuery,
  PortalOrderQuery,
  PortalRequestRefundMutation,
  RequestRefundInput,
} from './generated/operations';

const MY_ORDERS = /* GraphQL */ `
  query PortalMyOrders($statuses: [OrderStatus!], $first: Int!, $after: String) {
    myOrders(statuses: $statuses, first: $first, after: $after) {
      edges { cursor node { ...OrderCard } }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${ORDER_CARD}
  ${SHOP_REF}
`;

export type MyOrdersPage = PortalMyOrdersQuery['myOrders'];
export type OrderCardView = MyOrdersPage['edges'][number]['node'];

/** The shopper's orders in any of `statuses` (none: all), newest first. */
export async function getMyOrders(statuses: readonly OrderStatus[], first: number, after: string | null): Promise<MyOrdersPage> {
  return (await memberGql<PortalMyOrdersQuery>(MY_ORDERS, { statuses: statuses.length ? statuses : null, first, after })).myOrders;
}

const ORDER = /* GraphQL */ `
  query PortalOrder($id: ID!) { order(id: $id) { ...OrderDetail } }
  ${ORDER_DETAIL}
  ${SHOP_REF}
`;

export type OrderDetailView = NonNullable<PortalOrderQuery['order']>;

export async function getOrder(id: string): Promise<OrderDetailView | null> {
  return (await memberGql<PortalOrderQuery>(ORDER, { id })).order;
}

const CANCEL_ORDER = /* GraphQL */ `
  mutation PortalCancelOrder($orderId: ID!, $reason: String!) {
    cancelOrder(orderId: $orderId, reason: $reason) { order { id status } userErrors { code message field } }
  }
`;

export async function cancelOrder(orderId: string, reason: string): Promise<PortalCancelOrderMutation['cancelOrder']> {
  return (await memberGql<PortalCancelOrderMutation>(CANCEL_ORDER, { orderId, reason })).cancelOrder;
}

const REQUEST_REFUND = /* GraphQL */ `
  mutation PortalRequestRefund($input: RequestRefundInput!) {
    requestRefund(input: $input) { refund { id status } userErrors { code message field } }
  }
`;

export async function requestRefund(input: RequestRefundInput): Promise<PortalRequestRefundMutation['requestRefund']> {
  return (await memberGql<PortalRequestRefundMutation>(REQUEST_REFUND, { input })).requestRefund;
}

const ESCALATE_REFUND = /* GraphQL */ `
  mutation PortalEscalateRefund($refundId: ID!, $note: String) {
    escalateRefund(refundId: $refundId, note: $note) { refund { id status } userErrors { code message field } }
  }
`;

export async function escalateRefund(refundId: string, note: string | null): Promise<PortalEscalateRefundMutation['escalateRefund']> {
  return (await memberGql<PortalEscalateRefundMutation>(ESCALATE_REFUND, { refundId, note })).escalateRefund;
}

const MY_MESSAGES = /* GraphQL */ `
  query PortalMyMessages($first: Int!, $after: String) {
    myMessages(first: $first, after: $after) {
      unreadCount
      edges { cursor node { id kind title body orderId at read } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export type MessagesPage = PortalMyMessagesQuery['myMessages'];

export async function getMyMessages(first: number, after: string | null): Promise<MessagesPage> {
  return (await memberGql<PortalMyMessagesQuery>(MY_MESSAGES, { first, after })).myMessages;
}

const MARK_MESSAGES_READ = /* GraphQL */ `
  mutation PortalMarkMessagesRead { markMessagesRead { unreadCount } }
`;

export async function markMessagesRead(): Promise<number> {
  return (await memberGql<PortalMarkMessagesReadMutation>(MARK_MESSAGES_READ)).markMessagesRead.unreadCount;
}
