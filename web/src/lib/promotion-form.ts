/**
 * The proposal form of the merchant console: its fields read into a ProposePromotionInput, the values to
 * show again after a refused post, a counter-proposal's starting values, and the subgraph's userErrors
 * placed on the form's rows. Pure: no I/O.
 *
 * Amounts are typed in yuan and sent in fen; times are typed in Beijing time (datetime-local, no zone)
 * and sent as UTC instants.
 */
import { yuanToFen } from './money';
import type { UserErrorLike } from './user-errors';

export const PROMOTION_KINDS = ['SPEND_ACROSS_SHOPS', 'CROSS_STORE_COUPON', 'BUNDLE', 'NEW_MEMBER', 'GROUP_BUY', 'PRESALE'] as const;
export type PromotionKindName = (typeof PROMOTION_KINDS)[number];

/** The input sent to proposePromotion (the generated ProposePromotionInput, written out so this stays pure). */
export interface ProposalInput {
  kind: PromotionKindName;
  title: string;
  merchantId: string;
  partnerIds: string[];
  funding: { merchantId: string; percent: number | null; fixedFen: number | null; capFen: number | null }[];
  minSpendFen: number | null;
  minShops: number | null;
  discountFen: number | null;
  percentOff: number | null;
  maxDiscountFen: number | null;
  bundlePriceFen: number | null;
  groupSize: number | null;
  pickupDate: string | null;
  productIds: string[] | null;
  categories: string[] | null;
  neighborhoods: string[] | null;
  /** Group-only offer (仅限社群): the member pool's group ids; left out for everyone. */
  communityGroups?: string[] | null;
  stackGroup: string | null;
  startsAt: string;
  endsAt: string;
  totalLimit: number | null;
  perMemberLimit: number | null;
  budgetFen: number | null;
  idempotencyKey: string;
  counterTo: string | null;
}

export type ProposalParse = { ok: true; input: ProposalInput } | { ok: false; errors: UserErrorLike[] };

/** Beijing is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** "2026-05-01T10:00" typed in Beijing → "2026-05-01T02:00:00.000Z"; undefined when not such a time. */
export function shanghaiLocalToIso(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0'] = m.slice(1).map((x) => x ?? '0') as [string, string, string, string, string];
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - SHANGHAI_OFFSET_MS;
  const back = new Date(utc + SHANGHAI_OFFSET_MS);
  // Date.UTC rolls 2026-02-30 over into March: refuse what does not round-trip.
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return undefined;
  return new Date(utc).toISOString();
}

/** An instant as a datetime-local value in Beijing ("2026-05-01T10:00"). */
export function isoToShanghaiLocal(iso: unknown): string {
  if (typeof iso !== 'string' && typeof iso !== 'number') return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** The form's default schedule: from this minute for 30 days. */
export function defaultSchedule(nowMs: number): { startsAt: string; endsAt: string } {
  const start = Math.floor(nowMs / 60_000) * 60_000;
  return { startsAt: isoToShanghaiLocal(new Date(start).toISOString()), endsAt: isoToShanghaiLocal(new Date(start + 30 * 86_400_000).toISOString()) };
}

const str = (form: FormData, name: string, max = 200): string => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim().slice(0, max) : '';
};
const all = (form: FormData, name: string, max = 100): string[] =>
  [...new Set(form.getAll(name).filter((v): v is string => typeof v === 'string').map((v) => v.trim().slice(0, max)).filter(Boolean))].slice(0, 50);

/** Splits "p-fruit-01, p-bakery-02，p-x" (ASCII or Chinese commas, spaces) into ids. */
export function splitIds(value: string): string[] {
  return [...new Set(value.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean))].slice(0, 50);
}

/**
 * Reads the form. Only what cannot be sent at all is refused here (an amount that is not yuan, a time
 * that is not a time); the rules of a good proposal are the subgraph's, returned as userErrors.
 */
