import { createHash } from 'node:crypto';
import type { UserError } from '@alliance/runtime/domain-error';
import { CATEGORY_CODES } from './categories.js';
import { interleavedListKey } from './catalog.rules.js';
import { priceProblems } from './product-price.rules.js';
import { memberPriceProblems, specId, type Spec } from './spec.rules.js';

/**
 * What a shop may write into its catalogue, as plain rules: the limits of every field, the specs a
 * form or a sheet turns into, the ids and storefront place of a new product. No database, no GraphQL.
 */
export const NAME_MAX = 60;
export const DESCRIPTION_MAX = 2000;
export const UNIT_MAX = 10;
export const SPEC_NAME_MAX = 20;
export const MAX_SPECS = 20;
export const MAX_STOCK = 1_000_000;

export interface SpecDraft {
  /** An existing spec to keep (updates only). */
  id?: string | null;
  name: string;
  priceFen: number;
  memberPriceFen?: number | null;
  /** A new spec's opening stock; for an existing one the level to move its stock stream to; absent: unchanged (new: 0). */
  stock?: number | null;
}

export interface ProductDraft {
  merchantId: string;
  name: string;
  description?: string | null;
  category: string;
  unit: string;
  specs: SpecDraft[];
  listed?: boolean | null;
}

/** The draft as stored: text trimmed, description present. */
export interface CleanDraft extends Omit<ProductDraft, 'description'> {
  description: string;
}

const problem = (code: string, message: string, field: string[]): UserError => ({ code, message, field });
/** A rule's own field (['priceFen']) placed where it sits in this input. */
const placed = (problems: UserError[], at: string[]): UserError[] => problems.map((p) => ({ ...p, field: [...at, ...(p.field ?? []).slice(-1)] }));

export function cleanDraft(d: ProductDraft): CleanDraft {
  return {
    ...d,
    name: d.name.trim(),
    description: (d.description ?? '').trim(),
    category: d.category.trim(),
    unit: d.unit.trim(),
    specs: d.specs.map((s) => ({ ...s, name: s.name.trim() })),
  };
}

export function stockProblems(stock: number, field: string[]): UserError[] {
  if (!Number.isSafeInteger(stock) || stock < 0 || stock > MAX_STOCK) return [problem('INVALID_STOCK', `stock is a whole number from 0 to ${MAX_STOCK}`, field)];
  return [];
}

/**
 * Every problem of a product form (or a sheet's product), each naming its field under `at`
 * (['input','specs','1','priceFen']). Validates the cleaned draft: what is stored is what is checked.
 */
export function productDraftProblems(d: CleanDraft, at: string[] = ['input']): UserError[] {
  const out: UserError[] = [];
  if (d.name.length < 1 || d.name.length > NAME_MAX) out.push(problem('INVALID_NAME', `a name of 1 to ${NAME_MAX} characters`, [...at, 'name']));
  if (d.description.length > DESCRIPTION_MAX) out.push(problem('DESCRIPTION_TOO_LONG', `a description of at most ${DESCRIPTION_MAX} characters`, [...at, 'description']));
  if (d.unit.length < 1 || d.unit.length > UNIT_MAX) out.push(problem('INVALID_UNIT', `a unit of 1 to ${UNIT_MAX} characters (斤, 个, 盒)`, [...at, 'unit']));
  if (!CATEGORY_CODES.has(d.category)) out.push(problem('UNKNOWN_CATEGORY', `no category "${d.category}"`, [...at, 'category']));
  if (d.specs.length < 1 || d.specs.length > MAX_SPECS) out.push(problem('INVALID_SPECS', `1 to ${MAX_SPECS} specs`, [...at, 'specs']));
  const names = new Set<string>();
  const ids = new Set<string>();
  d.specs.forEach((s, i) => {
    const sat = [...at, 'specs', String(i)];
    if (s.name.length < 1 || s.name.length > SPEC_NAME_MAX) out.push(problem('INVALID_SPEC_NAME', `a spec name of 1 to ${SPEC_NAME_MAX} characters`, [...sat, 'name']));
    else if (names.has(s.name)) out.push(problem('DUPLICATE_SPEC_NAME', `two specs are named "${s.name}"`, [...sat, 'name']));
    names.add(s.name);
    if (s.id) {
      if (ids.has(s.id)) out.push(problem('DUPLICATE_SPEC', 'the same spec is listed twice', [...sat, 'id']));
      ids.add(s.id);
    }
    const price = placed(priceProblems(s.priceFen), sat);
    out.push(...price);
    if (!price.length && s.memberPriceFen != null) out.push(...placed(memberPriceProblems(s, s.memberPriceFen), sat));
    if (s.stock != null) out.push(...stockProblems(s.stock, [...sat, 'stock']));
  });
  return out;
}

