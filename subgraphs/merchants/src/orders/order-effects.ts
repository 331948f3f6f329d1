import type { EventBus, EventType } from '@alliance/events';
import type { StreamFact } from '@alliance/store';
import type { Logger } from 'pino';
import type { StockMovements } from '../catalog/stock-movements.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import { toCatalogProduct } from '../catalog/catalog-projections.js';
import type { Notifier } from '../inbox/notifier.js';
import type { PaymentProvider } from '../payment/payment-provider.js';
import type { OrderRepository } from './order.repository.js';
import { releaseRef } from './checkout.rules.js';
import { MESSAGE_OF, orderProjection, restockedQuantities, type OrderFact, type OrderState, type OrderStatus } from './order.rules.js';
import { messageText } from './order-messages.js';

const EVENT_OF: Record<OrderStatus, EventType | null> = {
  PLACED: null,
  PAID: 'order.paid',
  READY: 'order.ready',
  AT_PICKUP_POINT: 'order.at_pickup_point',
  PICKED_UP: 'order.picked_up',
  DELIVERED: 'order.delivered',
  COMPLETED: 'order.completed',
  CANCELLED: 'order.cancelled',
};

/** The sub-merchant (特约商户) account a shop's money lands in; onboarding (issue 10) will store the real number. */
export const subMerchantOf = (merchantId: string) => `sub-${merchantId}`;

/**
 * What follows once a fact is in an order's stream, whoever appended it: the shop's counts per
 * state, the event (its id is the fact's, so a retry publishes nothing twice), the buyer's inbox,
 * and the money and stock a cancellation or a refund gives back.
 */
export class OrderEffects {
  constructor(
    private readonly orders: OrderRepository,
    private readonly movements: StockMovements,
    private readonly products: ProductRepository,
    private readonly events: EventBus,
    private readonly notifier: Notifier,
    private readonly payments: PaymentProvider,
    private readonly logger: Logger,
  ) {}

  async placed(order: OrderState, recovering = false): Promise<void> {
    await this.orders.countStatus(order.allianceId, order.merchantId, order.orderId, null, 'PLACED', recovering);
    await this.events.publish({
      id: `${order.allianceId}:order:${order.orderId}:${'0'.repeat(9)}1`,
      type: 'order.placed',
      allianceId: order.allianceId,
      data: {
        ...this.fact(order, order.placedAt),
        lines: order.lines.map((l) => ({ lineId: l.id, productId: l.productId, specId: l.specId, category: l.category, quantity: l.quantity, unitPriceFen: l.unitPriceFen, ...(l.discountFen ? { discountFen: l.discountFen } : {}), ...(l.pointsFen ? { pointsFen: l.pointsFen } : {}) })),
        subtotalFen: order.subtotalFen,
        deliveryFeeFen: order.deliveryFeeFen,
        ...(order.discountFen ? { discountFen: order.discountFen } : {}),
        ...(order.pointsFen ? { pointsFen: order.pointsFen } : {}),
      },
    });
    await this.orders.markEffectsDone(order.allianceId, order.orderId, 1);
  }

  /**
   * After a fact was appended at `version` moving the order from `before`; marks the effects of every
   * fact up to it done. `recovering`: a crash may have cut them off half-way, so each step first
   * checks whether it happened (events are idempotent by id, provider refunds by refund id).
   */
  async applied(before: OrderState, after: OrderState, fact: OrderFact, version: number, recovering = false): Promise<void> {
    try {
      await this.carryOut(before, after, fact, version, recovering);
    } catch (err) {
      // The fact stands; its effects are not marked done, so the scheduler carries them out later.
      this.logger.error({ err, orderId: after.orderId, version }, 'order effects incomplete; the scheduler will finish them');
      if (recovering) throw err;
      return;
    }
    // Marked only without a gap below: an earlier fact whose effects a crash cut off stays visible
    // to the scheduler, which replays from the mark (each step checking whether it happened).
    const done = await this.orders.effectsDone(after.allianceId, after.orderId);
    if (recovering || done === null || done >= version - 1) await this.orders.markEffectsDone(after.allianceId, after.orderId, version);
  }

  private async carryOut(before: OrderState, after: OrderState, fact: OrderFact, version: number, recovering: boolean): Promise<void> {
    const eventId = `${after.allianceId}:order:${after.orderId}:${String(version).padStart(10, '0')}`;
    // Paid (the combined payment) for an order she had cancelled already: that sub-order goes back.
    if (fact.type === 'paid' && before.status === 'CANCELLED' && after.paymentMethod === 'ONLINE') {
      await this.refundMoney(after, `${after.orderId}-c`, after.totalFen, 'order cancelled before payment');
    }
    if (after.status !== before.status) {
      await this.orders.countStatus(after.allianceId, after.merchantId, after.orderId, before.status, after.status, recovering);
      const type = EVENT_OF[after.status];
      const last = after.timeline.at(-1)!;
      if (type && type !== 'order.placed' && type !== 'order.refunded') {
        await this.events.publish({ id: eventId, type, allianceId: after.allianceId, data: { ...this.fact(after, last.at), by: last.by, note: last.note ?? null, ...(last.actorSubject ? { actorSubject: last.actorSubject } : {}) } });
      }
      const kind = MESSAGE_OF[after.status];
      if (kind) await this.notify(after, kind, last.at, version, recovering);
      if (after.status === 'CANCELLED') await this.cancelled(before, after, recovering);
    }
    if (fact.type === 'refund-decided') await this.refundDecided(after, fact, eventId, version, recovering);
    if (fact.type === 'refund-requested') await this.orders.addToList(after.allianceId, { refunds: after.merchantId }, after.orderId, recovering);
    if (fact.type === 'refund-escalated') await this.orders.addToList(after.allianceId, { escalations: true }, after.orderId, recovering);
  }

