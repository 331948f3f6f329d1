import { createHash } from 'node:crypto';
import { hasRole } from '@alliance/auth';
import { decodeCursor, encodeCursor } from '@alliance/store';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { PickupPoint } from '../pickup/pickup-point.rules.js';
import type { PickupPointRepository } from '../pickup/pickup-point.repository.js';
import { chinaDay } from './delivery.rules.js';
import { isShopStaff, rolesOn } from './order-access.rules.js';
import type { OrderEffects } from './order-effects.js';
import type { OrderList, OrderRepository, StatusCounts } from './order.repository.js';
import {
  decideArrival,
  decideCancel,
  decideEscalation,
  decideHandover,
  decideReady,
  decideRefundDecision,
  decideRefundRequest,
  ORDER_STATUSES,
  orderIdOfRefund,
  type Actor,
  type Decision,
  type OrderPolicy,
  type OrderState,
  type OrderStatus,
  type RefundState,
} from './order.rules.js';

export interface OrderPayload {
  order: OrderState | null;
  userErrors: UserError[];
}
export interface RefundPayload {
  refund: RefundState | null;
  order: OrderState | null;
  userErrors: UserError[];
}
export interface OrderPage {
  edges: { cursor: string; node: OrderState }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const MAX_PAGE = 50;
export type OrderDeskModel = Awaited<ReturnType<OrderService['orderDesk']>>;
const unknownOrder = (): OrderPayload => ({ order: null, userErrors: [{ code: 'UNKNOWN_ORDER', message: 'No such order', field: ['orderId'] }] });

/** Orders as one request sees them, and every move a person makes on one. */
export class OrderService {
  private ledPoints: Promise<PickupPoint[]> | undefined;

  constructor(
    private readonly request: RequestContext,
    private readonly orders: OrderRepository,
    private readonly pickupPoints: PickupPointRepository,
    private readonly effects: OrderEffects,
    private readonly policy: OrderPolicy,
    private readonly now: () => Date,
  ) {}

  private principal() {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to see orders');
    return p;
  }

  /** The pickup points the caller runs as group leader (read once per request). */
  myPickupPoints(): Promise<PickupPoint[]> {
    const p = this.principal();
    if (!hasRole(p, 'group-leader')) return Promise.resolve([]);
    return (this.ledPoints ??= this.pickupPoints.list(this.request.allianceId).then((all) => all.filter((pt) => pt.leaderUsername === p.username)));
  }

  private async roles(order: OrderState): Promise<Set<Actor>> {
    const led = new Set((await this.myPickupPoints()).map((pt) => pt.id));
    return rolesOn(this.principal(), order, led);
  }

  /** An order the caller may see, else null (never "exists but forbidden": ids are not probed). */
  async order(id: string): Promise<OrderState | null> {
    const order = await this.orders.get(this.request.allianceId, id);
    if (!order) return null;
    return (await this.roles(order)).size ? order : null;
  }

  async myOrders(statuses: readonly OrderStatus[], first: number | null | undefined, after: string | null | undefined): Promise<OrderPage> {
    const p = this.principal();
    return this.page({ mine: p.subject }, statuses, first, after);
  }

