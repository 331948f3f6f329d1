import { createHash } from 'node:crypto';

/**
 * PIPL consent, pure: a member grants each allied shop each purpose separately, revokes each at any
 * time, and every change is a fact of her consent stream (who, what, when, the text she saw). What a
 * shop receives is decided here and nowhere else.
 */
export const PURPOSES = ['PROFILE', 'ORDER_HISTORY', 'MARKETING'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The data each purpose lets a shop receive (the portal labels the keys). */
export const FIELDS_OF: Record<Purpose, readonly string[]> = {
  PROFILE: ['name', 'phone', 'neighborhood'],
  ORDER_HISTORY: ['ordersElsewhere', 'spendElsewhere'],
  MARKETING: ['messages'],
};

/** Bumped whenever a text below changes: a grant records the version and the text it was given under. */
export const CONSENT_TEXT_VERSION = 1;

/** The text a member is shown for one shop and purpose, and agrees to when she grants it. */
export function consentText(purpose: Purpose, shopName: string): string {
  const shop = `「${shopName}」`;
  switch (purpose) {
    case 'PROFILE':
      return `我同意向${shop}提供我的姓名、手机号和所在小区，仅用于该店的会员服务和取货核对。仅此一家店铺，可随时在 我的 → 隐私 中撤回。`;
    case 'ORDER_HISTORY':
      return `我同意${shop}查看我在联盟其他店铺完成的订单数和消费金额（不含商品明细），仅用于会员权益和推荐。仅此一家店铺，可随时在 我的 → 隐私 中撤回。`;
    case 'MARKETING':
      return `我同意${shop}向我发送活动和优惠消息。仅此一家店铺，可随时在 我的 → 隐私 中撤回。`;
  }
}

export interface ConsentFact {
  action: 'GRANTED' | 'REVOKED';
  merchantId: string;
  purposes: Purpose[];
  by: 'MEMBER';
  at: string;
  /** The text shown for each purpose, in `purposes` order. */
  texts: string[];
  textVersion: number;
}

export interface PurposeState {
  granted: boolean;
  at: string;
  text: string;
}

/** Her consent now, per shop and purpose (the head's snapshot of her consent stream). */
export interface ConsentState {
  shops: Record<string, Partial<Record<Purpose, PurposeState>>>;
}

export const consentProjection = {
  initial: { shops: {} } as ConsentState,
  evolve(s: ConsentState, f: ConsentFact): ConsentState {
    const shop = { ...(s.shops[f.merchantId] ?? {}) };
    f.purposes.forEach((p, i) => (shop[p] = { granted: f.action === 'GRANTED', at: f.at, text: f.texts[i] ?? '' }));
    return { shops: { ...s.shops, [f.merchantId]: shop } };
  },
};

/** The purposes asked for, once each and in the canonical order; null for none or an unknown one. */
export function normalizePurposes(purposes: readonly string[]): Purpose[] | null {
  const set = new Set(purposes);
  const out = PURPOSES.filter((p) => set.has(p));
  return out.length === 0 || out.length !== set.size ? null : out;
}

/**
 * The fact a grant or revocation appends, or null when it changes nothing (granting what is granted,
 * revoking what never was): the log records changes, and a repeated click is not one.
 */
export function decideConsent(state: ConsentState, change: { merchantId: string; purposes: Purpose[]; grant: boolean; at: string; shopName: string }): ConsentFact | null {
  const shop = state.shops[change.merchantId] ?? {};
  const changing = change.purposes.filter((p) => (shop[p]?.granted ?? false) !== change.grant);
  if (changing.length === 0) return null;
  return {
    action: change.grant ? 'GRANTED' : 'REVOKED',
    merchantId: change.merchantId,
    purposes: changing,
    by: 'MEMBER',
    at: change.at,
    texts: changing.map((p) => consentText(p, change.shopName)),
    textVersion: CONSENT_TEXT_VERSION,
  };
}

export function grantedPurposes(state: ConsentState, merchantId: string): Purpose[] {
  const shop = state.shops[merchantId] ?? {};
  return PURPOSES.filter((p) => shop[p]?.granted);
}

/** Under 14 on `today` (YYYY-MM-DD, the service clock's date in China). */
export function isUnder14(birthDate: string | null | undefined, today: string): boolean {
  if (!birthDate) return false;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  return age < 14;
}

/** A birth date as a member types it: a real calendar date, not in the future, at most 120 years back. */
export function parseBirthDate(input: string, today: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = input.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return { ok: false, message: 'a birth date is YYYY-MM-DD' };
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return { ok: false, message: `${value} is not a calendar date` };
  if (value > today) return { ok: false, message: 'a birth date cannot be in the future' };
  if (Number(m[1]) < Number(today.slice(0, 4)) - 120) return { ok: false, message: 'a birth date is at most 120 years back' };
  return { ok: true, value };
}

/**
 * The id a shop knows a member by: different at every shop, so two shops comparing lists cannot join
 * them, and not reversible to her pool id.
 */
export function pseudonymFor(memberId: string, merchantId: string): string {
  return `sm_${createHash('sha256').update(`${memberId}\n${merchantId}`).digest('hex').slice(0, 20)}`;
}

export type SpendTier = 'LOW' | 'MID' | 'HIGH';
export function spendTierOf(spendFen: number): SpendTier {
  return spendFen < 10_000 ? 'LOW' : spendFen < 100_000 ? 'MID' : 'HIGH';
}

/** What the member pool holds about her that a shop might receive. */
export interface MemberFacts {
  id: string;
  displayName: string;
  phone: string | null;
  homeNeighborhood: string | null;
  /** The interests of the community groups she is in. */
  interests?: string[];
}

/** Her completed orders per shop (from order events): what ORDER_HISTORY and spend tiers are drawn from. */
export type OrderSummary = Record<string, { orders: number; spendFen: number; lastAt: string }>;

export interface ShopMemberView {
  id: string;
  purposes: Purpose[];
  since: string;
  name: string | null;
  phone: string | null;
  neighborhood: string | null;
  interests: string[] | null;
  ordersElsewhere: number | null;
  spendElsewhere: number | null;
  marketing: boolean;
  spendTier: SpendTier;
}

/**
 * What one shop sees of a member: nothing unless a purpose is granted to that shop and, for an
 * under-14 member, her guardian has confirmed; then only the fields of the granted purposes. The
 * shop's own sales with her (its spend tier) are its own records, shown beside a consented member.
 */
export function shopView(member: MemberFacts, consent: ConsentState, merchantId: string, orders: OrderSummary, guardianHolds: boolean, since: string): ShopMemberView | null {
  if (!guardianHolds) return null;
  const purposes = grantedPurposes(consent, merchantId);
  if (purposes.length === 0) return null;
  const has = (p: Purpose) => purposes.includes(p);
  const elsewhere = Object.entries(orders).filter(([shop]) => shop !== merchantId);
  return {
    id: pseudonymFor(member.id, merchantId),
    purposes,
    since,
    name: has('PROFILE') ? member.displayName : null,
    phone: has('PROFILE') ? member.phone : null,
    neighborhood: has('PROFILE') ? member.homeNeighborhood : null,
    interests: has('PROFILE') ? (member.interests ?? []) : null,
    ordersElsewhere: has('ORDER_HISTORY') ? elsewhere.reduce((n, [, s]) => n + s.orders, 0) : null,
    spendElsewhere: has('ORDER_HISTORY') ? elsewhere.reduce((n, [, s]) => n + s.spendFen, 0) : null,
    marketing: has('MARKETING'),
    spendTier: spendTierOf(orders[merchantId]?.spendFen ?? 0),
  };
}

/** The values she is shown beside each purpose: exactly what the shop would receive. */
export function receivedValues(purpose: Purpose, member: MemberFacts, orders: OrderSummary, merchantId: string): Array<{ key: string; value: string | null }> {
  const elsewhere = Object.entries(orders).filter(([shop]) => shop !== merchantId);
  const values: Record<string, string | null> = {
    name: member.displayName,
    phone: member.phone,
    neighborhood: member.homeNeighborhood,
    ordersElsewhere: String(elsewhere.reduce((n, [, s]) => n + s.orders, 0)),
    spendElsewhere: (elsewhere.reduce((n, [, s]) => n + s.spendFen, 0) / 100).toFixed(2),
    messages: null,
  };
  return FIELDS_OF[purpose].map((key) => ({ key, value: values[key] ?? null }));
}
