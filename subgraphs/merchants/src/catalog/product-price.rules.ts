import type { Principal } from '@alliance/auth';
import type { UserError } from '@alliance/runtime/domain-error';

/** ¥1,000,000 (in fen): far above anything a neighbourhood shop sells, low enough to catch a typo. */
export const MAX_PRICE_FEN = 100_000_000;

export function priceProblems(priceFen: number): UserError[] {
  if (!Number.isSafeInteger(priceFen) || priceFen < 0) {
    return [{ code: 'INVALID_PRICE', message: 'price must be a whole, non-negative number of fen', field: ['priceFen'] }];
  }
  if (priceFen > MAX_PRICE_FEN) {
    return [{ code: 'INVALID_PRICE', message: `price must be at most ${MAX_PRICE_FEN} fen`, field: ['priceFen'] }];
  }
  return [];
}

/** A shop's owner and staff change its products (prices, stock); nobody else, not even an alliance admin. */
export function canManageProductsOf(principal: Principal | null, merchantId: string): boolean {
  if (!principal) return false;
  const staff = principal.roles.includes('merchant-owner') || principal.roles.includes('merchant-staff');
  return staff && principal.merchantIds.includes(merchantId);
}
