/**
 * The checkout form ↔ PlaceOrderInput, pure. The lines travel as hidden fields holding what the shopper
 * saw (product, spec, quantity, unit price), so the server can flag a price that moved since
 * (`expectedUnitPriceFen`) and `userErrors` paths like ["lines", "2", "quantity"] index this same list.
 */
import { groupBuyInputOf } from './group-buy';
import { pointsToRedeemOf } from './points-view';

export interface CheckoutLineField {
  productId: string;
  specId?: string;
  quantity: number;
  unitFen: number;
}

export type Fulfilment = 'PICKUP' | 'DELIVERY';
export type PaymentChoice = 'ONLINE' | 'ON_HANDOVER' | 'STORED_VALUE';

export interface PlaceOrderInputShape {
  lines: { productId: string; specId?: string | null; quantity: number; expectedUnitPriceFen?: number | null }[];
  pickupPointId?: string | null;
  delivery?: { address: string; contactName: string; phone: string; slots?: { merchantId: string; slotId: string }[] | null } | null;
  paymentMethod: PaymentChoice;
  idempotencyKey: string;
  note?: string | null;
  contactPhone?: string | null;
  /** A group-buy checkout (拼团): open a new group, or join `groupId`. */
  groupBuy?: { promotionId: string; groupId: string | null } | null;
  /** Alliance points to pay with (1 point = ¥0.01); left out when she uses none. */
  pointsToRedeem?: number | null;
}

export const MAX_CHECKOUT_LINES = 100;

const field = (form: FormData, name: string, max = 200): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

export function readCheckoutLines(form: FormData): CheckoutLineField[] {
  const count = Math.min(Number(field(form, 'lineCount', 4)) || 0, MAX_CHECKOUT_LINES);
  const lines: CheckoutLineField[] = [];
  for (let i = 0; i < count; i++) {
    const productId = field(form, `line.${i}.productId`, 80);
    const specId = field(form, `line.${i}.specId`, 80);
    const quantity = field(form, `line.${i}.quantity`, 6);
    const unitFen = field(form, `line.${i}.unitFen`, 16);
    if (!productId) continue;
    // Not a number: sent as 0 / no expected price, and the server says what is wrong with the line.
    lines.push({
      productId,
      ...(specId ? { specId } : {}),
      quantity: /^-?\d{1,5}$/.test(quantity) ? Number(quantity) : 0,
      unitFen: /^\d{1,15}$/.test(unitFen) ? Number(unitFen) : -1,
    });
  }
  return lines;
}

/** The form's values, to fill the form in again after `userErrors` (no lines, no key: those are rebuilt). */
export function checkoutValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v !== 'string' || k.startsWith('line.') || k.startsWith('ppn.') || k === 'lineCount' || k === 'idempotencyKey' || k === 'back' || k.startsWith('groupBuy.') || k.startsWith('$')) continue;
    values[k] = v.slice(0, 300);
  }
  return values;
}

/** The payment radio's value; anything unknown is the default, online. */
export function paymentChoiceOf(value: string | undefined): PaymentChoice {
  return value === 'ON_HANDOVER' || value === 'STORED_VALUE' ? value : 'ONLINE';
}

export function placeOrderInput(form: FormData): PlaceOrderInputShape {
  const lines = readCheckoutLines(form).map((l) => ({
    productId: l.productId,
    specId: l.specId ?? null,
    quantity: l.quantity,
    expectedUnitPriceFen: l.unitFen >= 0 ? l.unitFen : null,
  }));
  const fulfilment: Fulfilment = field(form, 'fulfilment') === 'DELIVERY' ? 'DELIVERY' : 'PICKUP';
  const paymentMethod = paymentChoiceOf(field(form, 'paymentMethod'));
  const note = field(form, 'note', 200);
  const input: PlaceOrderInputShape = { lines, paymentMethod, idempotencyKey: field(form, 'idempotencyKey', 100), note: note || null };
  const groupBuy = groupBuyInputOf(form);
  if (groupBuy) input.groupBuy = groupBuy;
  const points = pointsToRedeemOf(field(form, 'pointsToRedeem', 20));
  if (points !== null) input.pointsToRedeem = points;
  if (fulfilment === 'PICKUP') {
    input.pickupPointId = field(form, 'pickupPointId', 80);
    const contactPhone = field(form, 'contactPhone', 20);
    if (contactPhone) input.contactPhone = contactPhone;
  } else {
    const slots: { merchantId: string; slotId: string }[] = [];
    for (const [k, v] of form.entries()) {
      if (k.startsWith('slot.') && typeof v === 'string' && v) slots.push({ merchantId: k.slice(5, 85), slotId: v.slice(0, 80) });
    }
    input.delivery = {
      address: field(form, 'address', 200),
      contactName: field(form, 'contactName', 50),
      phone: field(form, 'phone', 20),
      slots,
    };
  }
  return input;
}

/**
 * The neighbourhood to keep as the shopper's home after placing the order: the chosen pickup point's, when
 * she ticked "make it my neighbourhood" and picks up. Each point's neighbourhood travels beside it as
 * `ppn.<pickupPointId>`; she can only ever set her own home with it.
 */
export function homeNeighborhoodToRemember(form: FormData): string | null {
  if (field(form, 'rememberHome', 5) !== 'true' || field(form, 'fulfilment') === 'DELIVERY') return null;
  const point = field(form, 'pickupPointId', 80);
  const neighborhood = point ? field(form, `ppn.${point}`, 60) : '';
  return neighborhood || null;
}

/**
 * The pickup point offered first: the one the shopper chose before (after an error), else an open one in
 * her home neighbourhood, else the first open one.
 */
export function defaultPickupPoint(
  points: readonly { id: string; neighborhood: string; open: boolean }[],
  homeNeighborhood: string | null | undefined,
  chosen?: string,
): string | undefined {
  const open = points.filter((p) => p.open);
  if (chosen && open.some((p) => p.id === chosen)) return chosen;
  return (open.find((p) => homeNeighborhood && p.neighborhood === homeNeighborhood) ?? open[0])?.id;
}

/** A shop's delivery fee for this subtotal: free from `freeFrom` on. */
export function deliveryFeeFen(terms: { fee: { amountFen: number }; freeFrom: { amountFen: number } | null } | null, subtotalFen: number): number | null {
  if (!terms) return null;
  return terms.freeFrom && subtotalFen >= terms.freeFrom.amountFen ? 0 : terms.fee.amountFen;
}
