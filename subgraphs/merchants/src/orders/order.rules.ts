import type { UserError } from '@alliance/runtime/domain-error';
import { allocate, refundParts } from '@alliance/money';

/**
 * One shop's order as an append-only stream of facts: placed, paid, each status change, each refund
 * request and decision. The stream decides between concurrent writers (two taps on "ready", a leader
 * and a timeout): a transition is appended with the version it was decided on, the loser re-decides on
 * the winner's state and gets a userError. The state below is the projection kept in the stream head.
 */

export type OrderStatus = 'PLACED' | 'PAID' | 'READY' | 'AT_PICKUP_POINT' | 'PICKED_UP' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED';
/** STORED_VALUE: paid at placement from her balance at that one shop (储值). */
export type PaymentMethod = 'ONLINE' | 'ON_HANDOVER' | 'STORED_VALUE';
export type Actor = 'SHOPPER' | 'SHOP' | 'LEADER' | 'ADMIN' | 'SYSTEM' | 'PAYMENT';
export const ORDER_STATUSES: readonly OrderStatus[] = ['PLACED', 'PAID', 'READY', 'AT_PICKUP_POINT', 'PICKED_UP', 'DELIVERED', 'COMPLETED', 'CANCELLED'];

export interface OrderLine {
  /** 1, 2, … within the order. */
  id: string;
  productId: string;
  specId: string;
  productName: string;
  specName: string;
  category: string;
  /** What was charged per unit before the discount: the member price (会员价) when it applied. */
  unitPriceFen: number;
  /** The spec's price when ordered (absent on orders placed before member prices: unitPriceFen). */
  listPriceFen?: number;
  quantity: number;
  /** This line's part of the order's discount (absent on orders placed before promotions: 0). */
  discountFen?: number;
  /** This line's part of the alliance points the order was paid with (1 point = 1 fen; absent: none). */
  pointsFen?: number;
}

/** A promotion as it discounted one order: this order's part of it and who funds that part. */
export interface OrderPromotion {
  promotionId: string;
  kind: string;
  title: string;
  explanation: string;
  amountFen: number;
  funders: { merchantId: string; costFen: number }[];
}

export type Fulfilment =
  | { kind: 'PICKUP'; pickupPointId: string }
  | { kind: 'DELIVERY'; address: string; contactName: string; phone: string; slot: { id: string; label: string; startsAt: string; endsAt: string } };

export type DeliveryFulfilment = Extract<Fulfilment, { kind: 'DELIVERY' }>;

/** Everything fixed when the order is placed: the price snapshots, the fulfilment, the code. */
export interface PlacedOrder {
  orderId: string;
  checkoutId: string;
  allianceId: string;
  merchantId: string;
  buyer: { subject: string; name: string; phone: string };
  lines: OrderLine[];
  subtotalFen: number;
  deliveryFeeFen: number;
  /** What promotions took off (absent on orders placed before promotions: 0). */
  discountFen?: number;
  promotions?: OrderPromotion[];
  /** The group-buy group of its checkout: the order goes ahead when the group fills, is cancelled if it fails. */
  groupBuyId?: string | null;
  /** Alliance points redeemed on this order (1 point = 1 fen; absent: none). */
  pointsFen?: number;
  /** subtotal + delivery fee − discount − points: what the shopper pays for this order in money. */
  totalFen: number;
  paymentMethod: PaymentMethod;
  fulfilment: Fulfilment;
  pickupCode: string;
  note: string | null;
  placedAt: string;
}

export interface TimelineEntry {
  status: OrderStatus;
  at: string;
  by: Actor;
  note?: string | null;
  /** Who moved it (a person's subject): the group leader who handed it over earns on it. */
  actorSubject?: string;
}

export type RefundStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'ESCALATED';

export interface RefundState {
  id: string;
  status: RefundStatus;
  reason: string;
  photoUrls: string[];
  lines: { lineId: string; quantity: number }[];
  requestedFen: number;
  amountFen: number | null;
  restock: boolean;
  note: string | null;
  requestedAt: string;
  decidedAt: string | null;
  /** Rejected by the shop and not yet escalated: the shopper may take it to the admin once. */
  escalated: boolean;
  /** What the shopper told the admin when she escalated (the shop's rejection note stays in `note`). */
  escalationNote?: string | null;
}

