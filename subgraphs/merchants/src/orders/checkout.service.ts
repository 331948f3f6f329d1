import { createHash, randomInt } from 'node:crypto';
import { requestHash, VersionConflict } from '@alliance/store';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { Logger } from 'pino';
import { toCatalogProduct } from '../catalog/catalog-projections.js';
import { isMember } from '../catalog/spec.rules.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { StockMovements } from '../catalog/stock-movements.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import type { MerchantDoc } from '../merchant/merchant.model.js';
import { notOnSaleError } from '../catalog/on-sale.rules.js';
import type { PickupPointRepository } from '../pickup/pickup-point.repository.js';
import { applyDiscounts, discountRequestLines, promotionProblem } from './discount.rules.js';
import { applyPoints, goodsTotalFen } from './points.rules.js';
import { MembersUnavailable, type PointsSource } from '../service-commands/members-client.js';
import { PromotionsUnavailable, type DiscountSource } from '../service-commands/promotions-client.js';
import { MAX_LINES, placeOrderProblems, priceCheckout, releaseRef, reservationRef, type PlaceOrderInput, type PricedProduct, type Reservation, type ShopTerms } from './checkout.rules.js';
import type { CheckoutDoc, CheckoutRepository } from './checkout.repository.js';
import { deliverySlots, deliveryTermsOf } from './delivery.rules.js';
import type { OrderEffects } from './order-effects.js';
import type { OrderRepository } from './order.repository.js';
import { orderProjection, type OrderState } from './order.rules.js';
import type { PaymentService } from './payment.service.js';

export interface CheckoutView {
  id: string;
  orders: OrderState[];
  totalFen: number;
  discountTotalFen: number;
  paymentMethod: CheckoutDoc['paymentMethod'];
  payment: CheckoutDoc['payment'];
  placedAt: Date;
}

export interface PlaceOrderPayload {
  checkout: CheckoutView | null;
  userErrors: UserError[];
}

export interface CheckoutSettings {
  leaseMs: number;
  unpaidTimeoutMs: number;
}

/** Deterministic from the buyer and her key: a replay (a double tap, a lost answer) finds the same checkout. */
export function checkoutIdOf(allianceId: string, subject: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`${allianceId}\u0000${subject}\u0000${idempotencyKey}`).digest('hex');
  return `co-${h.slice(0, 16)}`;
}

const pickupCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * placeOrder: one placement into one order per shop. The checkout record is claimed once (an
 * insertOnce of its deterministic id); then each line's units are reserved in its spec's stock
 * stream; then the orders are written and listed; a lost line releases what was reserved. A crash
 * anywhere leaves the record pending: its recovery (a replay of the key, or the sweeper once the
 * lease passed) carries the same steps forward, each found done by its ref, or compensates.
 */
