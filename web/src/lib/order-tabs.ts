/**
 * The status tabs of 我的 → 订单 and of the shop's order desk, and paging through a list with a filter
 * the gateway cannot apply itself (`myOrders` takes one status; a tab like "to pick up" spans several).
 */
export type OrderStatusName =
  | 'PLACED'
  | 'PAID'
  | 'READY'
  | 'AT_PICKUP_POINT'
  | 'PICKED_UP'
  | 'DELIVERED'
  | 'COMPLETED'
  | 'CANCELLED';

export const ORDER_STATUSES: readonly OrderStatusName[] = ['PLACED', 'PAID', 'READY', 'AT_PICKUP_POINT', 'PICKED_UP', 'DELIVERED', 'COMPLETED', 'CANCELLED'];

export type MyOrdersTab = 'all' | 'toPay' | 'toPickUp' | 'done' | 'refunds';
export const MY_ORDERS_TABS: readonly MyOrdersTab[] = ['all', 'toPay', 'toPickUp', 'done', 'refunds'];

/** What the tab filters need of an order. */
export interface TabOrder {
  status: OrderStatusName;
  paymentMethod: 'ONLINE' | 'ON_HANDOVER';
  paid: boolean;
  refunds: readonly unknown[];
}

export function parseMyOrdersTab(value: string | string[] | undefined): MyOrdersTab {
  const v = Array.isArray(value) ? value[0] : value;
  return MY_ORDERS_TABS.includes(v as MyOrdersTab) ? (v as MyOrdersTab) : 'all';
}

const WAITING = new Set<OrderStatusName>(['PAID', 'READY', 'AT_PICKUP_POINT']);
const DONE = new Set<OrderStatusName>(['PICKED_UP', 'DELIVERED', 'COMPLETED']);

/** The `status` argument the gateway can filter by, and the rest of the tab's rule, applied here. */
export function myOrdersQuery(tab: MyOrdersTab): { status: OrderStatusName | null; keep: (o: TabOrder) => boolean } {
  switch (tab) {
    case 'toPay':
      return { status: 'PLACED', keep: (o) => o.paymentMethod === 'ONLINE' && !o.paid };
    case 'toPickUp':
      // Paid at handover: waits as PLACED until packed, and is to be picked up all the same.
      return { status: null, keep: (o) => WAITING.has(o.status) || (o.status === 'PLACED' && o.paymentMethod === 'ON_HANDOVER') };
    case 'done':
      return { status: null, keep: (o) => DONE.has(o.status) };
    case 'refunds':
      return { status: null, keep: (o) => o.refunds.length > 0 };
    default:
      return { status: null, keep: () => true };
  }
}

/** The order desk's tabs: one per status (the gateway filters), or all. */
export function parseDeskStatus(value: string | string[] | undefined): OrderStatusName | null {
  const v = Array.isArray(value) ? value[0] : value;
  return ORDER_STATUSES.includes(v as OrderStatusName) ? (v as OrderStatusName) : null;
}

export interface Connection<T> {
  edges: readonly { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface FilteredPage<T> {
  nodes: T[];
  /** Where the next page starts: the last order looked at (shown or not). */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Up to `want` nodes that pass `keep`, reading pages of the connection from `after` on, but at most
 * `maxFetches` of them (a request path stays bounded: a short page then still offers "more").
 */
export async function collectPage<T>(
  fetchPage: (after: string | null) => Promise<Connection<T>>,
  keep: (node: T) => boolean,
  want: number,
  after: string | null,
  maxFetches = 4,
): Promise<FilteredPage<T>> {
  const nodes: T[] = [];
  let cursor = after;
  for (let fetches = 0; fetches < maxFetches; fetches++) {
    const page = await fetchPage(cursor);
    for (let i = 0; i < page.edges.length; i++) {
      const edge = page.edges[i]!;
      cursor = edge.cursor;
      if (!keep(edge.node)) continue;
      nodes.push(edge.node);
      if (nodes.length === want) {
        const more = i < page.edges.length - 1 || page.pageInfo.hasNextPage;
        return { nodes, endCursor: more ? cursor : null, hasNextPage: more };
      }
    }
    if (!page.pageInfo.hasNextPage) return { nodes, endCursor: null, hasNextPage: false };
    cursor = page.pageInfo.endCursor ?? cursor;
  }
  return { nodes, endCursor: cursor, hasNextPage: cursor !== null };
}

/** Counts per state of the desk, in lifecycle order, with every state present (0 when absent). */
export function deskTabs(counts: readonly { status: string; count: number }[]): { status: OrderStatusName; count: number }[] {
  return ORDER_STATUSES.map((status) => ({ status, count: counts.find((c) => c.status === status)?.count ?? 0 }));
}

/** The shop may pack an order: paid online, or to be paid at handover and still waiting. */
export const canMarkReady = (o: { status: OrderStatusName; paymentMethod: string }): boolean =>
  o.status === 'PAID' || (o.status === 'PLACED' && o.paymentMethod === 'ON_HANDOVER');

/** The shopper may cancel before the shop packs. */
export const canCancel = (o: { status: OrderStatusName }): boolean => o.status === 'PLACED' || o.status === 'PAID';
