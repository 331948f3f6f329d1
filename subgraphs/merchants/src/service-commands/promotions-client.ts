import type { ServiceClient } from '@alliance/auth';

/**
 * What checkout and quotes ask the promotions subgraph (service commands, with merchants' own service
 * account, for the tenant of the request). Prices stay here; promotions answers only the discounts
 * for lines priced here, and never reads the catalogue.
 */
export interface DiscountLineRequest {
  index: number;
  productId: string;
  merchantId: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
}

export interface DiscountRequest {
  lines: DiscountLineRequest[];
  memberId: string | null;
  firstOrder: boolean;
  neighborhood?: string | null;
  groupBuy?: { promotionId: string; groupId?: string | null } | null;
}

export interface FunderCostFen {
  merchantId: string;
  costFen: number;
}

export interface AppliedDiscount {
  promotionId: string;
  kind: string;
  title: string;
  amountFen: number;
  explanation: string;
  lines: { index: number; discountFen: number }[];
  funders: FunderCostFen[];
  byShop: { merchantId: string; amountFen: number; funders: FunderCostFen[] }[];
}

export interface Discounts {
  lines: { index: number; discountFen: number }[];
  totalDiscountFen: number;
  applied: AppliedDiscount[];
  /** Promotions asked for that cannot apply: GROUP_FULL, GROUP_EXPIRED, ALREADY_IN_GROUP, UNKNOWN_GROUP. */
  refusals: { promotionId: string; code: string }[];
  groupBuy: { promotionId: string; groupId: string } | null;
}

export interface DiscountSource {
  discounts(allianceId: string, request: DiscountRequest): Promise<Discounts>;
  reserve(allianceId: string, checkoutId: string, request: DiscountRequest): Promise<Discounts>;
  release(allianceId: string, checkoutId: string): Promise<void>;
}

/** The promotions service could not answer (down, slow, refused): callers decide what that means. */
export class PromotionsUnavailable extends Error {
  override readonly name = 'PromotionsUnavailable';
}

const APPLIED = 'promotionId kind title amountFen explanation lines { index discountFen } funders { merchantId costFen } byShop { merchantId amountFen funders { merchantId costFen } }';
const DISCOUNTS = `lines { index discountFen } totalDiscountFen applied { ${APPLIED} } refusals { promotionId code } groupBuy { promotionId groupId }`;

export function promotionsClient(client: ServiceClient): DiscountSource {
  async function call<T>(allianceId: string, query: string, variables: Record<string, unknown>, field: string): Promise<T> {
    let r;
    try {
      r = await client.call<Record<string, T>>('promotions', allianceId, query, variables);
    } catch (err) {
      throw new PromotionsUnavailable(`promotions unreachable: ${(err as Error).message}`);
    }
    if (r.errors?.length || !r.data) throw new PromotionsUnavailable(`promotions refused: ${r.errors?.map((e) => e.message).join('; ') ?? 'no data'}`);
    return r.data[field]!;
  }
  return {
    discounts: (allianceId, request) => call(allianceId, `query Discounts($request: DiscountRequest!) { discounts(request: $request) { ${DISCOUNTS} } }`, { request }, 'discounts'),
    reserve: (allianceId, checkoutId, request) =>
      call(allianceId, `mutation Reserve($checkoutId: ID!, $request: DiscountRequest!) { reserveDiscounts(checkoutId: $checkoutId, request: $request) { ${DISCOUNTS} } }`, { checkoutId, request }, 'reserveDiscounts'),
    release: async (allianceId, checkoutId) => {
      await call(allianceId, 'mutation Release($checkoutId: ID!) { releaseDiscounts(checkoutId: $checkoutId) }', { checkoutId }, 'releaseDiscounts');
    },
  };
}
