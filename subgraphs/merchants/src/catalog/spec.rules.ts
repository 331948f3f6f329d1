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
  if (p.specs && p.specs.length > 0) return p.specs.map(({ id, name, priceFen, stock }) => ({ id, name, priceFen, stock }));
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