  /** Carries out the effects of the facts after `effectsDone` that a crash cut off (the scheduler calls it). */
  async reconcile(facts: readonly StreamFact<OrderFact>[], effectsDone: number): Promise<number> {
    let state = orderProjection.initial;
    let replayed = 0;
    for (const f of facts) {
      const next = orderProjection.evolve(state, f.data);
      if (f.version > effectsDone) {
        if (f.data.type === 'placed') await this.placed(next, true);
        else await this.applied(state, next, f.data, f.version, true);
        replayed += 1;
      }
      state = next;
    }
    return replayed;
  }

  private async cancelled(before: OrderState, after: OrderState, recovering: boolean): Promise<void> {
    // Units a refund already put back are not released twice.
    const restocked = restockedQuantities(after);
    const lines = after.lines.map((l) => ({ lineId: l.id, quantity: l.quantity - (restocked[l.id] ?? 0) }));
    await this.release(after, lines, (l) => releaseRef({ orderId: after.orderId, lineId: l }), 'order cancelled', recovering);
    if (before.paid && after.paymentMethod === 'ONLINE') await this.refundMoney(after, `${after.orderId}-c`, before.totalFen - before.refundedFen, 'order cancelled');
  }

  private async refundDecided(order: OrderState, fact: Extract<OrderFact, { type: 'refund-decided' }>, eventId: string, version: number, recovering: boolean): Promise<void> {
    const refund = order.refunds.find((r) => r.id === fact.refundId)!;
    await this.notify(order, 'REFUND_DECIDED', fact.at, version, recovering, fact.approve ? fact.amountFen : null);
    if (!fact.approve) return;
    if (order.paymentMethod === 'ONLINE') await this.refundMoney(order, refund.id, fact.amountFen, refund.reason);
    if (fact.restock) await this.release(order, refund.lines, (l) => `restock:${refund.id}:${l}`, 'refund restocked', recovering);
    await this.events.publish({
      id: eventId,
      type: 'order.refunded',
      allianceId: order.allianceId,
      data: { ...this.fact(order, fact.at), refundId: refund.id, amountFen: fact.amountFen, refundedFen: order.refundedFen, lines: refund.lines, restock: fact.restock },
    });
  }

  /** Puts units back into their specs' stock streams, each movement once (by its ref). */
  async release(order: OrderState, lines: { lineId: string; quantity: number }[], ref: (lineId: string) => string, reason: string, recovering = false): Promise<void> {
    for (const { lineId, quantity } of lines) {
      const line = order.lines.find((l) => l.id === lineId);
      if (!line || quantity <= 0) continue;
      if (recovering && (await this.movements.hasMovement(order.allianceId, line.productId, line.specId, ref(lineId)))) continue;
      const doc = await this.products.get(order.allianceId, line.productId);
      const spec = doc ? toCatalogProduct(doc).specs.find((s) => s.id === line.specId) : undefined;
      if (!doc || !spec) continue;
      await this.movements.move(order.allianceId, line.productId, order.merchantId, spec, quantity, reason, ref(lineId));
    }
  }

  /** Money back to the payer's account through the provider; the refund id makes a retry safe there. */
  /** A failure throws: the effects stay unmarked and the scheduler retries (the refund id makes that safe). */
  private async refundMoney(order: OrderState, refundId: string, amountFen: number, reason: string): Promise<void> {
    if (amountFen <= 0) return;
    const r = await this.payments.refund({ refundId, orderId: order.orderId, subMerchantId: subMerchantOf(order.merchantId), refundFen: amountFen, totalFen: order.totalFen, reason: reason.slice(0, 80) });
    if (r.status === 'FAILED') throw new Error(`the provider refused refund ${refundId}`);
  }

  private async notify(order: OrderState, kind: NonNullable<(typeof MESSAGE_OF)[OrderStatus]> | 'REFUND_DECIDED', at: string, version: number, replay: boolean, amountFen?: number | null): Promise<void> {
    const text = messageText(kind, order, amountFen);
    await this.notifier.notify({ allianceId: order.allianceId, subject: order.buyer.subject, kind, ...text, orderId: order.orderId, at: new Date(at), key: `${order.orderId}:${version}`, replay });
  }

  private fact(order: OrderState, at: string) {
    return {
      allianceId: order.allianceId,
      orderId: order.orderId,
      checkoutId: order.checkoutId,
      merchantId: order.merchantId,
      memberSubject: order.buyer.subject,
      totalFen: order.totalFen,
      paymentMethod: order.paymentMethod,
      pickupPointId: order.fulfilment.kind === 'PICKUP' ? order.fulfilment.pickupPointId : null,
      at,
    };
  }
}

