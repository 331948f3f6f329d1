import type { UserError } from '@alliance/runtime/domain-error';

/**
 * A member's cart (购物车), kept on the server so it survives logout and follows her across devices.
 * It is a stream of facts (two devices editing at once are decided by its version) whose head holds
 * the lines; prices and stock are looked up as they are now each time the cart is shown, and the
 * price a line was added at is kept only to flag a change, never to charge.
 */
export interface CartLineState {
  productId: string;
  specId: string;
  quantity: number;
  addedPriceFen: number;
}

export type CartFact =
  | { set: CartLineState } // quantity 0 removes the line
  | { cleared: true };

export const MAX_LINE_QUANTITY = 99;
export const MAX_LINES = 50;

const sameLine = (a: { productId: string; specId: string }, b: { productId: string; specId: string }) => a.productId === b.productId && a.specId === b.specId;

export const cartProjection = {
  initial: [] as CartLineState[],
  evolve(lines: CartLineState[], fact: CartFact): CartLineState[] {
    if ('cleared' in fact) return [];
    const rest = lines.filter((l) => !sameLine(l, fact.set));
    if (fact.set.quantity <= 0) return rest;
    const at = lines.findIndex((l) => sameLine(l, fact.set));
    // A changed line keeps its place in the cart; a new one goes last.
    return at < 0 ? [...rest, fact.set] : [...rest.slice(0, at), fact.set, ...rest.slice(at)];
  },
};

export function quantityProblems(quantity: number, field: string[], allowZero: boolean): UserError[] {
  const min = allowZero ? 0 : 1;
  if (!Number.isSafeInteger(quantity) || quantity < min || quantity > MAX_LINE_QUANTITY) {
    return [{ code: 'INVALID_QUANTITY', message: `quantity must be a whole number from ${min} to ${MAX_LINE_QUANTITY}`, field }];
  }
  return [];
}

/** The fact for "this line should now hold `quantity`" (capped), or a userError; null when nothing changes. */
export function decideSet(lines: readonly CartLineState[], line: CartLineState): { fact: CartFact | null } | { error: UserError } {
  const existing = lines.find((l) => sameLine(l, line));
  const quantity = Math.min(line.quantity, MAX_LINE_QUANTITY);
  if (!existing && quantity > 0 && lines.length >= MAX_LINES) {
    return { error: { code: 'CART_FULL', message: `a cart holds at most ${MAX_LINES} different items`, field: ['productId'] } };
  }
  if (existing && existing.quantity === quantity) return { fact: null };
  if (!existing && quantity === 0) return { fact: null };
  // Adding more of a line keeps the price it was first added at, so a change since then stays flagged.
  return { fact: { set: { ...line, quantity, addedPriceFen: existing && quantity > 0 ? existing.addedPriceFen : line.addedPriceFen } } };
}

export interface PricedItem {
  merchantId: string;
  /** What a unit costs her now: the member price where it applies (unitPriceFor). */
  priceFen: number;
  stock: number;
}

export interface CartLineView<P> {
  line: CartLineState;
  item: (P & PricedItem) | null;
  unitPriceFen: number;
  lineTotalFen: number;
  priceChanged: boolean;
  soldOut: boolean;
  unavailable: boolean;
}

export interface CartView<P> {
  groups: { merchantId: string; lines: CartLineView<P>[]; subtotalFen: number }[];
  /** Lines whose product or spec is gone from the catalogue: shown so she can remove them. */
  unavailable: CartLineView<P>[];
  totalFen: number;
  totalQuantity: number;
  hasProblems: boolean;
}

/** Lines grouped by shop in the order first added, each priced as it is now, problems flagged. */
export function viewCart<P>(lines: readonly CartLineState[], lookup: (line: CartLineState) => (P & PricedItem) | null): CartView<P> {
  const groups = new Map<string, CartLineView<P>[]>();
  const unavailable: CartLineView<P>[] = [];
  for (const line of lines) {
    const item = lookup(line);
    if (!item) {
      unavailable.push({ line, item: null, unitPriceFen: line.addedPriceFen, lineTotalFen: 0, priceChanged: false, soldOut: false, unavailable: true });
      continue;
    }
    const view: CartLineView<P> = {
      line,
      item,
      unitPriceFen: item.priceFen,
      lineTotalFen: item.priceFen * line.quantity,
      priceChanged: item.priceFen !== line.addedPriceFen,
      soldOut: item.stock < line.quantity,
      unavailable: false,
    };
    const group = groups.get(item.merchantId);
    if (group) group.push(view);
    else groups.set(item.merchantId, [view]);
  }
  const out = [...groups].map(([merchantId, ls]) => ({ merchantId, lines: ls, subtotalFen: ls.reduce((n, l) => n + l.lineTotalFen, 0) }));
  const all = [...out.flatMap((g) => g.lines), ...unavailable];
  return {
    groups: out,
    unavailable,
    totalFen: out.reduce((n, g) => n + g.subtotalFen, 0),
    totalQuantity: out.reduce((n, g) => n + g.lines.reduce((q, l) => q + l.line.quantity, 0), 0),
    hasProblems: all.some((l) => l.priceChanged || l.soldOut || l.unavailable),
  };
}
