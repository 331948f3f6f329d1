import type { UserError } from '@alliance/runtime/domain-error';

/**
 * Specs (规格): the variants a product is sold in (500 g / 1 kg, 6 寸 / 8 寸), each with its own price
 * and stock. A product has at least one; its listed price is the lowest, its stock the sum.
 */
export interface Spec {
  id: string;
  name: string;
  priceFen: number;
  stock: number;
  /**
   * 会员价: what an alliance member pays, when the shop set one (integer fen, below the price when set).
   * A later price change may leave it at or above the price; it then simply stops mattering (see
   * unitPriceFor) and is never rewritten behind the shop's back.
   */
  memberPriceFen?: number | null;
}

/** What a product document holds; documents from before specs have none and sell as one spec. */
export interface SpecSource {
  id: string;
  unit: string;
  priceFen: number;
  stock: number;
  specs?: readonly Spec[] | null;
}

export const specId = (productId: string, n: number) => `${productId}-${n}`;

export function specsOf(p: SpecSource): Spec[] {
  if (p.specs && p.specs.length > 0) {
    return p.specs.map(({ id, name, priceFen, stock, memberPriceFen }) => ({ id, name, priceFen, stock, ...(memberPriceFen != null ? { memberPriceFen } : {}) }));
  }
  return [{ id: specId(p.id, 1), name: p.unit, priceFen: p.priceFen, stock: p.stock }];
}

/** The product-level figures listings show: the lowest price ("from ¥…") and the stock of every spec. */
export function summarizeSpecs(specs: readonly Spec[]): { priceFen: number; stock: number } {
  return { priceFen: Math.min(...specs.map((s) => s.priceFen)), stock: specs.reduce((n, s) => n + s.stock, 0) };
}

/**
 * Which spec a line or a price change means: named, or left out when the product has exactly one.
 * Returns the spec or the userError that says why not.
 */
export function pickSpec(specs: readonly Spec[], requested: string | null | undefined, field: string[]): { spec: Spec } | { error: UserError } {
  if (requested == null || requested === '') {
    if (specs.length === 1) return { spec: specs[0]! };
    return { error: { code: 'SPEC_REQUIRED', message: `this product comes in ${specs.length} specs: name one`, field } };
  }
  const spec = specs.find((s) => s.id === requested);
  return spec ? { spec } : { error: { code: 'UNKNOWN_SPEC', message: 'no such spec of this product', field } };
}

export function withSpecPrice(specs: readonly Spec[], id: string, priceFen: number): Spec[] {
  return specs.map((s) => (s.id === id ? { ...s, priceFen } : s));
}

/** Every signed-in shopper is an alliance member (the shared member pool); a calling service is nobody. */
export const isMember = (principal: { service?: string | null } | null | undefined): boolean => !!principal && !principal.service;

/** The member price that counts now: set and below the price, else none. */
export function memberPriceFenOf(spec: Pick<Spec, 'priceFen' | 'memberPriceFen'>): number | null {
  return spec.memberPriceFen != null && spec.memberPriceFen < spec.priceFen ? spec.memberPriceFen : null;
}

/**
 * The one rule for what a unit costs: members pay the lower of the member price and the price,
 * everyone else the price. Checkout charges it, the cart shows it, a quote prices with it; promotions
 * then discount what it gives.
 */
export function unitPriceFor(spec: Pick<Spec, 'priceFen' | 'memberPriceFen'>, member: boolean): number {
  return member ? (memberPriceFenOf(spec) ?? spec.priceFen) : spec.priceFen;
}

/** A product's member price as listings show it: the lowest one that counts over its specs, or none. */
export function lowestMemberPriceFen(specs: readonly Pick<Spec, 'priceFen' | 'memberPriceFen'>[]): number | null {
  const prices = specs.map(memberPriceFenOf).filter((f): f is number => f !== null);
  return prices.length ? Math.min(...prices) : null;
}

/** A member price a shop may set on a spec: whole fen, above zero, below the spec's price (null clears it). */
export function memberPriceProblems(spec: Pick<Spec, 'priceFen'>, memberPriceFen: number | null): UserError[] {
  if (memberPriceFen === null) return [];
  const field = ['memberPriceFen'];
  if (!Number.isSafeInteger(memberPriceFen) || memberPriceFen <= 0) {
    return [{ code: 'INVALID_MEMBER_PRICE', message: 'a member price is a whole number of fen above zero', field }];
  }
  if (memberPriceFen >= spec.priceFen) {
    return [{ code: 'MEMBER_PRICE_NOT_BELOW_PRICE', message: `a member price must be below the price (${spec.priceFen} fen)`, field }];
  }
  return [];
}

export function withSpecMemberPrice(specs: readonly Spec[], id: string, memberPriceFen: number | null): Spec[] {
  return specs.map((s) => {
    if (s.id !== id) return s;
    const { memberPriceFen: _old, ...rest } = s;
    return memberPriceFen === null ? rest : { ...rest, memberPriceFen };
  });
}