export function parseProposal(form: FormData): ProposalParse {
  const errors: UserErrorLike[] = [];
  const kindRaw = str(form, 'kind', 30);
  const kind = (PROMOTION_KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as PromotionKindName) : undefined;
  if (!kind) errors.push({ code: 'INVALID_KIND', message: 'kind', field: ['kind'] });

  const yuan = (name: string, field: string): number | null => {
    const v = str(form, name, 16);
    if (!v) return null;
    const fen = yuanToFen(v);
    if (fen === undefined) {
      errors.push({ code: 'INVALID_AMOUNT', message: name, field: field.split('.') });
      return null;
    }
    return fen;
  };
  const whole = (name: string, field = name): number | null => {
    const v = str(form, name, 12);
    if (!v) return null;
    if (!/^\d{1,9}$/.test(v)) {
      errors.push({ code: 'INVALID_NUMBER', message: name, field: [field] });
      return null;
    }
    return Number(v);
  };
  const time = (name: string, required: boolean): string | null => {
    const v = str(form, name, 20);
    if (!v && !required) return null;
    const iso = shanghaiLocalToIso(v);
    if (!iso) {
      errors.push({ code: 'INVALID_TIME', message: name, field: [name] });
      return null;
    }
    return iso;
  };

  const merchantId = str(form, 'merchantId', 80);
  const partnerIds = all(form, 'partner', 80).filter((id) => id !== merchantId);
  const percentMode = str(form, 'discountMode', 10) === 'percent';
  const minSpendFen = yuan('minSpendYuan', 'minSpendFen');
  const discountFen = percentMode ? null : yuan('discountYuan', 'discountFen');
  const percentOff = percentMode ? whole('percentOff') : null;
  const maxDiscountFen = percentMode ? yuan('maxDiscountYuan', 'maxDiscountFen') : null;
  const bundlePriceFen = yuan('bundlePriceYuan', 'bundlePriceFen');
  const budgetFen = yuan('budgetYuan', 'budgetFen');

  const fixedMode = str(form, 'fundingMode', 10) === 'fixed';
  const funding: ProposalInput['funding'] = [];
  for (const id of [merchantId, ...partnerIds]) {
    const share = str(form, `share.${id}`, 16);
    const capFen = yuan(`cap.${id}`, `funding.${id}.capFen`);
    if (!share) continue;
    if (fixedMode) {
      const fixedFen = yuanToFen(share);
      if (fixedFen === undefined) errors.push({ code: 'INVALID_AMOUNT', message: 'share', field: ['funding', id, 'fixedFen'] });
      funding.push({ merchantId: id, percent: null, fixedFen: fixedFen ?? null, capFen });
    } else {
      const percent = /^\d{1,3}$/.test(share) ? Number(share) : undefined;
      if (percent === undefined) errors.push({ code: 'INVALID_PERCENT', message: 'share', field: ['funding', id, 'percent'] });
      funding.push({ merchantId: id, percent: percent ?? null, fixedFen: null, capFen });
    }
  }

  const startsAt = time('startsAt', true);
  const endsAt = time('endsAt', true);
  const pickupDate = time('pickupDate', false);
  const products = splitIds(str(form, 'productIds', 2000));
  const categories = all(form, 'category', 40);
  const neighborhoods = all(form, 'neighborhood', 40);
  const communityGroups = all(form, 'communityGroup', 80);
  const input: ProposalInput = {
    kind: kind ?? 'SPEND_ACROSS_SHOPS',
    title: str(form, 'title', 100),
    merchantId,
    partnerIds,
    funding,
    minSpendFen,
    minShops: whole('minShops'),
    discountFen,
    percentOff,
    maxDiscountFen,
    bundlePriceFen,
    groupSize: whole('groupSize'),
    pickupDate,
    productIds: products.length ? products : null,
    categories: categories.length ? categories : null,
    neighborhoods: neighborhoods.length ? neighborhoods : null,
    ...(communityGroups.length ? { communityGroups } : {}),
    stackGroup: str(form, 'stackGroup', 40) || null,
    startsAt: startsAt ?? '',
    endsAt: endsAt ?? '',
    totalLimit: whole('totalLimit'),
    perMemberLimit: whole('perMemberLimit'),
    budgetFen,
    idempotencyKey: str(form, 'idempotencyKey', 100),
    counterTo: str(form, 'counterTo', 80) || null,
  };
  return errors.length ? { ok: false, errors } : { ok: true, input: onlyKindRules(input) };
}

type RuleField = 'minSpendFen' | 'minShops' | 'discount' | 'bundlePriceFen' | 'groupSize' | 'pickupDate';

/** The rule fields each kind uses (the form shows only these); the scope, schedule and limits are every kind's. */
export const KIND_RULES: Record<PromotionKindName, readonly RuleField[]> = {
  SPEND_ACROSS_SHOPS: ['minSpendFen', 'minShops', 'discount'],
  CROSS_STORE_COUPON: ['minSpendFen', 'discount'],
  BUNDLE: ['bundlePriceFen'],
  NEW_MEMBER: ['discount'],
  GROUP_BUY: ['groupSize', 'discount'],
  PRESALE: ['pickupDate', 'discount'],
};

/** Values typed into another kind's fields (hidden once the kind changed) are not sent. */
function onlyKindRules(input: ProposalInput): ProposalInput {
  const uses = new Set(KIND_RULES[input.kind]);
  return {
    ...input,
    minSpendFen: uses.has('minSpendFen') ? input.minSpendFen : null,
    minShops: uses.has('minShops') ? input.minShops : null,
    discountFen: uses.has('discount') ? input.discountFen : null,
    percentOff: uses.has('discount') ? input.percentOff : null,
    maxDiscountFen: uses.has('discount') ? input.maxDiscountFen : null,
    bundlePriceFen: uses.has('bundlePriceFen') ? input.bundlePriceFen : null,
    groupSize: uses.has('groupSize') ? input.groupSize : null,
    pickupDate: uses.has('pickupDate') ? input.pickupDate : null,
  };
}

