/**
 * The status tabs of 我的 → 订单 and of the shop's order desk. A tab is a set of order states the gateway
 * filters by (`myOrders(statuses:)`, `orderDesk(statuses:)`), so one tab is one exact query.
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

/** What the refunds tab needs of an order. */
export interface TabOrder {
  refunds: readonly unknown[];
}

export function parseMyOrdersTab(value: string | string[] | undefined): MyOrdersTab {
  const v = Array.isArray(value) ? value[0] : value;
  return MY_ORDERS_TABS.includes(v as MyOrdersTab) ? (v as MyOrdersTab) : 'all';
}

/**
 * How a tab reads the shopper's orders: the states the gateway filters by (none: all of them) and, only
 * where a state cannot say it, a rule applied here over a bounded number of pages (`collectPage`).
 *
 * "To pay" is PLACED: besides the unpaid online orders it holds the pay-at-handover ones the shop has not
 * packed yet (they are unpaid too, and their card says "pay on handover"); once packed they move on to
 * "to pick up" like the paid ones. "Refunds" is no state at all: the API has no filter for "has a refund",
 * so that tab alone still scans.
 */
export function myOrdersQuery(tab: MyOrdersTab): { statuses: readonly OrderStatusName[]; keep: ((o: TabOrder) => boolean) | null } {
  switch (tab) {
    case 'toPay':
      return { statuses: ['PLACED'], keep: null };
    case 'toPickUp':
      return { statuses: ['PAID', 'READY', 'AT_PICKUP_POINT'], keep: null };
    case 'done':
      return { statuses: ['PICKED_UP', 'DELIVERED', 'COMPLETED'], keep: null };
    case 'refunds':
      return { statuses: [], keep: (o) => o.refunds.length > 0 };
    default:
      return { statuses: [], keep: null };
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

/** One page of a connection as the list pages show it. */
export function pageOf<T>(c: Connection<T>): FilteredPage<T> {
  return { nodes: c.edges.map((e) => e.node), endCursor: c.pageInfo.endCursor, hasNextPage: c.pageInfo.hasNextPage };
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

/** The shopper, or the shop, may cancel before the shop packs. */
export const canCancel = (o: { status: OrderStatusName }): boolean => o.status === 'PLACED' || o.status === 'PAID';

/** The open refund requests of the desk, grouped by order (first appearance first, i.e. newest first). */
export function refundsByOrder<R extends { orderId: string }>(refunds: readonly R[]): { orderId: string; refunds: R[] }[] {
  const groups = new Map<string, R[]>();
  for (const r of refunds) {
    const g = groups.get(r.orderId);
    if (g) g.push(r);
    else groups.set(r.orderId, [r]);
  }
  return [...groups].map(([orderId, rs]) => ({ orderId, refunds: rs }));
}