export type OrderFact =
  | { type: 'placed'; order: PlacedOrder }
  | { type: 'status'; status: OrderStatus; at: string; by: Actor; note?: string | null; paymentCollected?: boolean; afterSalesUntil?: string; actorSubject?: string }
  | { type: 'paid'; at: string; transactionId: string }
  | { type: 'refund-requested'; refund: Omit<RefundState, 'status' | 'amountFen' | 'restock' | 'note' | 'decidedAt' | 'escalated'> }
  | { type: 'refund-decided'; refundId: string; approve: boolean; amountFen: number; restock: boolean; note: string | null; at: string; by: Actor }
  | { type: 'refund-escalated'; refundId: string; note: string | null; at: string };

export interface OrderState extends PlacedOrder {
  status: OrderStatus;
  paid: boolean;
  paidAt: string | null;
  transactionId: string | null;
  timeline: TimelineEntry[];
  refunds: RefundState[];
  refundedFen: number;
  /** Per line: units refunded, and fen refunded (the cumulative split of refundedFen). */
  refundedQuantities: Record<string, number>;
  handedOverAt: string | null;
  afterSalesUntil: string | null;
}

export interface OrderPolicy {
  /** After handover, the order completes when this closes (default 7 days). */
  afterSalesMs: number;
}

const EMPTY = null as unknown as OrderState;

export const orderProjection = {
  initial: EMPTY,
  evolve(state: OrderState, fact: OrderFact): OrderState {
    switch (fact.type) {
      case 'placed':
        return {
          ...fact.order,
          status: 'PLACED',
          paid: false,
          paidAt: null,
          transactionId: null,
          timeline: [{ status: 'PLACED', at: fact.order.placedAt, by: 'SHOPPER' }],
          refunds: [],
          refundedFen: 0,
          refundedQuantities: {},
          handedOverAt: null,
          afterSalesUntil: null,
        };
      case 'paid':
        return {
          ...state,
          paid: true,
          paidAt: fact.at,
          transactionId: fact.transactionId,
          ...(state.status === 'PLACED' ? { status: 'PAID' as const, timeline: [...state.timeline, { status: 'PAID' as const, at: fact.at, by: 'PAYMENT' as const }] } : {}),
          // Paid for an order already cancelled: all of it goes back.
          ...(state.status === 'CANCELLED' ? { refundedFen: state.totalFen } : {}),
        };
      case 'status': {
        const handedOver = fact.status === 'PICKED_UP' || fact.status === 'DELIVERED';
        return {
          ...state,
          status: fact.status,
          // A paid order cancelled is refunded in full: no later refund can pass what was paid.
          refundedFen: fact.status === 'CANCELLED' && state.paid ? state.totalFen : state.refundedFen,
          paid: state.paid || !!fact.paymentCollected,
          paidAt: state.paidAt ?? (fact.paymentCollected ? fact.at : null),
          timeline: [...state.timeline, { status: fact.status, at: fact.at, by: fact.by, note: fact.note ?? null, ...(fact.actorSubject ? { actorSubject: fact.actorSubject } : {}) }],
          handedOverAt: handedOver ? fact.at : state.handedOverAt,
          afterSalesUntil: handedOver ? (fact.afterSalesUntil ?? state.afterSalesUntil) : state.afterSalesUntil,
        };
      }
      case 'refund-requested':
        return {
          ...state,
          refunds: [...state.refunds, { ...fact.refund, status: 'REQUESTED', amountFen: null, restock: false, note: null, decidedAt: null, escalated: false }],
        };
      case 'refund-escalated':
        return { ...state, refunds: state.refunds.map((r) => (r.id === fact.refundId ? { ...r, status: 'ESCALATED', escalated: true, escalationNote: fact.note } : r)) };
      case 'refund-decided': {
        const refund = state.refunds.find((r) => r.id === fact.refundId);
        const refundedQuantities = { ...state.refundedQuantities };
        if (fact.approve && refund) for (const l of refund.lines) refundedQuantities[l.lineId] = (refundedQuantities[l.lineId] ?? 0) + l.quantity;
        return {
          ...state,
          refundedFen: state.refundedFen + (fact.approve ? fact.amountFen : 0),
          refundedQuantities,
          refunds: state.refunds.map((r) =>
            r.id === fact.refundId
              ? { ...r, status: fact.approve ? 'APPROVED' : 'REJECTED', amountFen: fact.approve ? fact.amountFen : 0, restock: fact.restock, note: fact.note, decidedAt: fact.at }
              : r,
          ),
        };
      }
    }
  },
};

