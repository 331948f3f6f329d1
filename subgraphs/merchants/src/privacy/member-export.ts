import { isCallerMember } from '@alliance/auth/member-id';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { CartService } from '../cart/cart.service.js';
import type { InboxService } from '../inbox/inbox.service.js';
import type { OrderService } from '../orders/order.service.js';

/** Pages of a list read for an export at most (5,000 orders, 2,500 messages): far beyond a member's. */
const MAX_PAGES = 50;

async function all<T>(page: (after: string | null) => Promise<{ edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>): Promise<T[]> {
  const out: T[] = [];
  let after: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const p = await page(after);
    out.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage || !p.pageInfo.endCursor) break;
    after = p.pageInfo.endCursor;
  }
  return out;
}

/** `Member.heldByMerchants`: her orders (with what she gave for them), her cart and her messages. */
export async function merchantsExport(request: RequestContext, memberId: string, services: { orders: OrderService; cart: CartService; inbox: InboxService }): Promise<string | null> {
  if (!isCallerMember(request, memberId)) return null;
  const [orders, cart, messages] = await Promise.all([all((a) => services.orders.myOrders([], 50, a)), services.cart.cart(), all((a) => services.inbox.messages(50, a))]);
  return JSON.stringify({ heldBy: 'merchants', orders, cart, messages });
}
