import type { Connection } from 'mongoose';
import { factId, Streams } from '@alliance/store';
import { ERASED_BUYER, orderProjection, ORDER_STATUSES, type Decision, type OrderFact, type OrderState, type OrderStatus, type PlacedOrder } from './order.rules.js';
import type { UserError } from '@alliance/runtime/domain-error';

const orderStream = (allianceId: string, orderId: string) => `${allianceId}:order:${orderId}`;

/** A shopper's orders, a shop's desk, a pickup point's day, a shop's refund requests, the alliance's escalations. */
export type OrderList = { mine: string } | { shop: string } | { point: string; day: string } | { refunds: string } | { escalations: true };
const listStream = (allianceId: string, list: OrderList) =>
  'mine' in list
    ? `${allianceId}:mine:${list.mine}`
    : 'shop' in list
      ? `${allianceId}:shop:${list.shop}`
      : 'point' in list
        ? `${allianceId}:point:${list.point}:${list.day}`
        : 'refunds' in list
          ? `${allianceId}:refunds:${list.refunds}`
          : `${allianceId}:escalations`;
const countsStream = (allianceId: string, merchantId: string) => `${allianceId}:counts:${merchantId}`;

interface ListEntry {
  orderId: string;
}
interface CountFact {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
}
export type StatusCounts = Record<OrderStatus, number>;
const countsProjection = {
  initial: Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as StatusCounts,
  evolve: (c: StatusCounts, f: CountFact): StatusCounts => ({ ...c, ...(f.from ? { [f.from]: c[f.from] - 1 } : {}), [f.to]: c[f.to] + 1 }),
};

export type ChangeResult = { before: OrderState; state: OrderState; version: number; fact: OrderFact | null; error: UserError | null };

/**
 * Orders: one stream per order (its facts; the head keeps the projected state, so reading an order
 * is one `_id` read), the growing lists (a shopper's orders, a shop's desk, a pickup point's day) as
 * streams of order ids read newest first, and each shop's counts per state as a stream whose head
 * keeps the counts.
 */
export class OrderRepository {
  private readonly orders: Streams;
  private readonly lists: Streams;
  private readonly orderDocs;
  constructor(conn: Connection) {
    this.orderDocs = conn.collection('orders');
    this.orders = new Streams(this.orderDocs);
    this.lists = new Streams(conn.collection('order_lists'));
  }

