import type { Logger } from 'pino';
import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { notOnSaleError } from '../catalog/on-sale.rules.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { toCatalogProduct } from '../catalog/catalog-projections.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import { isMember, memberPriceFenOf, pickSpec, unitPriceFor } from '../catalog/spec.rules.js';
import { PromotionsUnavailable, type AppliedDiscount, type DiscountSource } from '../service-commands/promotions-client.js';
import { MAX_LINES, MAX_QUANTITY, type OrderLineInput } from './checkout.rules.js';
import type { OrderRepository } from './order.repository.js';
import type { PickupPointRepository } from '../pickup/pickup-point.repository.js';

export interface QuoteLineModel {
  index: number;
  productId: string;
  specId: string;
  merchantId: string;
  category: string;
  /** The member price for a signed-in caller where the spec has one, else the price (unitPriceFor). */
  unitPriceFen: number;
  listPriceFen: number;
  memberPriceFen: number | null;
  quantity: number;
  discountFen: number;
}

export interface QuoteModel {
  lines: QuoteLineModel[];
  subtotalFen: number;
  discountTotalFen: number;
  applied: AppliedDiscount[];
  promotionsAvailable: boolean;
  userErrors: UserError[];
}

/**
 * A quote: the lines priced from the product documents as placeOrder prices them (by `_id`, never the
 * projection), then the discounts of the live promotions from the promotions subgraph. Nothing is
 * reserved. When promotions cannot answer, the quote still prices the lines and says so.
 */
export class QuoteService {
  constructor(
    private readonly request: RequestContext,
    private readonly products: ProductRepository,
    private readonly orders: OrderRepository,
    private readonly discounts: DiscountSource,
    private readonly pickupPoints: Pick<PickupPointRepository, 'list'>,
    private readonly logger: Logger,
    private readonly merchants: Pick<MerchantRepository, 'get'>,
  ) {}

  async quote(input: readonly OrderLineInput[], groupBuy: { promotionId: string; groupId?: string | null } | null = null, pickupPointId: string | null = null): Promise<QuoteModel> {
    const userErrors: UserError[] = [];
    if (input.length > MAX_LINES) {
      return { lines: [], subtotalFen: 0, discountTotalFen: 0, applied: [], promotionsAvailable: true, userErrors: [{ code: 'TOO_MANY_LINES', message: `at most ${MAX_LINES} lines`, field: ['lines'] }] };
    }
    const { allianceId, principal } = this.request;
    const docs = await this.products.getMany(allianceId, [...new Set(input.map((l) => l.productId))]);
    const byId = new Map(docs.filter((d) => d !== null).map((d) => [d.id, d]));
    // The lines' shops by `_id` (a handful): a suspended shop's lines are refused like at checkout.
    const shopIds = [...new Set([...byId.values()].map((d) => d.merchantId))];
    const shops = new Map((await Promise.all(shopIds.map((id) => this.merchants.get(allianceId, id)))).filter((m) => m !== null).map((m) => [m.id, m]));
    const lines: QuoteLineModel[] = [];
    const asMember = isMember(principal);
    input.forEach((l, i) => {
      const at = ['lines', String(i)];
      if (!Number.isSafeInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) {
        return void userErrors.push({ code: 'INVALID_QUANTITY', message: `a quantity from 1 to ${MAX_QUANTITY}`, field: [...at, 'quantity'] });
      }
      const doc = byId.get(l.productId);
      if (!doc) return void userErrors.push({ code: 'UNKNOWN_PRODUCT', message: 'No such product in this alliance', field: [...at, 'productId'] });
      // Not on sale (delisted, or its shop suspended): not priced; checkout refuses it by the same rule.
      const delisted = notOnSaleError(doc, shops.get(doc.merchantId), [...at, 'productId']);
      if (delisted) return void userErrors.push(delisted);
      const picked = pickSpec(toCatalogProduct(doc).specs, l.specId, [...at, 'specId']);
      if ('error' in picked) return void userErrors.push(picked.error);
      const { spec } = picked;
      lines.push({ index: i, productId: doc.id, specId: spec.id, merchantId: doc.merchantId, category: doc.category, unitPriceFen: unitPriceFor(spec, asMember), listPriceFen: spec.priceFen, memberPriceFen: memberPriceFenOf(spec), quantity: l.quantity, discountFen: 0 });
    });
    const subtotalFen = lines.reduce((s, l) => s + l.unitPriceFen * l.quantity, 0);
    const member = principal && !principal.service ? principal.subject : null;
    if (lines.length === 0) return { lines, subtotalFen, discountTotalFen: 0, applied: [], promotionsAvailable: true, userErrors };
    try {
      const d = await this.discounts.discounts(allianceId, {
        lines: lines.map(({ index, productId, merchantId, category, quantity, unitPriceFen }) => ({ index, productId, merchantId, category, quantity, unitPriceFen })),
        memberId: member,
        firstOrder: member ? await this.orders.isFirstOrder(allianceId, member) : false,
        groupBuy,
        neighborhood: pickupPointId ? ((await this.pickupPoints.list(allianceId)).find((p) => p.id === pickupPointId)?.neighborhood ?? null) : null,
      });
      for (const r of d.refusals) {
        userErrors.push(
          r.code === 'PRESALE_SOLD_OUT'
            ? { code: r.code, message: 'the presale has fewer units left than these lines ask for', field: ['lines'] }
            : { code: r.code, message: `the group-buy cannot be joined (${r.code})`, field: ['groupBuy'] },
        );
      }
      const off = new Map(d.lines.map((l) => [l.index, l.discountFen]));
      return { lines: lines.map((l) => ({ ...l, discountFen: off.get(l.index) ?? 0 })), subtotalFen, discountTotalFen: d.totalDiscountFen, applied: d.applied, promotionsAvailable: true, userErrors };
    } catch (err) {
      if (!(err instanceof PromotionsUnavailable)) throw err;
      this.logger.warn({ err }, 'promotions did not answer a quote: prices shown without discounts');
      return { lines, subtotalFen, discountTotalFen: 0, applied: [], promotionsAvailable: false, userErrors };
    }
  }
}
