import type { FundingShare, PromotionKind, PromotionProposal } from './pricing.types.js';

/**
 * Validation of a proposal before anyone is asked to accept it: who pays what (the funding split) and
 * whether the rules of its kind can ever make sense. Every problem is reported, each at its input
 * path (`funding.1.percent`, `minSpendFen`), so the portal can mark every field at once.
 */

export const FUNDING_PROBLEM_CODES = [
  'TITLE_LENGTH',
  'UNKNOWN_KIND',
  'PARTNER_IS_PROPOSER',
  'DUPLICATE_PARTNER',
  'FUNDING_REQUIRED',
  'FUNDER_NOT_PARTICIPANT',
  'DUPLICATE_FUNDER',
  'SHARE_REQUIRED',
  'MIXED_FUNDING',
  'INVALID_PERCENT',
  'INVALID_FIXED_FEN',
  'FIXED_FUNDING_NEEDS_AMOUNT_OFF',
  'FUNDING_SUM',
  'INVALID_CAP',
  'INVALID_AMOUNT',
  'MIN_SPEND_REQUIRED',
  'DISCOUNT_REQUIRED',
  'DISCOUNT_AMBIGUOUS',
  'INVALID_PERCENT_OFF',
  'DISCOUNT_NOT_BELOW_MIN_SPEND',
  'INVALID_MIN_SHOPS',
  'MIN_SHOPS_UNREACHABLE',
  'BUNDLE_PRODUCTS',
  'BUNDLE_PRICE',
  'COUPON_NEEDS_TWO_SHOPS',
  'PRODUCTS_REQUIRED',
  'GROUP_SIZE',
  'TOTAL_LIMIT_REQUIRED',
  'PICKUP_DATE',
  'INVALID_DATE',
  'SCHEDULE_ORDER',
  'SCHEDULE_TOO_LONG',
  'INVALID_LIMIT',
  'INVALID_BUDGET',
] as const;
export type FundingProblemCode = (typeof FUNDING_PROBLEM_CODES)[number];

export interface FundingProblem {
  /** The input path at fault, dot-separated: `funding.1.percent`, `endsAt`. */
  field: string;
  code: FundingProblemCode;
  message: string;
}

export const MAX_TITLE_LENGTH = 40;
export const MAX_SCHEDULE_DAYS = 366;
export const MIN_GROUP_SIZE = 2;
export const MAX_GROUP_SIZE = 50;
const DAY_MS = 86_400_000;

export function fundingProblems(input: PromotionProposal): FundingProblem[] {
  const out: FundingProblem[] = [];
  const add = (field: string, code: FundingProblemCode, message: string) => out.push({ field, code, message });

  const titleLength = [...(input.title ?? '').trim()].length;
  if (titleLength < 1 || titleLength > MAX_TITLE_LENGTH) add('title', 'TITLE_LENGTH', `a title of 1 to ${MAX_TITLE_LENGTH} characters`);

  const participants = participantsOf(input, add);
  fundingSplitProblems(input, participants, add);
  kindProblems(input, participants.size, add);
  scheduleAndLimitProblems(input, add);
  return out;
}

/** The house's userError shape (field as a path array), for a mutation payload. */
export function asUserErrors(problems: readonly FundingProblem[]): { code: string; message: string; field: string[] }[] {
  return problems.map((p) => ({ code: p.code, message: p.message, field: p.field.split('.') }));
}

type Add = (field: string, code: FundingProblemCode, message: string) => void;

function participantsOf(input: PromotionProposal, add: Add): Set<string> {
  const participants = new Set<string>([input.proposerId]);
  input.partnerIds.forEach((id, i) => {
    if (id === input.proposerId) add(`partnerIds.${i}`, 'PARTNER_IS_PROPOSER', 'the proposing shop is not its own partner');
    else if (participants.has(id)) add(`partnerIds.${i}`, 'DUPLICATE_PARTNER', 'each partner at most once');
    participants.add(id);
  });
  return participants;
}