  /**
   * Erasure (PIPL): blanks the buyer's name and phone, and a delivery's address, contact and phone, in
   * the placed fact and in the head's state: the one rewrite of a stored fact this store allows, since
   * the alternative is keeping a person's data she asked to be rid of. An append racing this can write
   * the head from a fact read before the rewrite, so the head is checked and written again until clean.
   * Returns the order's checkout id (its record holds the same data), or null for no such order.
   */
  async eraseBuyer(allianceId: string, orderId: string): Promise<string | null> {
    const stream = orderStream(allianceId, orderId);
    const placed = (await this.orderDocs.findOne({ _id: factId(stream, 1) } as never)) as { data?: OrderFact } | null;
    if (!placed?.data || placed.data.type !== 'placed') return null;
    const delivery = placed.data.order.fulfilment.kind === 'DELIVERY';
    const blank = (prefix: string) => ({
      [`${prefix}.buyer.name`]: ERASED_BUYER.name,
      [`${prefix}.buyer.phone`]: ERASED_BUYER.phone,
      ...(delivery ? { [`${prefix}.fulfilment.address`]: ERASED_BUYER.address, [`${prefix}.fulfilment.contactName`]: ERASED_BUYER.name, [`${prefix}.fulfilment.phone`]: ERASED_BUYER.phone } : {}),
    });
    await this.orderDocs.updateOne({ _id: factId(stream, 1) } as never, { $set: blank('data.order') });
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.orderDocs.updateOne({ _id: stream, 'snapshot.version': { $exists: true } } as never, { $set: blank('snapshot.state') });
      const head = (await this.orderDocs.findOne({ _id: stream } as never, { projection: { 'snapshot.state.buyer': 1 } })) as { snapshot?: { state?: { buyer?: { name: string } } } } | null;
      if (!head?.snapshot?.state?.buyer || head.snapshot.state.buyer.name === ERASED_BUYER.name) break;
    }
    return placed.data.order.checkoutId;
  }

  /** For MongoDB in production: the scheduler's scans (handed-over orders, unfinished effects). */
  async ensureIndexes(): Promise<void> {
    await this.orderDocs.createIndex({ kind: 1, 'snapshot.state.status': 1 });
    await this.orderDocs.createIndex({ kind: 1, effectsDone: 1 });
  }

  async get(allianceId: string, orderId: string): Promise<OrderState | null> {
    if (!/^[A-Za-z0-9-]{1,80}$/.test(orderId)) return null;
    const r = await this.orders.appendWithRetry<OrderFact, OrderState>(orderStream(allianceId, orderId), () => null, { projection: orderProjection });
    return r.version === 0 ? null : r.state;
  }

  /** The placed fact is version 1: a second attempt (recovery after a crash) finds it there. */
  async place(order: PlacedOrder): Promise<void> {
    await this.orders.append(orderStream(order.allianceId, order.orderId), 0, { type: 'placed', order } satisfies OrderFact, {
      state: orderProjection.evolve(orderProjection.initial, { type: 'placed', order }),
    });
  }

  /** Appends what `decide` says on the current state; a concurrent writer makes it decide again. */
  async change(allianceId: string, orderId: string, decide: (state: OrderState) => Decision): Promise<ChangeResult | null> {
    let error: UserError | null = null;
    let missing = false;
    let before = orderProjection.initial;
    const r = await this.orders.appendWithRetry<OrderFact, OrderState>(
      orderStream(allianceId, orderId),
      (state, version) => {
        if (version === 0) {
          missing = true;
          return null;
        }
        before = state;
        const d = decide(state);
        error = 'error' in d ? d.error : null;
        return 'fact' in d ? d.fact : null;
      },
      { projection: orderProjection, maxAttempts: 20 },
    );
    if (missing) return null;
    return { before, state: r.state, version: r.version, fact: r.appended ? r.fact : null, error };
  }

  /** No order of this member was ever listed in this alliance (新人: a first order). One head read and a probe. */
  async isFirstOrder(allianceId: string, subject: string): Promise<boolean> {
    return (await this.lists.streamVersion(listStream(allianceId, { mine: subject }))) === 0;
  }

  /**
   * Adds an order to a list. `recovering`: a crashed checkout may have added it already, so look
   * among the newest entries first (a handful of `_id` reads).
   */
  async addToList(allianceId: string, list: OrderList, orderId: string, recovering = false): Promise<void> {
    // An entry does not depend on what the list holds: it takes the next free slot, no retry rounds.
    await this.lists.appendAnywhere<ListEntry>(listStream(allianceId, list), { orderId }, recovering ? { unlessAmongNewest: { limit: 50, same: (f) => f.orderId === orderId } } : {});
  }

  /** A page of order ids, newest first, and the cursor (a version) for the next page. */
  async page(allianceId: string, list: OrderList, limit: number, before?: number): Promise<{ entries: { orderId: string; version: number }[]; next: number | null }> {
    const facts = await this.lists.readBackward<ListEntry>(listStream(allianceId, list), { limit, ...(before ? { beforeVersion: before } : {}) });
    const last = facts.at(-1);
    return { entries: facts.map((f) => ({ orderId: f.data.orderId, version: f.version })), next: last && last.version > 1 ? last.version : null };
  }

  async countStatus(allianceId: string, merchantId: string, orderId: string, from: OrderStatus | null, to: OrderStatus, recovering = false): Promise<void> {
    // Moves between states fold in any order, so a count takes the next free slot too.
    await this.lists.appendAnywhere<CountFact, StatusCounts>(
      countsStream(allianceId, merchantId),
      { orderId, from, to },
      { projection: countsProjection, ...(recovering ? { unlessAmongNewest: { limit: 50, same: (f) => f.orderId === orderId && f.to === to } } : {}) },
    );
  }

  async counts(allianceId: string, merchantId: string): Promise<StatusCounts> {
    return (await this.lists.appendWithRetry<CountFact, StatusCounts>(countsStream(allianceId, merchantId), () => null, { projection: countsProjection })).state;
  }

  /** The effects of every fact up to `version` were carried out (counts, event, inbox, stock, money). */
  async markEffectsDone(allianceId: string, orderId: string, version: number): Promise<void> {
    await this.orderDocs.updateOne({ _id: orderStream(allianceId, orderId) } as never, { $max: { effectsDone: version } });
  }

  /** Up to which fact the order's effects were carried out; null for orders from before the mark. */
  async effectsDone(allianceId: string, orderId: string): Promise<number | null> {
    const head = (await this.orderDocs.findOne({ _id: orderStream(allianceId, orderId) } as never, { projection: { effectsDone: 1 } })) as { effectsDone?: number } | null;
    return head?.effectsDone ?? null;
  }

  /** The order's facts in version order (an order has a few dozen at most). */
  async facts(allianceId: string, orderId: string) {
    return this.orders.readStream<OrderFact>(orderStream(allianceId, orderId), { limit: 1000 });
  }

  /**
   * Background only (a scan): orders whose newest facts' effects were not marked done, as a crash
   * between appending a fact and carrying out its effects leaves them. Orders from before the mark
   * existed have none and are not listed.
   */
  async lagging(): Promise<{ allianceId: string; orderId: string; effectsDone: number; version: number }[]> {
    const heads = await this.orderDocs
      .find({ kind: 'head', effectsDone: { $exists: true } }, { projection: { version: 1, effectsDone: 1, 'snapshot.state.allianceId': 1, 'snapshot.state.orderId': 1 } })
      .toArray();
    return heads.flatMap((h) => {
      const d = h as unknown as { version: number; effectsDone: number; snapshot?: { state: { allianceId: string; orderId: string } } };
      return d.snapshot && d.version > d.effectsDone ? [{ allianceId: d.snapshot.state.allianceId, orderId: d.snapshot.state.orderId, effectsDone: d.effectsDone, version: d.version }] : [];
    });
  }

  /** Background only (a scan): orders handed over whose after-sales window may have closed. */
  async handedOverIds(allianceId?: string): Promise<{ allianceId: string; orderId: string }[]> {
    const heads = await this.orderDocs
      .find({ kind: 'head', 'snapshot.state.status': { $in: ['PICKED_UP', 'DELIVERED'] }, ...(allianceId ? { 'snapshot.state.allianceId': allianceId } : {}) }, { projection: { 'snapshot.state.allianceId': 1, 'snapshot.state.orderId': 1 } })
      .toArray();
    return heads.map((h) => {
      const s = (h as unknown as { snapshot: { state: { allianceId: string; orderId: string } } }).snapshot.state;
      return { allianceId: s.allianceId, orderId: s.orderId };
    });
  }
}
