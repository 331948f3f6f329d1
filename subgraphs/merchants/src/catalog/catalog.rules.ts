import { decodeCursor } from '@alliance/store/cursor';
import { CATEGORY_CODES } from './categories.js';

/** Storefront paging and filtering rules, free of GraphQL and mongoose. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 24;
const MAX_SEARCH_LENGTH = 50;

export interface StorefrontFilterInput {
  merchantId?: string | null;
  category?: string | null;
  neighborhood?: string | null;
  search?: string | null;
}

export interface PageRequest {
  limit: number;
  /** The storefront position (listKey) to continue after. */
  afterKey: string | null;
}

export type RuleResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

export function pageRequest(first: number | null | undefined, after: string | null | undefined): RuleResult<PageRequest> {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return { ok: false, field: 'first', message: `first must be between 1 and ${MAX_PAGE_SIZE}` };
  }
  if (after == null || after === '') return { ok: true, value: { limit, afterKey: null } };
  const afterKey = decodeCursor(after);
  if (!afterKey) return { ok: false, field: 'after', message: 'after is not a cursor this API issued' };
  return { ok: true, value: { limit, afterKey } };
}

export interface NormalizedFilter {
  merchantId?: string;
  category?: string;
  neighborhood?: string;
  search?: string;
}

export function normalizeFilter(input: StorefrontFilterInput | null | undefined): RuleResult<NormalizedFilter> {
  const out: NormalizedFilter = {};
  const trimmed = (v: string | null | undefined) => (v == null ? undefined : v.trim() || undefined);
  out.merchantId = trimmed(input?.merchantId);
  out.neighborhood = trimmed(input?.neighborhood);
  out.search = trimmed(input?.search);
  out.category = trimmed(input?.category);
  if (out.category && !CATEGORY_CODES.has(out.category)) {
    return { ok: false, field: 'filter.category', message: `unknown category "${out.category}"` };
  }
  if (out.search && out.search.length > MAX_SEARCH_LENGTH) {
    return { ok: false, field: 'filter.search', message: `search is limited to ${MAX_SEARCH_LENGTH} characters` };
  }
  return { ok: true, value: out };
}

/**
 * Storefront position of the `index`-th product of the shop at `shopIndex` when shops are interleaved
 * round-robin (each rank holds one product of every shop); the id makes the key unique.
 */
export function interleavedListKey(index: number, shopIndex: number, shopCount: number, id: string): string {
  return `${String(index * shopCount + shopIndex).padStart(8, '0')}|${id}`;
}