function fundingSplitProblems(input: PromotionProposal, participants: Set<string>, add: Add): void {
  const funding = input.funding;
  if (funding.length === 0) {
    add('funding', 'FUNDING_REQUIRED', 'at least one funding share');
    return;
  }
  const seen = new Set<string>();
  let percents = 0;
  let fixeds = 0;
  let sharesValid = true;
  funding.forEach((share, i) => {
    if (!participants.has(share.merchantId)) add(`funding.${i}.merchantId`, 'FUNDER_NOT_PARTICIPANT', 'every funder takes part in the promotion');
    else if (seen.has(share.merchantId)) add(`funding.${i}.merchantId`, 'DUPLICATE_FUNDER', 'each funder at most once');
    seen.add(share.merchantId);
    const hasPercent = present(share.percent);
    const hasFixed = present(share.fixedFen);
    if (hasPercent) percents += 1;
    if (hasFixed) fixeds += 1;
    if (!hasPercent && !hasFixed) {
      add(`funding.${i}`, 'SHARE_REQUIRED', 'a percent or a fixed amount per redemption');
      sharesValid = false;
    }
    if (hasPercent && !isIntegerIn(share.percent, 1, 100)) {
      add(`funding.${i}.percent`, 'INVALID_PERCENT', 'a whole percent from 1 to 100');
      sharesValid = false;
    }
    if (hasFixed && !isPositiveInteger(share.fixedFen)) {
      add(`funding.${i}.fixedFen`, 'INVALID_FIXED_FEN', 'a positive whole number of fen');
      sharesValid = false;
    }
    if (present(share.capFen) && !isPositiveInteger(share.capFen)) add(`funding.${i}.capFen`, 'INVALID_CAP', 'a cap is a positive whole number of fen');
  });
  if (percents > 0 && fixeds > 0) {
    add('funding', 'MIXED_FUNDING', 'shares are either all percentages or all fixed amounts');
    return;
  }
  if (!sharesValid) return;
  if (percents > 0) {
    const sum = funding.reduce((a, s) => a + (s.percent ?? 0), 0);
    if (sum !== 100) add('funding', 'FUNDING_SUM', `percentages sum to 100, not ${sum}`);
  } else {
    // A bundle's discount depends on the cart, so a fixed amount per redemption cannot add up to it.
    if (!present(input.discountFen) || input.kind === 'BUNDLE') {
      add('funding', 'FIXED_FUNDING_NEEDS_AMOUNT_OFF', 'fixed shares need an amount-off promotion (discountFen)');
      return;
    }
    const sum = funding.reduce((a, s) => a + (s.fixedFen ?? 0), 0);
    if (isPositiveInteger(input.discountFen) && sum !== input.discountFen) {
      add('funding', 'FUNDING_SUM', `fixed shares sum to the discount ${input.discountFen}, not ${sum}`);
    }
  }
}

