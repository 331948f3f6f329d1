import type { UserError } from '@alliance/runtime/domain-error';
import { MAX_PRICE_FEN } from '../catalog/product-price.rules.js';
import { MERCHANT_KINDS, type DeliverySettings, type MerchantKind } from './merchant.model.js';

/** Kinds that sell food (infant formula counts): they need a 食品经营许可证 (食品安全法 Art. 35). */
export const FOOD_KINDS: readonly MerchantKind[] = ['FRUIT', 'BAKERY', 'YOGURT_TEA', 'MOTHER_BABY', 'FRESH_MARKET'];

/** 统一社会信用代码 (GB 32100-2015): 18 characters from digits and capitals without I, O, S, V, Z. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const SHOP_ID = /^[a-z0-9](?:[a-z0-9-]{1,28})[a-z0-9]$/;
/** Keycloak lowercases usernames; these are the characters that survive every login form. */
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface OnboardingInput {
  id: string;
  name: string;
  kind: MerchantKind;
  neighborhood: string;
  neighborhoodsServed: readonly string[];
  address: string;
  badge?: string | null;
  description?: string | null;
  delivery: { delivers: boolean; feeFen?: number | null; freeFromFen?: number | null };
  businessLicenceNumber: string;
  businessLicenceUploadId?: string | null;
  foodPermitNumber?: string | null;
  foodPermitUploadId?: string | null;
  ownerUsername: string;
  ownerEmail: string;
}

/** The shop as onboarding stores it: trimmed, normalised, defaults filled in. */
export interface OnboardedShop {
  id: string;
  name: string;
  kind: MerchantKind;
  neighborhood: string;
  neighborhoodsServed: string[];
  address: string;
  badge: string;
  description: string;
  delivery: DeliverySettings;
  businessLicenceNumber: string;
  foodPermitNumber: string | null;
  ownerUsername: string;
  ownerEmail: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const emailProblems = (email: string, field: string[]): UserError[] =>
  EMAIL.test(email) && email.length <= 254 ? [] : [{ code: 'INVALID_EMAIL', message: 'an e-mail address like name@example.com', field }];

export const sellsFood = (kind: MerchantKind) => FOOD_KINDS.includes(kind);

/** Every problem of an onboarding form, each on its field (`['input', …]`), and the shop it describes. */
export function onboardingProblems(input: OnboardingInput): { shop: OnboardedShop | null; problems: UserError[] } {
  const problems: UserError[] = [];
  const at = (...path: string[]) => ['input', ...path];
  const text = (value: string | null | undefined, field: string, label: string, max: number, min = 1): string => {
    const v = (value ?? '').trim();
    if (v.length < min || v.length > max) problems.push({ code: 'INVALID_LENGTH', message: `${label}: ${min} to ${max} characters`, field: at(field) });
    return v;
  };

  const id = input.id.trim();
  if (!SHOP_ID.test(id)) problems.push({ code: 'INVALID_ID', message: 'the shop id: 3 to 30 lowercase letters, digits and dashes, e.g. m-tea', field: at('id') });
  const name = text(input.name, 'name', 'the name', 40);
  if (!MERCHANT_KINDS.includes(input.kind)) problems.push({ code: 'INVALID_KIND', message: 'an unknown kind of shop', field: at('kind') });
  const neighborhood = text(input.neighborhood, 'neighborhood', 'the neighbourhood', 40);
  const served = [...new Set(input.neighborhoodsServed.map((n) => n.trim()).filter(Boolean))];
  if (served.length === 0) problems.push({ code: 'REQUIRED', message: 'name at least one neighbourhood the shop serves', field: at('neighborhoodsServed') });
  if (served.length > 50) problems.push({ code: 'TOO_MANY', message: 'at most 50 neighbourhoods', field: at('neighborhoodsServed') });
  served.forEach((n, i) => n.length > 40 && problems.push({ code: 'INVALID_LENGTH', message: 'a neighbourhood: at most 40 characters', field: at('neighborhoodsServed', String(i)) }));
  const address = text(input.address, 'address', 'the address', 200);
  const badge = input.badge?.trim() ? text(input.badge, 'badge', 'the badge', 2) : [...name][0] ?? '';
  const description = text(input.description, 'description', 'the description', 500, 0);

  const delivery = deliveryProblems(input.delivery, problems);

  const businessLicenceNumber = input.businessLicenceNumber.trim().toUpperCase();
  if (!CREDIT_CODE.test(businessLicenceNumber)) {
    problems.push({ code: 'INVALID_LICENCE_NUMBER', message: '统一社会信用代码: 18 characters, digits and capital letters except I, O, S, V, Z', field: at('businessLicenceNumber') });
  }
  const permit = input.foodPermitNumber?.trim().toUpperCase() || null;
  if (sellsFood(input.kind) && !permit) {
    problems.push({ code: 'FOOD_PERMIT_REQUIRED', message: 'a shop that sells food needs its 食品经营许可证 number', field: at('foodPermitNumber') });
  }
  if (permit && permit.length > 30) problems.push({ code: 'INVALID_LENGTH', message: 'the food permit number: at most 30 characters', field: at('foodPermitNumber') });
  if (input.foodPermitUploadId && !permit) problems.push({ code: 'FOOD_PERMIT_REQUIRED', message: 'a permit photo needs the permit number', field: at('foodPermitNumber') });

  const ownerUsername = input.ownerUsername.trim().toLowerCase();
  if (!USERNAME.test(ownerUsername)) problems.push({ code: 'INVALID_USERNAME', message: 'the owner’s username: 3 to 40 lowercase letters, digits, dots, dashes or underscores', field: at('ownerUsername') });
  const ownerEmail = normalizeEmail(input.ownerEmail);
  problems.push(...emailProblems(ownerEmail, at('ownerEmail')));

  if (problems.length) return { shop: null, problems };
  return {
    shop: { id, name, kind: input.kind, neighborhood, neighborhoodsServed: served, address, badge, description, delivery: delivery!, businessLicenceNumber, foodPermitNumber: permit, ownerUsername, ownerEmail },
    problems,
  };
}

function deliveryProblems(d: OnboardingInput['delivery'], problems: UserError[]): DeliverySettings | null {
  const fen = (value: number | null | undefined, field: string): boolean => {
    if (value === null || value === undefined) return true;
    if (Number.isSafeInteger(value) && value >= 0 && value <= MAX_PRICE_FEN) return true;
    problems.push({ code: 'INVALID_AMOUNT', message: `a whole, non-negative number of fen up to ${MAX_PRICE_FEN}`, field: ['input', 'delivery', field] });
    return false;
  };
  if (!d.delivers) return { delivers: false, feeFen: 0, freeFromFen: null };
  if (d.feeFen === null || d.feeFen === undefined) {
    problems.push({ code: 'REQUIRED', message: 'a shop that delivers charges a fee (0 for free delivery)', field: ['input', 'delivery', 'feeFen'] });
    return null;
  }
  const ok = fen(d.feeFen, 'feeFen') && fen(d.freeFromFen, 'freeFromFen');
  return ok ? { delivers: true, feeFen: d.feeFen, freeFromFen: d.freeFromFen ?? null } : null;
}

/**
 * A shop the alliance shows: seeded (no onboarding record) or onboarded to the end. One whose onboarding
 * stopped between the insert and the announcement (a crash) stays hidden, after a restart too, until the
 * admin repeats it.
 */
export const isAnnounced = (doc: { onboarding?: { completedAt: Date | string | null } | null }): boolean => !doc.onboarding || !!doc.onboarding.completedAt;
