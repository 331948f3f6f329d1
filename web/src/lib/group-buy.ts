/**
 * Group-buy (拼团) on the portal, pure: the checkout's own URL (a group-buy checkout buys one product
 * and leaves the cart alone), the group price per unit and the only "original" price that may be struck
 * through next to it (明码标价: the lowest price of the 7 days before, `referencePrice`), the countdown,
 * and how an order's group reads.
 */

export interface GroupBuyCheckout {
  promotionId: string;
  /** The group to join; null opens a new one. */
  groupId: string | null;
  productId: string;
  specId: string | null;
  quantity: number;
}

export const MAX_GROUP_BUY_QUANTITY = 99;

const ID = /^[A-Za-z0-9._:-]{1,100}$/;

const one = (v: string | string[] | null | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/**
 * The group-buy a checkout URL asks for (`gb`, `group`, `product`, `spec`, `qty`), or null for the cart's
 * checkout. Ids that could not be ids make it null too: the cart's checkout is the safe reading.
 */
export function groupBuyCheckoutOf(params: Record<string, string | string[] | undefined>): GroupBuyCheckout | null {
  const promotionId = one(params.gb);
  const productId = one(params.product);
  if (!ID.test(promotionId) || !ID.test(productId)) return null;
  const groupId = one(params.group);
  const specId = one(params.spec);
  const qty = one(params.qty);
  const quantity = /^\d{1,2}$/.test(qty) ? Math.min(Math.max(Number(qty), 1), MAX_GROUP_BUY_QUANTITY) : 1;
  return { promotionId, groupId: ID.test(groupId) ? groupId : null, productId, specId: ID.test(specId) ? specId : null, quantity };
}

/** The checkout page of a group-buy; `groupBuyCheckoutOf` reads it back. */
export function groupBuyCheckoutPath(c: GroupBuyCheckout): string {
  const q = new URLSearchParams({ gb: c.promotionId });
  if (c.groupId) q.set('group', c.groupId);
  q.set('product', c.productId);
  if (c.specId) q.set('spec', c.specId);
  q.set('qty', String(c.quantity));
  return `/checkout?${q.toString()}`;
}

/** The group-buy of a posted checkout form (hidden fields the group-buy checkout page writes), or null. */
export function groupBuyInputOf(form: FormData): { promotionId: string; groupId: string | null } | null {
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v.trim() : '';
  };
  const promotionId = field('groupBuy.promotionId');
  if (!ID.test(promotionId)) return null;
  const groupId = field('groupBuy.groupId');
  return { promotionId, groupId: ID.test(groupId) ? groupId : null };
}

/**
 * The "original" price that may be struck through next to a promotional price: only the lowest price
 * of the 7 days before (明码标价和禁止价格欺诈规定), and only when it is above the promotional price —
 * striking through an equal or lower number would claim a saving that is not there.
 */
export function struckPrice(promotionalFen: number, referenceFen: number): number | null {
  return referenceFen > promotionalFen ? referenceFen : null;
}

/**
 * One unit's group price, from a quote of `quantity` units asked with the group-buy: the unit price less
 * what that group-buy promotion takes off each unit (other promotions in the quote are not the group
 * price). Null when the group-buy gives nothing (not applicable, or another exclusive promotion won), or
 * when its discount does not split evenly over the units (then only the total is shown).
 */
export function groupUnitPrice(
  unitFen: number,
  referenceFen: number,
  applied: readonly { promotionId: string; amount: { amountFen: number } }[],
  promotionId: string,
  quantity = 1,
): { groupFen: number; struckFen: number | null } | null {
  const total = applied.filter((a) => a.promotionId === promotionId).reduce((s, a) => s + a.amount.amountFen, 0);
  if (total <= 0 || quantity < 1 || total % quantity !== 0) return null;
  const groupFen = Math.max(unitFen - total / quantity, 0);
  return { groupFen, struckFen: struckPrice(groupFen, referenceFen) };
}

export interface TimeLeft {
  ms: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** What is left until the deadline (a DateTime: an ISO string, typed unknown by codegen), never negative. */
export function timeLeft(deadline: unknown, nowMs: number): TimeLeft {
  const end = typeof deadline === 'string' ? Date.parse(deadline) : NaN;
  const ms = Number.isFinite(end) ? Math.max(end - nowMs, 0) : 0;
  const total = Math.floor(ms / 1000);
  return { ms, hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
}

/** 23:05:09 (hours may pass 24 for a group whose promotion allows it). */
export function formatTimeLeft(t: TimeLeft): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.hours)}:${two(t.minutes)}:${two(t.seconds)}`;
}

export type GroupBuyStatusLike = 'OPEN' | 'FILLED' | 'FAILED';

/**
 * How a group reads now: an OPEN group past its deadline is about to fail (the sweeper has not got to it
 * yet), so it is no longer offered to join.
 */
export function groupPhase(g: { status: GroupBuyStatusLike; deadline: unknown; needed: number }, nowMs: number): 'open' | 'closing' | 'filled' | 'failed' {
  if (g.status === 'FILLED') return 'filled';
  if (g.status === 'FAILED') return 'failed';
  return timeLeft(g.deadline, nowMs).ms > 0 && g.needed > 0 ? 'open' : 'closing';
}

/** joined of size as a whole percentage for the progress bar (0–100). */
export function groupProgressPercent(joined: number, size: number): number {
  if (size <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((joined / size) * 100)));
}