function kindProblems(input: PromotionProposal, participantCount: number, add: Add): void {
  const hasAmount = present(input.discountFen);
  const hasPercent = present(input.percentOff);
  // Field-level checks apply whatever the kind, so no bad number slips through an optional field.
  for (const field of ['minSpendFen', 'discountFen', 'maxDiscountFen', 'bundlePriceFen'] as const) {
    if (present(input[field]) && !isPositiveInteger(input[field])) add(field, 'INVALID_AMOUNT', 'a positive whole number of fen');
  }
  if (hasPercent && !isIntegerIn(input.percentOff, 1, 99)) add('percentOff', 'INVALID_PERCENT_OFF', 'a whole percent from 1 to 99');
  if (present(input.minShops) && !isIntegerIn(input.minShops, 1, Number.MAX_SAFE_INTEGER)) add('minShops', 'INVALID_MIN_SHOPS', 'at least one shop');

  /** Exactly one action among amount off and percent off. */
  const oneAction = (required: boolean) => {
    if (hasAmount && hasPercent) add('discountFen', 'DISCOUNT_AMBIGUOUS', 'either an amount off or a percent off, not both');
    else if (required && !hasAmount && !hasPercent) add('discountFen', 'DISCOUNT_REQUIRED', 'an amount off or a percent off');
  };
  const products = input.productIds ?? [];

  switch (input.kind) {
    case 'SPEND_ACROSS_SHOPS': {
      if (!present(input.minSpendFen)) add('minSpendFen', 'MIN_SPEND_REQUIRED', 'a minimum spend');
      oneAction(true);
      if (isPositiveInteger(input.discountFen) && isPositiveInteger(input.minSpendFen) && input.discountFen >= input.minSpendFen) {
        add('discountFen', 'DISCOUNT_NOT_BELOW_MIN_SPEND', 'the discount is below the minimum spend');
      }
      const minShops = input.minShops ?? 2;
      if (Number.isSafeInteger(minShops) && minShops > participantCount) {
        add('minShops', 'MIN_SHOPS_UNREACHABLE', `only ${participantCount} shop(s) take part`);
      }
      break;
    }
    case 'BUNDLE':
      if (new Set(products).size < 2) add('productIds', 'BUNDLE_PRODUCTS', 'a bundle has at least two different products');
      if (!present(input.bundlePriceFen)) add('bundlePriceFen', 'BUNDLE_PRICE', 'a bundle price');
      break;
    case 'NEW_MEMBER':
      oneAction(true);
      break;
    case 'CROSS_STORE_COUPON':
      if (!present(input.discountFen)) add('discountFen', 'DISCOUNT_REQUIRED', 'a coupon has an amount off');
      if (hasPercent) add('percentOff', 'DISCOUNT_AMBIGUOUS', 'a coupon has an amount off, not a percent off');
      if (participantCount !== 2 || input.partnerIds.length !== 1) {
        add('partnerIds', 'COUPON_NEEDS_TWO_SHOPS', 'a coupon links the issuing shop (the proposer) and one redeeming shop');
      }
      break;
    case 'GROUP_BUY':
      if (products.length === 0) add('productIds', 'PRODUCTS_REQUIRED', 'the products of the group-buy');
      if (!isIntegerIn(input.groupSize, MIN_GROUP_SIZE, MAX_GROUP_SIZE)) add('groupSize', 'GROUP_SIZE', `a group of ${MIN_GROUP_SIZE} to ${MAX_GROUP_SIZE} people`);
      oneAction(true);
      break;
    case 'PRESALE':
      if (products.length === 0) add('productIds', 'PRODUCTS_REQUIRED', 'the products of the presale');
      if (!present(input.totalLimit)) add('totalLimit', 'TOTAL_LIMIT_REQUIRED', 'a presale has a limited quantity');
      if (!isFiniteTime(input.pickupDate)) add('pickupDate', 'PICKUP_DATE', 'a pickup date');
      else if (isFiniteTime(input.endsAt) && input.pickupDate <= input.endsAt) add('pickupDate', 'PICKUP_DATE', 'pickup comes after the presale ends');
      // A presale is sold at its presale price: without one there is nothing to count against its quantity.
      oneAction(true);
      break;
    default:
      add('kind', 'UNKNOWN_KIND', `unknown kind ${String((input as { kind: unknown }).kind)}`);
  }
}

function scheduleAndLimitProblems(input: PromotionProposal, add: Add): void {
  const startsOk = isFiniteTime(input.startsAt);
  const endsOk = isFiniteTime(input.endsAt);
  if (!startsOk) add('startsAt', 'INVALID_DATE', 'a valid start time');
  if (!endsOk) add('endsAt', 'INVALID_DATE', 'a valid end time');
  if (startsOk && endsOk) {
    if (input.endsAt <= input.startsAt) add('endsAt', 'SCHEDULE_ORDER', 'the end comes after the start');
    else if (input.endsAt - input.startsAt > MAX_SCHEDULE_DAYS * DAY_MS) add('endsAt', 'SCHEDULE_TOO_LONG', `at most ${MAX_SCHEDULE_DAYS} days long`);
  }
  for (const field of ['totalLimit', 'perMemberLimit'] as const) {
    if (present(input[field]) && !isPositiveInteger(input[field])) add(field, 'INVALID_LIMIT', 'a limit is a positive whole number');
  }
  if (present(input.budgetFen) && !isPositiveInteger(input.budgetFen)) add('budgetFen', 'INVALID_BUDGET', 'a budget is a positive whole number of fen');
}

/** Which kinds take an amount off per unit rather than once per order. */
export function isPerUnitKind(kind: PromotionKind): boolean {
  return kind === 'GROUP_BUY' || kind === 'PRESALE';
}

export function fundingWeight(share: FundingShare): number {
  return share.percent ?? share.fixedFen ?? 0;
}

function present<T>(v: T | null | undefined): v is T {
  return v !== null && v !== undefined;
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isIntegerIn(v: unknown, lo: number, hi: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi;
}

function isFiniteTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