/**
 * The subgraph names a funding share by its position (["input", "funding", "1", "percent"]); the form
 * names its rows by shop. Rewrites positions to the shop ids of `input.funding`, and drops a leading
 * "input", so each error lands beside the field it is about.
 */
export function placeProposalErrors<E extends UserErrorLike>(errors: readonly E[], funding: readonly { merchantId: string }[]): E[] {
  return errors.map((e) => {
    if (!e.field) return e;
    let field = e.field[0] === 'input' ? e.field.slice(1) : [...e.field];
    if (field.length === 1 && field[0]!.includes('.')) field = field[0]!.split('.');
    if (field[0] === 'funding' && field[1] !== undefined && /^\d+$/.test(field[1])) {
      const shop = funding[Number(field[1])]?.merchantId;
      if (shop) field = ['funding', shop, ...field.slice(2)];
    }
    return { ...e, field };
  });
}

/** The fields worth putting back after a refused post (never the idempotency key: a new try gets a new one). */
export function proposalFormValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string' || !value.trim() || name === 'idempotencyKey' || name === 'back' || name === 'op') continue;
    if (name === 'partner' || name === 'category' || name === 'neighborhood' || name === 'communityGroup') values[`${name}.${value.trim().slice(0, 80)}`] = 'on';
    else values[name.slice(0, 100)] = value.trim().slice(0, name === 'productIds' ? 600 : 100);
  }
  return values;
}

/** A counter-proposal starts from the proposal it answers (same rules and shares), schedule included. */
export interface ProposalSource {
  id: string;
  kind: string;
  title: string;
  proposerId: string;
  partners: readonly { merchantId: string }[];
  funding: readonly { merchantId: string; percent?: number | null; fixedFen?: number | null; cap?: { amountFen: number } | null }[];
  minSpend?: { amountFen: number } | null;
  minShops?: number | null;
  discount?: { amountFen: number } | null;
  percentOff?: number | null;
  maxDiscount?: { amountFen: number } | null;
  bundlePrice?: { amountFen: number } | null;
  groupSize?: number | null;
  pickupDate?: unknown;
  productIds: readonly string[];
  categories: readonly string[];
  neighborhoods: readonly string[];
  communityGroups?: readonly string[];
  stackGroup?: string | null;
  startsAt: unknown;
  endsAt: unknown;
  totalLimit?: number | null;
  perMemberLimit?: number | null;
  budget?: { amountFen: number } | null;
}

const yuanText = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Form values that start a counter-proposal from `p`, by `myShop` (who becomes the proposer). */
export function counterProposalValues(p: ProposalSource, myShop: string): Record<string, string> {
  const v: Record<string, string> = { kind: p.kind, title: p.title.slice(0, 40), counterTo: p.id };
  for (const id of [p.proposerId, ...p.partners.map((x) => x.merchantId)]) if (id !== myShop) v[`partner.${id}`] = 'on';
  if (p.minSpend) v.minSpendYuan = yuanText(p.minSpend.amountFen);
  if (p.minShops != null) v.minShops = String(p.minShops);
  if (p.percentOff != null) {
    v.discountMode = 'percent';
    v.percentOff = String(p.percentOff);
    if (p.maxDiscount) v.maxDiscountYuan = yuanText(p.maxDiscount.amountFen);
  } else if (p.discount) {
    v.discountMode = 'amount';
    v.discountYuan = yuanText(p.discount.amountFen);
  }
  if (p.bundlePrice) v.bundlePriceYuan = yuanText(p.bundlePrice.amountFen);
  if (p.groupSize != null) v.groupSize = String(p.groupSize);
  const pickup = isoToShanghaiLocal(p.pickupDate);
  if (pickup) v.pickupDate = pickup;
  if (p.productIds.length) v.productIds = p.productIds.join(', ');
  for (const c of p.categories) v[`category.${c}`] = 'on';
  for (const n of p.neighborhoods) v[`neighborhood.${n}`] = 'on';
  for (const g of p.communityGroups ?? []) v[`communityGroup.${g}`] = 'on';
  if (p.stackGroup) v.stackGroup = p.stackGroup;
  v.startsAt = isoToShanghaiLocal(p.startsAt);
  v.endsAt = isoToShanghaiLocal(p.endsAt);
  if (p.totalLimit != null) v.totalLimit = String(p.totalLimit);
  if (p.perMemberLimit != null) v.perMemberLimit = String(p.perMemberLimit);
  if (p.budget) v.budgetYuan = yuanText(p.budget.amountFen);
  const fixed = p.funding.some((f) => f.fixedFen != null);
  v.fundingMode = fixed ? 'fixed' : 'percent';
  for (const f of p.funding) {
    v[`share.${f.merchantId}`] = fixed ? yuanText(f.fixedFen ?? 0) : String(f.percent ?? '');
    if (f.cap) v[`cap.${f.merchantId}`] = yuanText(f.cap.amountFen);
  }
  return v;
}
