/** Storefront filters live in the URL (shareable): ?neighborhood=&merchant=&category=&q=&after=&page= */
import type { StorefrontFilter } from './types';

export interface StorefrontParams {
  neighborhood?: string;
  merchant?: string;
  category?: string;
  q?: string;
  after?: string;
  page: number;
}

export type RawSearchParams = Record<string, string | string[] | undefined>;

const KEYS = ['neighborhood', 'merchant', 'category', 'q', 'after'] as const;
type Key = (typeof KEYS)[number];

function one(value: string | string[] | undefined): string | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  return v ? v.slice(0, 200) : undefined;
}

export function parseStorefrontParams(raw: RawSearchParams): StorefrontParams {
  const params: StorefrontParams = { page: 1 };
  for (const key of KEYS) {
    const v = one(raw[key]);
    if (v !== undefined) params[key] = v;
  }
  const page = Number(one(raw.page));
  if (params.after && Number.isInteger(page) && page > 1 && page < 10_000) params.page = page;
  return params;
}

export function toFilter(params: StorefrontParams): StorefrontFilter {
  const filter: StorefrontFilter = {};
  if (params.merchant) filter.merchantId = params.merchant;
  if (params.category) filter.category = params.category;
  if (params.neighborhood) filter.neighborhood = params.neighborhood;
  if (params.q) filter.search = params.q;
  return filter;
}

export function hasFilters(params: StorefrontParams): boolean {
  return Boolean(params.merchant || params.category || params.neighborhood || params.q);
}

/**
 * Link to the storefront with `changes` applied. Changing any filter starts again at the first page;
 * pass `after`/`page` explicitly to page.
 */
export function storefrontHref(
  params: StorefrontParams,
  changes: Partial<Record<Key | 'page', string | number | undefined>>,
): string {
  const next: Partial<Record<Key | 'page', string>> = {};
  for (const key of KEYS) if (key !== 'after' && params[key]) next[key] = params[key];
  for (const [key, value] of Object.entries(changes) as [Key | 'page', string | number | undefined][]) {
    if (value === undefined || value === '') delete next[key];
    else next[key] = String(value);
  }
  const qs = new URLSearchParams(next as Record<string, string>).toString();
  return qs ? `/?${qs}` : '/';
}
