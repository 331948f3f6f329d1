/**
 * The onboarding form's fields as OnboardMerchantInput. Only what the browser's text cannot carry is
 * decided here (yuan → whole fen, the served neighbourhoods' list); every rule of a shop (id pattern,
 * credit code, food permit for food kinds) is the merchants subgraph's, which names the field at fault.
 */
import { yuanToFen } from './money';
import type { MerchantKind, OnboardMerchantInput } from './generated/operations';
import type { UserErrorLike } from './user-errors';

export const MERCHANT_KINDS: readonly MerchantKind[] = ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET', 'HOUSEHOLD_SERVICE'];

/** The text fields, by their form name (= the input's field name where there is one). */
export const ONBOARD_TEXT_FIELDS = {
  id: 30,
  name: 40,
  kind: 30,
  neighborhood: 40,
  address: 120,
  badge: 2,
  description: 300,
  feeYuan: 12,
  freeFromYuan: 12,
  businessLicenceNumber: 30,
  businessLicenceUploadId: 100,
  foodPermitNumber: 40,
  foodPermitUploadId: 100,
  ownerUsername: 60,
  ownerEmail: 120,
} as const;

export type OnboardValues = Record<keyof typeof ONBOARD_TEXT_FIELDS, string> & {
  /** "on" when the shop delivers. */
  delivers: string;
  /** The served neighbourhoods, one a line (a flash value is a string). */
  served: string;
};

/** The ticked neighbourhoods and the typed ones ("甲小区, 乙小区" or with 、/，), each once, in that order. */
export function servedOf(ticked: readonly string[], typed: string): string[] {
  const all = [...ticked, ...typed.split(/[,，、;；\n]/)].map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 40);
  return [...new Set(all)].slice(0, 50);
}

const blankToNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export type OnboardParse = { input: OnboardMerchantInput; errors: [] } | { input: null; errors: UserErrorLike[] };

export function onboardInputOf(v: OnboardValues): OnboardParse {
  const errors: UserErrorLike[] = [];
  const delivers = v.delivers === 'on';
  const fen = (raw: string, field: string): number | null => {
    if (!delivers || raw.trim() === '') return null;
    const f = yuanToFen(raw.replace(/^¥/, ''));
    if (f === undefined) errors.push({ code: 'INVALID_AMOUNT', message: 'not an amount of yuan', field: ['input', 'delivery', field] });
    return f ?? null;
  };
  const feeFen = fen(v.feeYuan, 'feeFen');
  const freeFromFen = fen(v.freeFromYuan, 'freeFromFen');
  if (errors.length) return { input: null, errors };
  return {
    input: {
      id: v.id.trim(),
      name: v.name.trim(),
      kind: v.kind as MerchantKind,
      neighborhood: v.neighborhood.trim(),
      neighborhoodsServed: v.served.split('\n').filter((s) => s.length > 0),
      address: v.address.trim(),
      badge: blankToNull(v.badge),
      description: blankToNull(v.description),
      delivery: { delivers, feeFen: delivers ? (feeFen ?? 0) : null, freeFromFen },
      businessLicenceNumber: v.businessLicenceNumber.trim().toUpperCase(),
      businessLicenceUploadId: blankToNull(v.businessLicenceUploadId),
      foodPermitNumber: blankToNull(v.foodPermitNumber),
      foodPermitUploadId: blankToNull(v.foodPermitUploadId),
      ownerUsername: v.ownerUsername.trim(),
      ownerEmail: v.ownerEmail.trim(),
    },
    errors: [],
  };
}