export type Decision = { fact: OrderFact } | { error: UserError };

const illegal = (state: OrderState, action: string): Decision => ({
  error: { code: 'INVALID_TRANSITION', message: `an order that is ${state.status} cannot be ${action}`, field: ['orderId'] },
});

/** The shop packed it: PAID (or PLACED when paid at handover) → READY. */
export function decideReady(state: OrderState, at: Date): Decision {
  const ok = state.status === 'PAID' || (state.status === 'PLACED' && state.paymentMethod === 'ON_HANDOVER');
  return ok ? { fact: { type: 'status', status: 'READY', at: at.toISOString(), by: 'SHOP' } } : illegal(state, 'marked ready');
}

/** The group leader confirms the goods arrived at the pickup point. */
export function decideArrival(state: OrderState, at: Date): Decision {
  if (state.fulfilment.kind !== 'PICKUP') return { error: { code: 'NOT_A_PICKUP_ORDER', message: 'this order is delivered, not collected', field: ['orderId'] } };
  return state.status === 'READY' ? { fact: { type: 'status', status: 'AT_PICKUP_POINT', at: at.toISOString(), by: 'LEADER' } } : illegal(state, 'confirmed at the pickup point');
}

/** Handover by pickup code: at the pickup point by its leader, or at the door by the shop. */
export function decideHandover(state: OrderState, code: string, paymentCollected: boolean, by: Actor, at: Date, policy: OrderPolicy): Decision {
  const from = state.fulfilment.kind === 'PICKUP' ? 'AT_PICKUP_POINT' : 'READY';
  if (state.status !== from) return illegal(state, 'handed over');
  if (code.trim() !== state.pickupCode) return { error: { code: 'WRONG_PICKUP_CODE', message: 'the pickup code does not match this order', field: ['pickupCode'] } };
  if (!state.paid && !paymentCollected) {
    return { error: { code: 'PAYMENT_NOT_COLLECTED', message: `this order is paid at handover: collect ${(state.totalFen / 100).toFixed(2)} yuan first`, field: ['paymentCollected'] } };
  }
  const status: OrderStatus = state.fulfilment.kind === 'PICKUP' ? 'PICKED_UP' : 'DELIVERED';
  const fact = { type: 'status' as const, status, at: at.toISOString(), by, paymentCollected: !state.paid, afterSalesUntil: new Date(at.getTime() + policy.afterSalesMs).toISOString() };
  return { fact };
}

/** Cancelled before it is packed; the caller releases the stock and refunds what was paid. */
export function decideCancel(state: OrderState, by: Actor, reason: string, at: Date): Decision {
  if (state.status !== 'PLACED' && state.status !== 'PAID') return illegal(state, 'cancelled');
  if (state.refunds.some((r) => r.status === 'REQUESTED' || r.status === 'ESCALATED')) {
    return { error: { code: 'REFUND_IN_PROGRESS', message: 'a refund request of this order is still open: decide it first', field: ['orderId'] } };
  }
  return { fact: { type: 'status', status: 'CANCELLED', at: at.toISOString(), by, note: reason } };
}

/** The after-sales window closed: the order completes (and its commissions can settle). */
export function decideComplete(state: OrderState, at: Date): Decision {
  if (state.status !== 'PICKED_UP' && state.status !== 'DELIVERED') return illegal(state, 'completed');
  if (!state.afterSalesUntil || at.getTime() < Date.parse(state.afterSalesUntil)) return { error: { code: 'AFTER_SALES_OPEN', message: 'the after-sales window is still open' } };
  if (state.refunds.some((r) => r.status === 'REQUESTED' || r.status === 'ESCALATED')) return { error: { code: 'REFUND_IN_PROGRESS', message: 'a refund request is still open' } };
  return { fact: { type: 'status', status: 'COMPLETED', at: at.toISOString(), by: 'SYSTEM' } };
}

/** Categories whose goods may be returned within 7 days without a reason (七天无理由); fresh food may not. */
const NO_REASON_CATEGORIES = new Set(['baby', 'household']);
const NO_REASON_MS = 7 * 86_400_000;
/** After handover, a refund can be asked for this long (quality problems), even after COMPLETED. */
export const AFTER_SALES_REQUEST_MS = 30 * 86_400_000;

export interface RefundRequestInput {
  refundId: string;
  lines: { lineId: string; quantity: number }[] | null;
  reason: string;
  noReason: boolean;
  photoUrls: string[];
}