  async orderDesk(merchantId: string, statuses: readonly OrderStatus[], first: number | null | undefined, after: string | null | undefined) {
    const p = this.principal();
    if (!isShopStaff(p, merchantId) && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden("Only this shop's owner and staff see its orders");
    const [counts, orders] = await Promise.all([this.orders.counts(this.request.allianceId, merchantId), this.page({ shop: merchantId }, statuses, first, after)]);
    return {
      merchantId,
      counts: ORDER_STATUSES.map((s) => ({ status: s, count: Math.max(0, (counts as StatusCounts)[s] ?? 0) })),
      orders,
      openRefunds: () => this.openRefunds({ refunds: merchantId }, ['REQUESTED', 'ESCALATED']),
    };
  }

  /** Alliance admin: requests the shopper took to the alliance, waiting for its final decision. */
  async escalatedRefunds(): Promise<RefundState[]> {
    const p = this.principal();
    if (!hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Only alliance admins decide escalated refunds');
    return this.openRefunds({ escalations: true }, ['ESCALATED']);
  }

  /** The newest 50 entries of a refund list, each order read once, its requests still open. */
  private async openRefunds(list: OrderList, open: RefundState['status'][]): Promise<RefundState[]> {
    const { entries } = await this.orders.page(this.request.allianceId, list, MAX_PAGE);
    const ids = [...new Set(entries.map((e) => e.orderId))];
    const orders = await Promise.all(ids.map((id) => this.orders.get(this.request.allianceId, id)));
    return orders.flatMap((o) => (o ? o.refunds.filter((r) => open.includes(r.status)).reverse() : []));
  }

  async pickupPointOrders(pickupPointId: string, date: string | null | undefined): Promise<OrderState[]> {
    const p = this.principal();
    const led = (await this.myPickupPoints()).some((pt) => pt.id === pickupPointId);
    if (!led && !hasRole(p, 'alliance-admin')) throw DomainError.forbidden('Only the group leader of this pickup point sees its orders');
    const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : chinaDay(this.now());
    // Orders are listed under the UTC day they were placed; a China-time day spans two UTC days.
    const start = Date.parse(`${day}T00:00:00+08:00`);
    const days = [...new Set([new Date(start).toISOString().slice(0, 10), new Date(start + 86_399_999).toISOString().slice(0, 10)])];
    const out: OrderState[] = [];
    for (const d of days) {
      let before: number | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const { entries, next } = await this.orders.page(this.request.allianceId, { point: pickupPointId, day: d }, MAX_PAGE, before);
        const states = await Promise.all(entries.map((e) => this.orders.get(this.request.allianceId, e.orderId)));
        for (const s of states) if (s && chinaDay(new Date(s.placedAt)) === day && !out.some((o) => o.orderId === s.orderId)) out.push(s);
        if (!next) break;
        before = next;
      }
    }
    return out.sort((a, b) => (a.placedAt < b.placedAt ? 1 : -1));
  }

  private async page(list: OrderList, statuses: readonly OrderStatus[], first: number | null | undefined, after: string | null | undefined): Promise<OrderPage> {
    const limit = Math.min(Math.max(first ?? 20, 1), MAX_PAGE);
    let before = after ? Number(decodeCursor(after)) || undefined : undefined;
    const edges: OrderPage['edges'] = [];
    const seen = new Set<string>();
    let lowest: number | undefined;
    let more = true;
    // A status filter may skip entries: read on, a bounded number of pages per request.
    for (let pages = 0; pages < 10 && edges.length < limit && more; pages++) {
      const { entries, next } = await this.orders.page(this.request.allianceId, list, limit, before);
      const states = await Promise.all(entries.map((e) => this.orders.get(this.request.allianceId, e.orderId)));
      for (const [i, e] of entries.entries()) {
        if (edges.length >= limit) break;
        before = lowest = e.version;
        const s = states[i];
        // A crash recovery may have listed an order twice: show it once.
        if (!s || seen.has(e.orderId) || (statuses.length > 0 && !statuses.includes(s.status))) continue;
        seen.add(e.orderId);
        edges.push({ cursor: encodeCursor(String(e.version)), node: s });
      }
      more = next !== null;
    }
    // Versions are contiguous: anything below the lowest one read is an older entry.
    const hasNextPage = lowest !== undefined && lowest > 1;
    return { edges, pageInfo: { hasNextPage, endCursor: hasNextPage ? encodeCursor(String(lowest)) : null } };
  }

  markReady(orderId: string): Promise<OrderPayload> {
    return this.move(orderId, ['SHOP'], (s) => decideReady(s, this.now()));
  }

  confirmArrival(orderId: string): Promise<OrderPayload> {
    return this.move(orderId, ['LEADER', 'ADMIN'], (s) => decideArrival(s, this.now()));
  }

  async handOver(orderId: string, code: string, paymentCollected: boolean): Promise<OrderPayload> {
    return this.move(orderId, ['LEADER', 'SHOP'], (s, by) => {
      // The leader hands over at the pickup point; the shop at the door.
      if ((s.fulfilment.kind === 'PICKUP') !== (by === 'LEADER')) {
        return { error: { code: 'FORBIDDEN_HANDOVER', message: s.fulfilment.kind === 'PICKUP' ? 'the pickup point’s group leader hands this order over' : 'the shop hands a delivery over', field: ['orderId'] } };
      }
      return decideHandover(s, code, paymentCollected, by, this.now(), this.policy);
    });
  }

  cancel(orderId: string, reason: string): Promise<OrderPayload> {
    const text = reason.trim().slice(0, 200) || '—';
    return this.move(orderId, ['SHOPPER', 'SHOP', 'ADMIN'], (s, by) => decideCancel(s, by, text, this.now()));
  }

  async requestRefund(input: { orderId: string; lines?: { lineId: string; quantity: number }[] | null; reason: string; noReason?: boolean | null; photoUrls?: string[] | null; idempotencyKey: string }): Promise<RefundPayload> {
    const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
    if (keyProblem) return { refund: null, order: null, userErrors: [keyProblem] };
    const refundId = `${input.orderId}-r${idSuffix(input.idempotencyKey)}`;
    const existing = await this.orders.get(this.request.allianceId, input.orderId);
    const replay = existing?.refunds.find((r) => r.id === refundId);
    if (existing && replay && (await this.roles(existing)).has('SHOPPER')) return { refund: replay, order: existing, userErrors: [] };
    const r = await this.move(input.orderId, ['SHOPPER'], (s) =>
      decideRefundRequest(s, { refundId, lines: input.lines ?? null, reason: input.reason, noReason: !!input.noReason, photoUrls: input.photoUrls ?? [] }, this.now()),
    );
    return { refund: r.order?.refunds.find((x) => x.id === refundId) ?? null, order: r.order, userErrors: r.userErrors };
  }

  async decideRefund(refundId: string, approve: boolean, amountFen: number | null | undefined, restock: boolean | null | undefined, note: string | null | undefined): Promise<RefundPayload> {
    const r = await this.move(orderIdOfRefund(refundId), ['SHOP', 'ADMIN'], (s, by) => decideRefundDecision(s, refundId, by, approve, amountFen ?? null, !!restock, note?.slice(0, 200) ?? null, this.now()), ['ADMIN', 'SHOP']);
    return { refund: r.order?.refunds.find((x) => x.id === refundId) ?? null, order: r.order, userErrors: r.userErrors };
  }

  async escalateRefund(refundId: string, note: string | null | undefined): Promise<RefundPayload> {
    const r = await this.move(orderIdOfRefund(refundId), ['SHOPPER'], (s) => decideEscalation(s, refundId, note?.slice(0, 200) ?? null, this.now()));
    return { refund: r.order?.refunds.find((x) => x.id === refundId) ?? null, order: r.order, userErrors: r.userErrors };
  }

  /**
   * Runs a decision as the first of `allowed` roles the caller holds on this order (in `preference`
   * order when given); an order the caller cannot see is UNKNOWN_ORDER, one she can see but not move
   * this way is FORBIDDEN.
   */
  private async move(orderId: string, allowed: Actor[], decide: (s: OrderState, by: Actor) => Decision, preference?: Actor[]): Promise<OrderPayload> {
    this.principal();
    const current = await this.orders.get(this.request.allianceId, orderId);
    if (!current) return unknownOrder();
    const roles = await this.roles(current);
    if (!roles.size) return unknownOrder();
    const by = (preference ?? allowed).find((a) => allowed.includes(a) && roles.has(a));
    if (!by) throw DomainError.forbidden('You cannot do this to this order');
    const subject = this.request.principal!.subject;
    // The person's subject rides on the status fact: a group leader's handover earns her commission.
    const r = await this.orders.change(this.request.allianceId, orderId, (s) => {
      const d = decide(s, by);
      return 'fact' in d && d.fact.type === 'status' ? { fact: { ...d.fact, actorSubject: subject } } : d;
    });
    if (!r) return unknownOrder();
    if (r.error) return { order: r.state, userErrors: [r.error] };
    if (r.fact) await this.effects.applied(r.before, r.state, r.fact, r.version);
    return { order: r.state, userErrors: [] };
  }
}

/** A stable suffix from the client's whole key, so a replayed request names the same refund. */
function idSuffix(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}
