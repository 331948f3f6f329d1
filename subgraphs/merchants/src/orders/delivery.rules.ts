import { CHINA_OFFSET_MS } from '@alliance/runtime/china-time';
import type { DeliverySettings, MerchantKind } from '../merchant/merchant.model.js';

/**
 * A shop's delivery terms: a fee, a subtotal from which delivery is free, and time slots. Until shops
 * edit their own settings (the catalogue issue), the terms follow the kind of shop; a service shop
 * (家政) does not deliver goods.
 */
export interface DeliveryTerms {
  feeFen: number;
  freeFromFen: number | null;
}

export interface DeliverySlot {
  /** `YYYYMMDD-HH` in China time: stable, sortable, readable in a support ticket. */
  id: string;
  label: string;
  startsAt: Date;
  endsAt: Date;
}

const TERMS: Record<MerchantKind, DeliveryTerms | null> = {
  FRUIT: { feeFen: 500, freeFromFen: 5000 },
  BAKERY: { feeFen: 600, freeFromFen: 8000 },
  YOGURT_TEA: { feeFen: 400, freeFromFen: 3000 },
  MOTHER_BABY: { feeFen: 800, freeFromFen: 10000 },
  FRESH_MARKET: { feeFen: 500, freeFromFen: 6000 },
  HOUSEHOLD_SERVICE: null,
};

/** What Merchant.delivery resolves from: the terms and the slots bookable now. */
export type DeliveryTermsModel = DeliveryTerms & { slots: DeliverySlot[] };

/**
 * The shop's own delivery settings (set at onboarding) when it has them; shops from before onboarding
 * follow their kind. A shop that does not deliver has none.
 */
export function deliveryTermsOf(shop: { kind: string; delivery?: DeliverySettings | null }): DeliveryTerms | null {
  if (shop.delivery) return shop.delivery.delivers ? { feeFen: shop.delivery.feeFen, freeFromFen: shop.delivery.freeFromFen } : null;
  return TERMS[shop.kind as MerchantKind] ?? null;
}

export function deliveryFeeFen(terms: DeliveryTerms, subtotalFen: number): number {
  return terms.freeFromFen !== null && subtotalFen >= terms.freeFromFen ? 0 : terms.feeFen;
}

/** Windows in China time (UTC+8, no daylight saving). */
const WINDOWS: readonly [number, number][] = [
  [10, 12],
  [17, 19],
  [19, 21],
];
/** A shop needs this long to pack before a slot starts. */
const LEAD_MS = 60 * 60_000;

/** The slots still bookable today and tomorrow (China time). */
export function deliverySlots(now: Date): DeliverySlot[] {
  const local = new Date(now.getTime() + CHINA_OFFSET_MS);
  const midnightUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - CHINA_OFFSET_MS;
  const slots: DeliverySlot[] = [];
  for (const day of [0, 1]) {
    for (const [from, to] of WINDOWS) {
      const startsAt = new Date(midnightUtc + day * 86_400_000 + from * 3600_000);
      if (startsAt.getTime() < now.getTime() + LEAD_MS) continue;
      const d = new Date(startsAt.getTime() + CHINA_OFFSET_MS);
      const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
      slots.push({
        id: `${ymd}-${String(from).padStart(2, '0')}`,
        label: `${day === 0 ? '今天' : '明天'} ${String(from).padStart(2, '0')}:00–${to}:00`,
        startsAt,
        endsAt: new Date(midnightUtc + day * 86_400_000 + to * 3600_000),
      });
    }
  }
  return slots;
}

/** A pickup point's day of orders is its China-time calendar day. */
export { chinaDay } from '@alliance/runtime/china-time';