export function decideRefundRequest(state: OrderState, input: RefundRequestInput, at: Date): Decision {
  const err = (code: string, message: string, field: string[] = []): Decision => ({ error: { code, message, field } });
  if (!state.paid) return err('NOT_PAID', 'nothing was paid for this order: cancel it instead', ['orderId']);
  if (state.status === 'CANCELLED') return err('INVALID_TRANSITION', 'a cancelled order is refunded already', ['orderId']);
  if (state.refunds.some((r) => r.status === 'REQUESTED' || r.status === 'ESCALATED')) return err('REFUND_IN_PROGRESS', 'a refund request of this order is still open', ['orderId']);
  const reason = input.reason.trim();
  if (reason.length === 0 || reason.length > 200) return err('INVALID_REASON', 'a reason of 1 to 200 characters is required', ['reason']);
  if (input.photoUrls.length > 6 || input.photoUrls.some((u) => !/^https?:\/\/\S{1,500}$/.test(u))) return err('INVALID_PHOTOS', 'up to 6 photo URLs', ['photoUrls']);
  if (state.handedOverAt) {
    const since = at.getTime() - Date.parse(state.handedOverAt);
    if (since > AFTER_SALES_REQUEST_MS) return err('AFTER_SALES_CLOSED', 'refunds can be asked for within 30 days of receiving the order', ['orderId']);
    if (input.noReason) {
      const allowed = state.lines.every((l) => NO_REASON_CATEGORIES.has(l.category));
      if (!allowed) return err('NO_REASON_RETURN_NOT_ALLOWED', 'fresh food cannot be returned without a reason', ['noReason']);
      if (since > NO_REASON_MS) return err('NO_REASON_RETURN_CLOSED', 'returns without a reason end 7 days after receiving the order', ['noReason']);
    }
  }
  const wanted = input.lines ?? state.lines.map((l) => ({ lineId: l.id, quantity: l.quantity - (state.refundedQuantities[l.id] ?? 0) })).filter((l) => l.quantity > 0);
  if (wanted.length === 0) return err('NOTHING_TO_REFUND', 'every unit of this order was refunded already', ['lines']);
  let requestedFen = 0;
  const seen = new Set<string>();
  for (const [i, w] of wanted.entries()) {
    const line = state.lines.find((l) => l.id === w.lineId);
    if (!line || seen.has(w.lineId)) return err('UNKNOWN_LINE', 'no such line in this order (or named twice)', ['lines', String(i), 'lineId']);
    seen.add(w.lineId);
    const left = line.quantity - (state.refundedQuantities[line.id] ?? 0);
    if (!Number.isSafeInteger(w.quantity) || w.quantity < 1 || w.quantity > left) {
      return err('INVALID_QUANTITY', `from 1 to ${left} of this line can still be refunded`, ['lines', String(i), 'quantity']);
    }
    requestedFen += unitsValueFen(line, state.refundedQuantities[line.id] ?? 0, w.quantity);
  }
  // Everything that is left, before handover: the delivery fee goes back too.
  const all = state.lines.every((l) => (state.refundedQuantities[l.id] ?? 0) + (wanted.find((w) => w.lineId === l.id)?.quantity ?? 0) === l.quantity);
  if (all && !state.handedOverAt) requestedFen += state.deliveryFeeFen;
  requestedFen = Math.min(requestedFen, state.totalFen - state.refundedFen);
  return {
    fact: {
      type: 'refund-requested',
      refund: { id: input.refundId, reason: input.noReason ? `七天无理由 · ${reason}` : reason, photoUrls: input.photoUrls, lines: wanted, requestedFen, requestedAt: at.toISOString() },
    },
  };
}

