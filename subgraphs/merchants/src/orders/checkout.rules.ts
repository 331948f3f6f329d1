import type { UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';
import { pickSpec, unitPriceFor, type Spec } from '../catalog/spec.rules.js';
import type { Fulfilment, OrderLine, PaymentMethod, PlacedOrder } from './order.rules.js';
import { deliveryFeeFen, type DeliverySlot, type DeliveryTerms } from './delivery.rules.js';

/**
 * Checkout as plain rules: the input's shape, then pricing every line from the products as stored
 * (never from the client) into one order per shop. Stock is checked here only to answer early; the
 * stock streams decide when the units are reserved.
 */

export interface OrderLineInput {
  productId: string;
  specId?: string | null;
  quantity: number;
  expectedUnitPriceFen?: number | null;
}

export interface PlaceOrderInput {
  lines: OrderLineInput[];
  pickupPointId?: string | null;
  delivery?: { address: string; contactName: string; phone: string; slots?: { merchantId: string; slotId: string }[] | null } | null;
  paymentMethod: PaymentMethod;
  idempotencyKey: string;
  note?: string | null;
  contactPhone?: string | null;
  groupBuy?: { promotionId: string; groupId?: string | null } | null;
  /** Alliance points to pay with (1 point = ¥0.01), spread over the checkout's shop orders. */
  pointsToRedeem?: number | null;
}

export const MAX_LINES = 50;
export const MAX_QUANTITY = 999;
const PHONE = /^1\d{10}$/;

export function placeOrderProblems(input: PlaceOrderInput): UserError[] {
  const problems: UserError[] = [];
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem) problems.push(keyProblem);
  if (input.lines.length === 0) problems.push({ code: 'EMPTY_CART', message: 'add at least one line', field: ['lines'] });
  if (input.lines.length > MAX_LINES) problems.push({ code: 'TOO_MANY_LINES', message: `at most ${MAX_LINES} lines per checkout`, field: ['lines'] });
  if (input.pointsToRedeem != null && (!Number.isSafeInteger(input.pointsToRedeem) || input.pointsToRedeem < 0)) {
    problems.push({ code: 'INVALID_POINTS', message: 'points to redeem are a whole number, 0 or more', field: ['pointsToRedeem'] });
  }
  input.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) {
      problems.push({ code: 'INVALID_QUANTITY', message: `a quantity from 1 to ${MAX_QUANTITY}`, field: ['lines', String(i), 'quantity'] });
    }
  });
  const hasPickup = !!input.pickupPointId;
  if (hasPickup === !!input.delivery) {
    problems.push({ code: 'FULFILMENT_REQUIRED', message: 'choose either a pickup point or delivery', field: ['pickupPointId'] });
  }
  if (input.delivery) {
    const d = input.delivery;
    if (d.address.trim().length < 4 || d.address.length > 200) problems.push({ code: 'INVALID_ADDRESS', message: 'an address of 4 to 200 characters', field: ['delivery', 'address'] });
    if (d.contactName.trim().length === 0 || d.contactName.length > 40) problems.push({ code: 'INVALID_NAME', message: 'a contact name of 1 to 40 characters', field: ['delivery', 'contactName'] });
    if (!PHONE.test(d.phone.trim())) problems.push({ code: 'INVALID_PHONE', message: 'an 11-digit mainland mobile number', field: ['delivery', 'phone'] });
  }
  if (input.contactPhone && !PHONE.test(input.contactPhone.trim())) problems.push({ code: 'INVALID_PHONE', message: 'an 11-digit mainland mobile number', field: ['contactPhone'] });
  if (input.note && input.note.length > 200) problems.push({ code: 'NOTE_TOO_LONG', message: 'a note of at most 200 characters', field: ['note'] });
  return problems;
}

/** A product as checkout prices it: read from its document by `_id`. */
export interface PricedProduct {
  id: string;
  merchantId: string;
  name: string;
  category: string;
  specs: Spec[];
}

export interface ShopTerms {
  merchantId: string;
  delivery: DeliveryTerms | null;
}

export interface CheckoutPricingInput {
  checkoutId: string;
  allianceId: string;
  buyer: { subject: string; name: string; phone: string };
  /** An alliance member pays member prices (every signed-in shopper is one: see isMember). */
  member: boolean;
  input: PlaceOrderInput;
  products: ReadonlyMap<string, PricedProduct>;
  shops: ReadonlyMap<string, ShopTerms>;
  slots: readonly DeliverySlot[];
  /** One six-digit code per order, drawn by the caller (randomness stays out of the rules). */
  pickupCodes: readonly string[];
  at: Date;
}

/** One line as reserved: which spec, how many, under which ref. */
export interface Reservation {
  orderId: string;
  lineId: string;
  productId: string;
  merchantId: string;
  spec: Spec;
  quantity: number;
}

export type Priced = { orders: PlacedOrder[]; reservations: Reservation[] } | { userErrors: UserError[] };