export class CheckoutService {
  constructor(
    private readonly checkouts: CheckoutRepository,
    private readonly orders: OrderRepository,
    private readonly products: ProductRepository,
    private readonly merchants: MerchantRepository,
    private readonly pickupPoints: PickupPointRepository,
    private readonly movements: StockMovements,
    private readonly effects: OrderEffects,
    private readonly payments: PaymentService,
    private readonly discounts: DiscountSource,
    private readonly pointsSource: PointsSource,
    private readonly settings: CheckoutSettings,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  async place(request: RequestContext, input: PlaceOrderInput): Promise<PlaceOrderPayload> {
    const { principal, allianceId } = request;
    if (!principal || principal.service) throw DomainError.unauthenticated('Sign in to place an order');
    const problems = placeOrderProblems(input);
    if (problems.length) return { checkout: null, userErrors: problems };
    const id = checkoutIdOf(allianceId, principal.subject, input.idempotencyKey);
    const hash = requestHash({ ...input, idempotencyKey: undefined });
    const existing = await this.checkouts.get(allianceId, id);
    if (existing) return this.replay(existing, hash);

    const priced = await this.price(request, id, input);
    if ('userErrors' in priced) return { checkout: null, userErrors: priced.userErrors };
    // A balance at one shop pays that shop only (one usable elsewhere would need a payment licence).
    if (input.paymentMethod === 'STORED_VALUE' && new Set(priced.orders.map((o) => o.merchantId)).size !== 1) {
      return { checkout: null, userErrors: [{ code: 'MIXED_CART_STORED_VALUE', message: 'stored value pays one shop’s orders only: pay this cart another way, or check out each shop separately', field: ['paymentMethod'] }] };
    }
    const firstOrder = await this.orders.isFirstOrder(allianceId, principal.subject);
    const at = this.now();
    const claim = await this.checkouts.claim({
      kind: 'checkout',
      id,
      allianceId,
      subject: principal.subject,
      requestHash: hash,
      status: 'pending',
      orders: priced.orders,
      reservations: priced.reservations,
      userErrors: [],
      paymentMethod: input.paymentMethod,
      totalFen: priced.orders.reduce((s, o) => s + o.totalFen, 0),
      firstOrder,
      groupBuy: input.groupBuy ?? null,
      neighborhood: priced.neighborhood,
      discounted: false,
      ...(input.pointsToRedeem ? { pointsToRedeem: input.pointsToRedeem, pointsRedeemed: false } : {}),
      payment: null,
      createdAt: at,
      leaseUntil: new Date(at.getTime() + this.settings.leaseMs),
    });
    if (!claim.inserted) return this.replay(claim.existing as CheckoutDoc, hash);
    return this.carryOut(claim.doc as CheckoutDoc, false);
  }

  /** The buyer's own checkout (an admin may look too), else null. */
  async get(request: RequestContext, id: string): Promise<CheckoutView | null> {
    const doc = await this.own(request, id);
    return doc && doc.status === 'placed' ? this.view(doc) : null;
  }

  /** Development only: pays the checkout through the sandbox's callback to our own endpoint. */
  async payInSandbox(request: RequestContext, id: string, enabled: boolean): Promise<{ checkout: CheckoutView | null; userErrors: UserError[] }> {
    if (!enabled) throw DomainError.forbidden('The payment sandbox is for development only');
    const doc = await this.own(request, id);
    const fail = (code: string, message: string) => ({ checkout: null, userErrors: [{ code, message, field: ['checkoutId'] }] });
    if (!doc || doc.status !== 'placed') return fail('UNKNOWN_CHECKOUT', 'No such checkout');
    if (!doc.payment) return fail('NOT_AN_ONLINE_PAYMENT', 'this checkout is paid at handover');
    // The outcome record decides (the checkout's payment status follows it a moment later).
    const outcome = (await this.checkouts.outcome(doc.allianceId, doc.id))?.outcome;
    if (outcome === 'EXPIRED' || doc.payment.status === 'EXPIRED') return fail('PAYMENT_EXPIRED', 'this checkout was not paid in time and was cancelled');
    if (doc.payment.status === 'PENDING' && outcome !== 'PAID') {
      const status = await this.payments.payInSandbox(doc);
      if (status >= 300) return fail('PAYMENT_FAILED', `the sandbox callback was answered ${status}`);
    }
    const fresh = (await this.checkouts.get(doc.allianceId, doc.id)) ?? doc;
    return { checkout: await this.view(fresh), userErrors: [] };
  }

  private async own(request: RequestContext, id: string): Promise<CheckoutDoc | null> {
    const p = request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to see your checkouts');
    if (!/^co-[a-f0-9]{16}$/.test(id)) return null;
    const doc = await this.checkouts.get(request.allianceId, id);
    return doc && (doc.subject === p.subject || p.roles.includes('alliance-admin')) ? doc : null;
  }

  async view(doc: CheckoutDoc): Promise<CheckoutView> {
    const orders = await Promise.all(doc.orders.map(async (o) => (await this.orders.get(doc.allianceId, o.orderId)) ?? orderProjection.evolve(orderProjection.initial, { type: 'placed', order: o })));
    return { id: doc.id, orders, totalFen: doc.totalFen, discountTotalFen: orders.reduce((s, o) => s + (o.discountFen ?? 0), 0), paymentMethod: doc.paymentMethod, payment: doc.payment, placedAt: doc.createdAt };
  }

  /** Finishes or compensates a checkout a crash left pending (once its lease passed). */
  async recover(doc: CheckoutDoc): Promise<void> {
    if (doc.status !== 'pending' || doc.leaseUntil.getTime() > this.now().getTime()) return;
    if (!(await this.checkouts.claimRecovery(doc.allianceId, doc.id, this.now(), this.settings.leaseMs))) return;
    // The scan that found it may be stale: act only on what is stored now.
    const current = await this.checkouts.get(doc.allianceId, doc.id);
    if (!current || current.status !== 'pending') return;
    this.logger.warn({ checkoutId: doc.id }, 'recovering a checkout left pending');
    await this.carryOut(current, true);
  }

  private async replay(doc: CheckoutDoc, hash: string): Promise<PlaceOrderPayload> {
    if (doc.requestHash !== hash) {
      return { checkout: null, userErrors: [{ code: 'IDEMPOTENCY_KEY_REUSED', message: 'this idempotency key was used for a different order', field: ['idempotencyKey'] }] };
    }
    if (doc.status === 'pending') {
      // Still being carried out by its first request, or left by a crash: wait a little, then recover.
      for (let i = 0; i < 40 && doc.status === 'pending' && doc.leaseUntil.getTime() > this.now().getTime(); i++) {
        await new Promise((r) => setTimeout(r, 100));
        doc = (await this.checkouts.get(doc.allianceId, doc.id)) ?? doc;
      }
      // Recovery finds movements by a scan, so it is the scheduler's (background) work, not a request's.
      if (doc.status === 'pending') {
        return { checkout: null, userErrors: [{ code: 'IN_PROGRESS', message: 'this checkout is still being placed; retry shortly', field: ['idempotencyKey'] }] };
      }
    }
    if (doc.status === 'failed') return { checkout: null, userErrors: doc.userErrors };
    return { checkout: await this.view(doc), userErrors: [] };
  }

  private async price(request: RequestContext, checkoutId: string, input: PlaceOrderInput) {
    const { allianceId, principal } = request;
    const ids = [...new Set(input.lines.map((l) => l.productId))];
    const docs = await this.products.getMany(allianceId, ids);
    const products = new Map<string, PricedProduct>();
    for (const doc of docs) {
      if (doc) products.set(doc.id, { id: doc.id, merchantId: doc.merchantId, name: doc.name, category: doc.category, specs: toCatalogProduct(doc).specs });
    }
    const shops = new Map<string, ShopTerms>();
    const shopDocs = new Map<string, MerchantDoc | null>();
    for (const merchantId of new Set([...products.values()].map((p) => p.merchantId))) {
      const m = await this.merchants.get(allianceId, merchantId);
      shopDocs.set(merchantId, m);
      shops.set(merchantId, { merchantId, delivery: m ? deliveryTermsOf(m) : null });
    }
    // Only what is on sale is sold (catalog/on-sale.rules): a suspended shop takes no new orders (its
    // open ones go on) and a delisted product none. Read by `_id`, so either holds from the next request.
    const docsById = new Map(docs.flatMap((d) => (d ? [[d.id, d] as const] : [])));
    const notOnSale = input.lines.flatMap((l, i) => {
      const doc = docsById.get(l.productId);
      const e = doc ? notOnSaleError(doc, shopDocs.get(doc.merchantId), ['lines', String(i), 'productId']) : null;
      return e ? [e] : [];
    });
    if (notOnSale.length) return { userErrors: notOnSale };
    let neighborhood: string | null = null;
    if (input.pickupPointId) {
      const point = (await this.pickupPoints.list(allianceId)).find((p) => p.id === input.pickupPointId);
      if (!point) return { userErrors: [{ code: 'UNKNOWN_PICKUP_POINT', message: 'No such pickup point in this alliance', field: ['pickupPointId'] }] };
      if (!point.open) return { userErrors: [{ code: 'PICKUP_POINT_CLOSED', message: `${point.name} is closed: choose another pickup point`, field: ['pickupPointId'] }] };
      neighborhood = point.neighborhood;
    }
    const phone = (input.delivery?.phone ?? input.contactPhone ?? '').trim();
    const priced = priceCheckout({
      checkoutId,
      allianceId,
      buyer: { subject: principal!.subject, name: input.delivery?.contactName.trim() || principal!.displayName, phone },
      member: isMember(principal),
      input,
      products,
      shops,
      slots: deliverySlots(this.now()),
      pickupCodes: Array.from({ length: MAX_LINES }, pickupCode),
      at: this.now(),
    });
    return 'userErrors' in priced ? priced : { ...priced, neighborhood };
  }

  private async carryOut(claimed: CheckoutDoc, recovering: boolean): Promise<PlaceOrderPayload> {
    let doc = claimed;
    const reserved: Reservation[] = [];
    const fail = async (userErrors: UserError[]): Promise<PlaceOrderPayload> => {
      await this.compensate(doc, reserved, recovering);
      const released = await this.releaseDiscounts(doc);
      await this.checkouts.update(doc.allianceId, doc.id, { status: 'failed', userErrors, releasePending: !released });
      return { checkout: null, userErrors };
    };
    // The discounts first: a replay or a recovery asks the same (idempotent by checkout id) and gets
    // what was reserved the first time.
    if (!doc.discounted) {
      let discounts;
      try {
        discounts = await this.discounts.reserve(doc.allianceId, doc.id, { lines: discountRequestLines(doc.orders), memberId: doc.subject, firstOrder: doc.firstOrder ?? false, groupBuy: doc.groupBuy ?? null, neighborhood: doc.neighborhood ?? null });
      } catch (err) {
        if (!(err instanceof PromotionsUnavailable)) throw err;
        this.logger.warn({ err, checkoutId: doc.id }, 'promotions did not answer: checkout refused');
        return fail([{ code: 'PROMOTIONS_UNAVAILABLE', message: 'promotions cannot be checked right now: try again in a moment', field: ['lines'] }]);
      }
      const groupProblem = promotionProblem(doc.groupBuy ?? null, discounts);
      if (groupProblem) return fail([groupProblem]);
      const orders = applyDiscounts(doc.orders, discounts);
      doc = { ...doc, orders, totalFen: orders.reduce((s, o) => s + o.totalFen, 0), discounted: true };
      await this.checkouts.update(doc.allianceId, doc.id, { orders: doc.orders, totalFen: doc.totalFen, discounted: true });
    }
    // Then the points, on what is left after the discounts: members answers the same to a replay.
    if (doc.pointsToRedeem && !doc.pointsRedeemed) {
      let redeemed;
      try {
        redeemed = await this.pointsSource.redeem(doc.allianceId, doc.id, doc.subject, doc.pointsToRedeem, doc.orders.map((o) => ({ orderId: o.orderId, merchantId: o.merchantId, totalFen: goodsTotalFen(o) })));
      } catch (err) {
        if (!(err instanceof MembersUnavailable)) throw err;
        this.logger.warn({ err, checkoutId: doc.id }, 'members did not answer: checkout refused');
        return fail([{ code: 'POINTS_UNAVAILABLE', message: 'points cannot be redeemed right now: try again in a moment, or pay without points', field: ['pointsToRedeem'] }]);
      }
      if (!redeemed.ok) return fail([{ code: redeemed.code, message: redeemed.message, field: ['pointsToRedeem'] }]);
      const orders = applyPoints(doc.orders, redeemed.orders);
      doc = { ...doc, orders, totalFen: orders.reduce((s, o) => s + o.totalFen, 0), pointsRedeemed: true };
      await this.checkouts.update(doc.allianceId, doc.id, { orders: doc.orders, totalFen: doc.totalFen, pointsRedeemed: true });
    }
    // Stored value pays what is left once discounts and points are off, before anything is reserved.
    if (doc.paymentMethod === 'STORED_VALUE' && !doc.storedValuePaid && doc.totalFen > 0) {
      let paid;
      try {
        paid = await this.pointsSource.payStoredValue(doc.allianceId, doc.id, doc.subject, doc.orders[0]!.merchantId, doc.orders.map((o) => ({ orderId: o.orderId, amountFen: o.totalFen })));
      } catch (err) {
        if (!(err instanceof MembersUnavailable)) throw err;
        this.logger.warn({ err, checkoutId: doc.id }, 'members did not answer: stored-value checkout refused');
        return fail([{ code: 'STORED_VALUE_UNAVAILABLE', message: 'stored value cannot be used right now: try again in a moment, or pay another way', field: ['paymentMethod'] }]);
      }
      if (!paid.ok) return fail([{ code: paid.code, message: paid.message, field: ['paymentMethod'] }]);
      doc = { ...doc, storedValuePaid: true };
      await this.checkouts.update(doc.allianceId, doc.id, { storedValuePaid: true });
    }
    if (recovering) {
      for (const r of doc.reservations) {
        if (await this.movements.hasMovement(doc.allianceId, r.productId, r.spec.id, reservationRef(r))) reserved.push(r);
      }
      // A release means the first attempt had already given up (a line was short): finish giving up.
      for (const r of reserved) {
        if (await this.movements.hasMovement(doc.allianceId, r.productId, r.spec.id, releaseRef(r))) {
          return fail([{ code: 'OUT_OF_STOCK', message: 'a line of this checkout was out of stock', field: ['lines'] }]);
        }
      }
      for (const r of reserved) await this.movements.settle(doc.allianceId, r.productId, r.spec);
    }
    for (const [i, r] of doc.reservations.entries()) {
      if (reserved.includes(r)) continue;
      // Past the lease the scheduler may be recovering this checkout: stop rather than race it.
      if (!recovering && this.now().getTime() > doc.leaseUntil.getTime()) {
        return { checkout: null, userErrors: [{ code: 'IN_PROGRESS', message: 'this checkout is taking long; it will be completed shortly', field: ['idempotencyKey'] }] };
      }
      let m;
      try {
        m = await this.movements.move(doc.allianceId, r.productId, r.merchantId, r.spec, -r.quantity, `checkout ${doc.id}`, reservationRef(r));
      } catch (err) {
        if (!(err instanceof VersionConflict)) throw err;
        // So many buyers at once that this line could not be decided: nothing of it was taken.
        return fail([{ code: 'STOCK_BUSY', message: 'this item is selling fast: try again in a moment', field: ['lines', String(i), 'quantity'] }]);
      }
      if (!m.applied) {
        const line = doc.orders.find((o) => o.orderId === r.orderId)!.lines.find((l) => l.id === r.lineId)!;
        return fail([{ code: 'OUT_OF_STOCK', message: `only ${m.level} of ${line.productName} ${line.specName} left`, field: ['lines', String(i), 'quantity'] }]);
      }
      reserved.push(r);
    }
    for (const order of doc.orders) {
      await this.orders.place(order);
      const state = orderProjection.evolve(orderProjection.initial, { type: 'placed', order });
      await this.orders.addToList(doc.allianceId, { mine: doc.subject }, order.orderId, recovering);
      await this.orders.addToList(doc.allianceId, { shop: order.merchantId }, order.orderId, recovering);
      if (order.fulfilment.kind === 'PICKUP') {
        await this.orders.addToList(doc.allianceId, { point: order.fulfilment.pickupPointId, day: order.placedAt.slice(0, 10) }, order.orderId, recovering);
      }
      await this.effects.placed(state, recovering);
    }
    const payment = doc.paymentMethod === 'ONLINE' ? await this.payments.start(doc, new Date(doc.createdAt.getTime() + this.settings.unpaidTimeoutMs)) : doc.paymentMethod === 'STORED_VALUE' ? await this.payments.paidFromStoredValue(doc) : null;
    await this.checkouts.update(doc.allianceId, doc.id, { status: 'placed', payment });
    return { checkout: await this.view({ ...doc, status: 'placed', payment }), userErrors: [] };
  }

  /**
   * Gives back a failed checkout's discounts and points; false when promotions or members did not
   * answer (the scheduler retries: both give back once, whatever the number of asks).
   */
  async releaseDiscounts(doc: CheckoutDoc): Promise<boolean> {
    try {
      await this.discounts.release(doc.allianceId, doc.id);
      if (doc.pointsToRedeem) await this.pointsSource.release(doc.allianceId, doc.id, doc.subject);
      if (doc.paymentMethod === 'STORED_VALUE' && doc.orders[0]) await this.pointsSource.releaseStoredValue(doc.allianceId, doc.id, doc.subject, doc.orders[0].merchantId);
      if (doc.releasePending) await this.checkouts.update(doc.allianceId, doc.id, { releasePending: false });
      return true;
    } catch (err) {
      this.logger.warn({ err, checkoutId: doc.id }, 'discounts of a failed checkout not given back yet; the scheduler retries');
      return false;
    }
  }

  private async compensate(doc: CheckoutDoc, reserved: Reservation[], recovering: boolean): Promise<void> {
    for (const r of reserved) {
      if (recovering && (await this.movements.hasMovement(doc.allianceId, r.productId, r.spec.id, releaseRef(r)))) {
        await this.movements.settle(doc.allianceId, r.productId, r.spec);
        continue;
      }
      const spec = { ...r.spec };
      await this.movements.move(doc.allianceId, r.productId, r.merchantId, spec, r.quantity, `checkout ${doc.id} not placed`, releaseRef(r));
    }
  }
}
