import type { Connection } from 'mongoose';
import { insertOnce, type InsertOnceResult } from '@alliance/store';
import type { UserError } from '@alliance/runtime/domain-error';
import { ERASED_BUYER, type PaymentMethod, type PlacedOrder } from './order.rules.js';
import type { Reservation } from './checkout.rules.js';

export type PaymentStatus = 'PENDING' | 'PAID' | 'EXPIRED';
export type PaymentModel = NonNullable<CheckoutDoc['payment']> & { checkoutId: string; amountFen: number };

export interface CheckoutDoc {
  _id: string;
  kind: 'checkout';
  id: string;
  allianceId: string;
  subject: string;
  requestHash: string;
  /** pending: claimed, being carried out (or left half-done by a crash); placed / failed: final. */
  status: 'pending' | 'placed' | 'failed';
  orders: PlacedOrder[];
  reservations: Reservation[];
  userErrors: UserError[];
  paymentMethod: PaymentMethod;
  totalFen: number;
  /** The member had no earlier order when the checkout began (asked once: a replay must ask promotions the same). */
  firstOrder?: boolean;
  /** The pickup point's neighbourhood (小区): promotions limited to it apply. */
  neighborhood?: string | null;
  /** The group-buy the shopper asked to open or join. */
  groupBuy?: { promotionId: string; groupId?: string | null } | null;
  /** The promotions' discounts are reserved and written onto `orders`. */
  discounted?: boolean;
  /** Alliance points the shopper asked to pay with. */
  pointsToRedeem?: number;
  /** The points are redeemed (members) and written onto `orders`. */
  pointsRedeemed?: boolean;
  /** STORED_VALUE: her balance at the shop paid the checkout (members). */
  storedValuePaid?: boolean;
  /** A failed checkout whose discount reservation could not be given back yet: the scheduler retries. */
  releasePending?: boolean;
  payment: { provider: string; status: PaymentStatus; payBefore: Date; paidAt: Date | null; prepayId: string | null; clientParams?: Record<string, string> | null } | null;
  createdAt: Date;
  /** Past this, a pending checkout is presumed crashed and the recovery completes or compensates it. */
  leaseUntil: Date;
}

export interface PaymentOutcomeDoc {
  _id: string;
  kind: 'payment-outcome';
  allianceId: string;
  checkoutId: string;
  outcome: 'PAID' | 'EXPIRED';
  at: Date;
  /** The provider's notification id (PAID). */
  eventId?: string;
  subOrders?: { orderId: string; amountFen: number; transactionId: string }[];
}

const checkoutKey = (allianceId: string, id: string) => `${allianceId}:checkout:${id}`;
const outcomeKey = (allianceId: string, id: string) => `${allianceId}:payment-outcome:${id}`;
const recoveryKey = (allianceId: string, id: string) => `${allianceId}:recovery:${id}`;

/**
 * Checkouts: the record of one placement, claimed once by its deterministic id (an insertOnce: the
 * idempotency of placeOrder), the payment's outcome decided once (paid or expired, whichever lands
 * first), and recovery claimed once per lease.
 */
export class CheckoutRepository {
  private readonly docs;
  readonly recoveries;
  constructor(conn: Connection) {
    this.docs = conn.collection('checkouts');
    this.recoveries = conn.collection('checkout_recoveries');
  }

  /**
   * For MongoDB in production: the background scans' shapes (FerretDB keeps the indexes but filters
   * in Go; those scans never run on a request).
   */
  /**
   * Erasure (PIPL): blanks the buyer and a delivery's contact on the checkout record's orders, field by
   * field (the record's payment state may still move; nothing else of it is replaced).
   */
  async eraseBuyer(allianceId: string, checkoutId: string): Promise<void> {
    const doc = (await this.docs.findOne({ _id: checkoutKey(allianceId, checkoutId) } as never, { projection: { orders: 1 } })) as { orders?: PlacedOrder[] } | null;
    if (!doc?.orders?.length) return;
    const set: Record<string, string> = {};
    doc.orders.forEach((o, i) => {
      set[`orders.${i}.buyer.name`] = ERASED_BUYER.name;
      set[`orders.${i}.buyer.phone`] = ERASED_BUYER.phone;
      if (o.fulfilment.kind === 'DELIVERY') Object.assign(set, { [`orders.${i}.fulfilment.address`]: ERASED_BUYER.address, [`orders.${i}.fulfilment.contactName`]: ERASED_BUYER.name, [`orders.${i}.fulfilment.phone`]: ERASED_BUYER.phone });
    });
    await this.docs.updateOne({ _id: checkoutKey(allianceId, checkoutId) } as never, { $set: set });
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.createIndex({ kind: 1, status: 1, leaseUntil: 1 });
    await this.docs.createIndex({ kind: 1, 'payment.status': 1, 'payment.payBefore': 1 });
  }

  async get(allianceId: string, id: string): Promise<CheckoutDoc | null> {
    const doc = (await this.docs.findOne({ _id: checkoutKey(allianceId, id) } as never)) as CheckoutDoc | null;
    return doc && doc.allianceId === allianceId ? doc : null;
  }

  claim(doc: Omit<CheckoutDoc, '_id'>): Promise<InsertOnceResult<Omit<CheckoutDoc, '_id'>>> {
    return insertOnce(this.docs, checkoutKey(doc.allianceId, doc.id), doc);
  }

  /** Written only by the claimant (or the one recovery holding the lease). */
  async update(allianceId: string, id: string, set: Partial<CheckoutDoc>): Promise<void> {
    await this.docs.updateOne({ _id: checkoutKey(allianceId, id) } as never, { $set: set });
  }

  /** Paid or expired, once: whichever is inserted first is the outcome. */
  decidePayment(doc: Omit<PaymentOutcomeDoc, '_id' | 'kind'>): Promise<InsertOnceResult<Omit<PaymentOutcomeDoc, '_id'>>> {
    return insertOnce(this.docs, outcomeKey(doc.allianceId, doc.checkoutId), { ...doc, kind: 'payment-outcome' as const });
  }

  async outcome(allianceId: string, id: string): Promise<PaymentOutcomeDoc | null> {
    return (await this.docs.findOne({ _id: outcomeKey(allianceId, id) } as never)) as PaymentOutcomeDoc | null;
  }

  /** One recovery at a time per checkout; the record expires (sweeper) so a crashed recovery is retried. */
  async claimRecovery(allianceId: string, id: string, now: Date, leaseMs: number): Promise<boolean> {
    const r = await insertOnce(this.recoveries, recoveryKey(allianceId, id), { allianceId, checkoutId: id, at: now, expiresAt: new Date(now.getTime() + leaseMs) });
    return r.inserted;
  }

  /** Background only (scans): checkouts a crash left pending, and online payments past their deadline. */
  async stalePending(now: Date): Promise<CheckoutDoc[]> {
    return (await this.docs.find({ kind: 'checkout', status: 'pending', leaseUntil: { $lt: now } }).toArray()) as unknown as CheckoutDoc[];
  }

  /** Background work (a scan): failed checkouts whose discounts still wait to be given back. */
  async pendingReleases(): Promise<CheckoutDoc[]> {
    return (await this.docs.find({ kind: 'checkout', releasePending: true } as never).limit(100).toArray()) as unknown as CheckoutDoc[];
  }

  async unpaidOverdue(now: Date): Promise<CheckoutDoc[]> {
    return (await this.docs.find({ kind: 'checkout', status: 'placed', 'payment.status': 'PENDING', 'payment.payBefore': { $lt: now } }).toArray()) as unknown as CheckoutDoc[];
  }
}
