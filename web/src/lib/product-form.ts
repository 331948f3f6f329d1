/**
 * The product form (/merchant/products/new and /[id]): its fields as a ProductInput, and back. Prices are
 * typed in 元 and sent in fen without floats (money.ts yuanToFen). Spec rows are numbered by position
 * (`specs.<i>.name` …), so the merchants subgraph's error paths ['input','specs','<i>','priceFen'] name
 * the row the shop owner typed. Pure: unit-tested in product-form.test.ts.
 */
import type { ProductInput, SpecInput } from './generated/operations';
import { fenToYuan, yuanToFen } from './money';
import type { UserErrorLike } from './user-errors';

/** The subgraph's limits (schemas/merchants.graphql ProductInput), as the inputs' maxLength. */
export const LIMITS = { name: 60, description: 2000, unit: 10, specName: 20, specs: 20, stock: 1_000_000 } as const;

/** One spec row as typed (strings), and the stock it showed when the form was loaded. */
export interface SpecRowValues {
  /** An existing spec's id; empty for a new row. */
  id: string;
  name: string;
  price: string;
  memberPrice: string;
  stock: string;
  /** The stock shown when the form was loaded: unchanged, the spec's stock is left alone (sales since count). */
  stockWas: string;
}

export interface ProductFormValues {
  name: string;
  description: string;
  category: string;
  unit: string;
  /** A new product only: 上架 at once. */
  listed: boolean;
  specs: SpecRowValues[];
}

export const EMPTY_SPEC: SpecRowValues = { id: '', name: '', price: '', memberPrice: '', stock: '0', stockWas: '' };

const str = (form: FormData, name: string, max: number): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
};

/** The form as typed; rows are read in order until the first index that is missing. */
export function productFormValuesOf(form: FormData): ProductFormValues {
  const specs: SpecRowValues[] = [];
  for (let i = 0; i < LIMITS.specs && form.has(`specs.${i}.name`); i++) {
    specs.push({
      id: str(form, `specs.${i}.id`, 80),
      name: str(form, `specs.${i}.name`, LIMITS.specName + 10),
      price: str(form, `specs.${i}.price`, 16),
      memberPrice: str(form, `specs.${i}.memberPrice`, 16),
      stock: str(form, `specs.${i}.stock`, 12),
      stockWas: str(form, `specs.${i}.stockWas`, 12),
    });
  }
  return {
    name: str(form, 'name', LIMITS.name + 10),
    description: str(form, 'description', LIMITS.description + 10),
    category: str(form, 'category', 40),
    unit: str(form, 'unit', LIMITS.unit + 10),
    listed: form.get('listed') === 'on' || form.get('listed') === 'true',
    specs,
  };
}

const money = (raw: string): number | undefined => yuanToFen(raw.replace(/^[¥￥]/, ''));

/**
 * The ProductInput of the typed values, or the errors the portal can tell without asking (amounts that
 * are not 元, stock that is not a whole number), on the paths the subgraph uses. Everything else (lengths,
 * the category, a member price at or above the price) the subgraph decides and answers the same way.
 */
export function productInputOf(merchantId: string, v: ProductFormValues, creating: boolean): { input: ProductInput | null; errors: UserErrorLike[] } {
  const errors: UserErrorLike[] = [];
  const at = (i: number, field: string, code: string, message: string) => errors.push({ code, message, field: ['input', 'specs', String(i), field] });
  const specs: SpecInput[] = v.specs.map((s, i) => {
    const priceFen = money(s.price);
    if (priceFen === undefined) at(i, 'priceFen', 'INVALID_AMOUNT', 'price in yuan');
    let memberPriceFen: number | null = null;
    if (s.memberPrice) {
      const fen = money(s.memberPrice);
      if (fen === undefined) at(i, 'memberPriceFen', 'INVALID_AMOUNT', 'member price in yuan');
      else memberPriceFen = fen;
    }
    let stock: number | null = null;
    // An existing spec whose stock was not touched keeps its stream as it is (sales since loading count).
    if (!(s.id && s.stock === s.stockWas)) {
      if (!/^\d{1,7}$/.test(s.stock) || Number(s.stock) > LIMITS.stock) at(i, 'stock', 'INVALID_NUMBER', 'stock');
      else stock = Number(s.stock);
    }
    return { ...(s.id ? { id: s.id } : {}), name: s.name, priceFen: priceFen ?? 0, memberPriceFen, stock };
  });
  if (specs.length === 0) errors.push({ code: 'SPECS_REQUIRED', message: 'at least one spec', field: ['input', 'specs'] });
  if (errors.length) return { input: null, errors };
  return {
    input: { merchantId, name: v.name, description: v.description, category: v.category, unit: v.unit, specs, ...(creating ? { listed: v.listed } : {}) },
    errors,
  };
}

/** The values of a product as stored, to edit. */
export function productFormValuesFrom(p: {
  name: string;
  description: string;
  category: string;
  unit: string;
  listed: boolean;
  specs: readonly { id: string; name: string; stock: number; price: { amountFen: number }; memberPrice: { amountFen: number } | null }[];
}): ProductFormValues {
  return {
    name: p.name,
    description: p.description,
    category: p.category,
    unit: p.unit,
    listed: p.listed,
    specs: p.specs.map((s) => ({
      id: s.id,
      name: s.name,
      price: fenToYuan(s.price.amountFen),
      memberPrice: s.memberPrice ? fenToYuan(s.memberPrice.amountFen) : '',
      stock: String(s.stock),
      stockWas: String(s.stock),
    })),
  };
}

/**
 * The typed values as flash values (they come back after a refused save), flattened; the description is
 * left out when it would not fit the flash cookie (about 4 KB, sealed), and `descriptionDropped` says so.
 */
export function flashValuesOf(v: ProductFormValues, budgetBytes = 2400): Record<string, string> {
  const out: Record<string, string> = { name: v.name, category: v.category, unit: v.unit, listed: v.listed ? 'on' : '' };
  v.specs.forEach((s, i) => {
    for (const [k, value] of Object.entries(s)) out[`specs.${i}.${k}`] = value;
  });
  const withDescription = { ...out, description: v.description };
  return Buffer.byteLength(JSON.stringify(withDescription)) <= budgetBytes ? withDescription : { ...out, descriptionDropped: '1' };
}

/** The values a refused save left in the flash (inverse of flashValuesOf). */
export function productFormValuesFromFlash(values: Record<string, string>): ProductFormValues {
  const specs: SpecRowValues[] = [];
  for (let i = 0; i < LIMITS.specs && `specs.${i}.name` in values; i++) {
    const get = (k: keyof SpecRowValues) => values[`specs.${i}.${k}`] ?? '';
    specs.push({ id: get('id'), name: get('name'), price: get('price'), memberPrice: get('memberPrice'), stock: get('stock'), stockWas: get('stockWas') });
  }
  return { name: values.name ?? '', description: values.description ?? '', category: values.category ?? '', unit: values.unit ?? '', listed: values.listed === 'on', specs };
}