export function priceCheckout(p: CheckoutPricingInput): Priced {
  const problems: UserError[] = [];
  // Lines naming the same spec twice are one line: a stock check per spec must see the whole quantity.
  const merged = new Map<string, { product: PricedProduct; spec: Spec; unitPriceFen: number; quantity: number; at: number }>();
  p.input.lines.forEach((line, i) => {
    const at = ['lines', String(i)];
    const product = p.products.get(line.productId);
    if (!product) return void problems.push({ code: 'UNKNOWN_PRODUCT', message: 'No such product in this alliance', field: [...at, 'productId'] });
    const picked = pickSpec(product.specs, line.specId, [...at, 'specId']);
    if ('error' in picked) return void problems.push(picked.error);
    const spec = picked.spec;
    const unitPriceFen = unitPriceFor(spec, p.member);
    if (line.expectedUnitPriceFen != null && line.expectedUnitPriceFen !== unitPriceFen) {
      problems.push({
        code: 'PRICE_CHANGED',
        message: `the price of ${product.name} ${spec.name} is now ${(unitPriceFen / 100).toFixed(2)} yuan, not ${(line.expectedUnitPriceFen / 100).toFixed(2)}`,
        field: [...at, 'expectedUnitPriceFen'],
      });
    }
    const key = `${product.id}\u0000${spec.id}`;
    const seen = merged.get(key);
    merged.set(key, { product, spec, unitPriceFen, quantity: (seen?.quantity ?? 0) + line.quantity, at: seen?.at ?? i });
  });
  for (const m of merged.values()) {
    if (m.spec.stock < m.quantity) {
      problems.push({ code: 'OUT_OF_STOCK', message: `only ${m.spec.stock} of ${m.product.name} ${m.spec.name} left`, field: ['lines', String(m.at), 'quantity'] });
    }
  }
  if (problems.length) return { userErrors: problems };

  const byShop = new Map<string, { product: PricedProduct; spec: Spec; unitPriceFen: number; quantity: number }[]>();
  for (const m of merged.values()) byShop.set(m.product.merchantId, [...(byShop.get(m.product.merchantId) ?? []), m]);
  const merchantIds = [...byShop.keys()].sort();
  const orders: PlacedOrder[] = [];
  const reservations: Reservation[] = [];
  for (const [n, merchantId] of merchantIds.entries()) {
    const orderId = `${p.checkoutId}-${n + 1}`;
    const items = byShop.get(merchantId)!;
    const lines: OrderLine[] = items.map((m, i) => ({
      id: String(i + 1),
      productId: m.product.id,
      specId: m.spec.id,
      productName: m.product.name,
      specName: m.spec.name,
      category: m.product.category,
      unitPriceFen: m.unitPriceFen,
      listPriceFen: m.spec.priceFen,
      quantity: m.quantity,
    }));
    const subtotalFen = lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
    let fulfilment: Fulfilment;
    let feeFen = 0;
    if (p.input.delivery) {
      const terms = p.shops.get(merchantId)?.delivery;
      if (!terms) {
        problems.push({ code: 'DELIVERY_NOT_AVAILABLE', message: 'this shop does not deliver: choose a pickup point', field: ['delivery'] });
        continue;
      }
      const chosen = p.input.delivery.slots?.find((s) => s.merchantId === merchantId)?.slotId;
      const slot = chosen ? p.slots.find((s) => s.id === chosen) : p.slots[0];
      if (!slot) {
        problems.push({ code: 'UNKNOWN_SLOT', message: 'that delivery slot is not offered (any more)', field: ['delivery', 'slots'] });
        continue;
      }
      feeFen = deliveryFeeFen(terms, subtotalFen);
      const d = p.input.delivery;
      fulfilment = {
        kind: 'DELIVERY',
        address: d.address.trim(),
        contactName: d.contactName.trim(),
        phone: d.phone.trim(),
        slot: { id: slot.id, label: slot.label, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString() },
      };
    } else {
      fulfilment = { kind: 'PICKUP', pickupPointId: p.input.pickupPointId! };
    }
    orders.push({
      orderId,
      checkoutId: p.checkoutId,
      allianceId: p.allianceId,
      merchantId,
      buyer: p.buyer,
      lines,
      subtotalFen,
      deliveryFeeFen: feeFen,
      totalFen: subtotalFen + feeFen,
      paymentMethod: p.input.paymentMethod,
      fulfilment,
      pickupCode: p.pickupCodes[n] ?? '000000',
      note: p.input.note?.trim() || null,
      placedAt: p.at.toISOString(),
    });
    items.forEach((m, i) => reservations.push({ orderId, lineId: String(i + 1), productId: m.product.id, merchantId, spec: m.spec, quantity: m.quantity }));
  }
  if (problems.length) return { userErrors: problems };
  return { orders, reservations };
}

/** The stock movement a reservation appends, and the one that releases it: found again by these refs after a crash. */
export const reservationRef = (r: { orderId: string; lineId: string }) => `reserve:${r.orderId}:${r.lineId}`;
export const releaseRef = (r: { orderId: string; lineId: string }) => `release:${r.orderId}:${r.lineId}`;