const asSpec = (id: string, s: SpecDraft, stock: number): Spec => ({ id, name: s.name, priceFen: s.priceFen, stock, ...(s.memberPriceFen != null ? { memberPriceFen: s.memberPriceFen } : {}) });

/** A new product's specs: `<id>-1`, `<id>-2`, … with their opening stock (absent: 0). */
export function newSpecs(productId: string, drafts: readonly SpecDraft[]): Spec[] {
  return drafts.map((s, i) => asSpec(specId(productId, i + 1), s, s.stock ?? 0));
}

export interface SpecPlan {
  /** The product's specs after the edit; kept specs carry the stock stored now (the stream moves it after). */
  specs: Spec[];
  /** Kept specs whose price changed: recorded in their price history like any price change. */
  priceChanges: { before: Spec; priceFen: number }[];
  /** Kept specs whose stock the form sets: moved through their stock stream to this level. */
  stockTargets: { spec: Spec; level: number }[];
  /** Specs no longer sold (carts show them as unavailable; orders keep their own copy). */
  removed: Spec[];
  userErrors: UserError[];
}

/**
 * How a form's specs change a product's: an `id` keeps (and edits) that spec, no `id` adds one under a
 * fresh id (`mintSpecId`: a removed spec's id is never reused, or its stock stream, price history and
 * cart lines would pass to another spec), a spec left out is removed.
 */
export function planSpecs(current: readonly Spec[], drafts: readonly SpecDraft[], mintSpecId: () => string, at: string[] = ['input']): SpecPlan {
  const plan: SpecPlan = { specs: [], priceChanges: [], stockTargets: [], removed: [], userErrors: [] };
  const byId = new Map(current.map((s) => [s.id, s]));
  drafts.forEach((d, i) => {
    if (!d.id) return void plan.specs.push(asSpec(mintSpecId(), d, d.stock ?? 0));
    const before = byId.get(d.id);
    if (!before) return void plan.userErrors.push(problem('UNKNOWN_SPEC', 'no such spec of this product', [...at, 'specs', String(i), 'id']));
    plan.specs.push(asSpec(before.id, d, before.stock));
    if (before.priceFen !== d.priceFen) plan.priceChanges.push({ before, priceFen: d.priceFen });
    if (d.stock != null) plan.stockTargets.push({ spec: before, level: d.stock });
  });
  const kept = new Set(drafts.map((d) => d.id).filter(Boolean));
  plan.removed = current.filter((s) => !kept.has(s.id));
  return plan;
}

/** A product id the shop's form creates: random, so two shops (or two taps) never collide by design. */
export const newProductId = (random: string) => `p-${random}`;

/**
 * The id of the product a sheet's 商品编码 names in a shop: derived from both, so importing the same
 * sheet again names the same products and inserting them again is a duplicate, not a second product.
 */
export function importedProductId(merchantId: string, code: string): string {
  return `p-${createHash('sha256').update(`${merchantId}\n${code}`).digest('base64url').replace(/[-_]/g, '').slice(0, 16).toLowerCase()}`;
}

/**
 * A new product's storefront place: it is the shop's `n`-th product, interleaved with the other shops'
 * n-th products as the seed does (each storefront "row" holds one product of every shop). So a newly
 * onboarded shop's first products appear near the top among every shop's first ones, rather than
 * after the whole alliance's catalogue, and a shop importing 2,000 products does not push every other
 * shop off the first pages. `shopIds` are the alliance's shops (any order); the id keeps the key unique.
 */
export function newListKey(n: number, merchantId: string, shopIds: readonly string[], productId: string): string {
  const sorted = [...new Set([...shopIds, merchantId])].sort();
  return interleavedListKey(n, sorted.indexOf(merchantId), sorted.length, productId);
}

/** The product's plain fields for the audit log (before/after). */
export function auditSnapshot(p: { name: string; description: string; category: string; unit: string; listed?: boolean | null; specs: readonly Spec[] }) {
  return {
    name: p.name,
    description: p.description,
    category: p.category,
    unit: p.unit,
    listed: p.listed ?? true,
    specs: p.specs.map((s) => ({ id: s.id, name: s.name, priceFen: s.priceFen, memberPriceFen: s.memberPriceFen ?? null, stock: s.stock })),
  };
}