/** The shop decides a request; the alliance admin decides an escalated one, finally. */
export function decideRefundDecision(state: OrderState, refundId: string, by: Actor, approve: boolean, amountFen: number | null, restock: boolean, note: string | null, at: Date): Decision {
  const refund = state.refunds.find((r) => r.id === refundId);
  if (!refund) return { error: { code: 'UNKNOWN_REFUND', message: 'no such refund request', field: ['refundId'] } };
  if (state.status === 'CANCELLED') return { error: { code: 'INVALID_TRANSITION', message: 'the order was cancelled and refunded in full', field: ['refundId'] } };
  const decidable = by === 'ADMIN' ? refund.status === 'ESCALATED' || refund.status === 'REQUESTED' : refund.status === 'REQUESTED';
  if (!decidable) return { error: { code: 'INVALID_TRANSITION', message: `a ${refund.status} refund request cannot be decided${by === 'SHOP' && refund.status === 'ESCALATED' ? ' by the shop: the alliance admin decides it' : ''}`, field: ['refundId'] } };
  const amount = approve ? (amountFen ?? refund.requestedFen) : 0;
  if (approve && (!Number.isSafeInteger(amount) || amount < 1 || amount > refund.requestedFen)) {
    return { error: { code: 'INVALID_AMOUNT', message: `approve from 1 to ${refund.requestedFen} fen`, field: ['amountFen'] } };
  }
  if (amount > state.totalFen - state.refundedFen) return { error: { code: 'REFUND_EXCEEDS_PAID', message: 'a refund never exceeds what was paid', field: ['amountFen'] } };
  return { fact: { type: 'refund-decided', refundId, approve, amountFen: amount, restock: approve && restock, note, at: at.toISOString(), by } };
}

export function decideEscalation(state: OrderState, refundId: string, note: string | null, at: Date): Decision {
  const refund = state.refunds.find((r) => r.id === refundId);
  if (!refund) return { error: { code: 'UNKNOWN_REFUND', message: 'no such refund request', field: ['refundId'] } };
  if (refund.status !== 'REJECTED' || refund.escalated) return { error: { code: 'INVALID_TRANSITION', message: 'only a request the shop rejected can go to the alliance admin, once', field: ['refundId'] } };
  return { fact: { type: 'refund-escalated', refundId, note, at: at.toISOString() } };
}

/**
 * How much of each line (and the delivery fee, last) the refunds so far have reversed: the cumulative
 * split of the money package, so any sequence of partial refunds ends exactly at the original amounts.
 */
export function refundedPerPart(state: OrderState): number[] {
  const weights = [...state.lines.map(lineNetFen), state.deliveryFeeFen];
  if (state.totalFen === 0) return weights.map(() => 0);
  return refundParts(state.totalFen, weights, 0, state.refundedFen);
}

/** What a line costs the shopper: its price less its part of the discount. */
export function lineNetFen(l: OrderLine): number {
  return l.unitPriceFen * l.quantity - (l.discountFen ?? 0);
}

/**
 * The value of `units` more units of a line once `before` were refunded: its net amount split over its
 * units cumulatively (a two-way split is rounding, monotone), so refunding every unit, in any steps,
 * sums exactly to the net amount.
 */
export function unitsValueFen(l: OrderLine, before: number, units: number): number {
  const net = lineNetFen(l);
  const upTo = (n: number) => (n === 0 ? 0 : n === l.quantity ? net : allocate(net, [n, l.quantity - n])[0]!);
  return upTo(before + units) - upTo(before);
}

/** A refund's id is `<orderId>-r<suffix>`: the order it belongs to. */
export const orderIdOfRefund = (refundId: string) => refundId.replace(/-r[^-]+$/, '');

/** Units per line already put back into stock by approved refunds with restock. */
export function restockedQuantities(state: OrderState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of state.refunds) if (r.status === 'APPROVED' && r.restock) for (const l of r.lines) out[l.lineId] = (out[l.lineId] ?? 0) + l.quantity;
  return out;
}

/** When a fact happened (ISO), whatever its kind. */
export function factAt(fact: OrderFact): string {
  switch (fact.type) {
    case 'placed':
      return fact.order.placedAt;
    case 'refund-requested':
      return fact.refund.requestedAt;
    default:
      return fact.at;
  }
}

export { maskPhone } from '@alliance/runtime/phone';

/** What an erased member's orders say instead of her name, phone and address. */
export const ERASED_BUYER = { name: '已注销会员', phone: '', address: '（已删除）' } as const;

/** The facts a shopper's inbox announces, by the status an order moved to. */
export const MESSAGE_OF: Partial<Record<OrderStatus, 'ORDER_READY' | 'ORDER_AT_PICKUP_POINT' | 'ORDER_PICKED_UP' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED'>> = {
  READY: 'ORDER_READY',
  AT_PICKUP_POINT: 'ORDER_AT_PICKUP_POINT',
  PICKED_UP: 'ORDER_PICKED_UP',
  DELIVERED: 'ORDER_DELIVERED',
  CANCELLED: 'ORDER_CANCELLED',
};
