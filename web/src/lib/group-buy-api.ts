/**
 * Group-buy (拼团) reads for the product page, the group page and the group-buy checkout (server-only).
 * A group's progress is public (anyone with its share link); who joined never is.
 */
import { getAccessToken } from './auth';
import { gql } from './gateway';
import { memberGql } from './member-gateway';
import { PICKUP_POINT_VIEW, SHOP_REF } from './fragments';
import { groupUnitPrice, type GroupBuyCheckout } from './group-buy';
import { QUOTE_VIEW } from './quote-api';
import type {
  PortalCheckoutPageQuery,
  PortalGroupBuyCheckoutQuery,
  PortalGroupBuyQuery,
  PortalGroupProductsQuery,
  PortalGroupUnitQuoteQuery,
  PortalOpenGroupBuysQuery,
} from './generated/operations';

const GROUP_BUY_VIEW = /* GraphQL */ `
  fragment GroupBuyView on GroupBuy { id promotionId title summary productIds size joined needed status openedAt deadline mine }
`;

const GROUP_BUY = /* GraphQL */ `
  query PortalGroupBuy($id: ID!) { groupBuy(id: $id) { ...GroupBuyView } }
  ${GROUP_BUY_VIEW}
`;

export type GroupBuyView = NonNullable<PortalGroupBuyQuery['groupBuy']>;

export async function getGroupBuy(id: string): Promise<GroupBuyView | null> {
  const token = await getAccessToken();
  return (await gql<PortalGroupBuyQuery>(GROUP_BUY, { id }, { token })).groupBuy;
}

const OPEN_GROUP_BUYS = /* GraphQL */ `
  query PortalOpenGroupBuys($promotionId: ID!) { openGroupBuys(promotionId: $promotionId) { ...GroupBuyView } }
  ${GROUP_BUY_VIEW}
`;

/** The groups still open to join; empty when they cannot be had (the shopper can still open one). */
export async function getOpenGroupBuys(promotionId: string): Promise<GroupBuyView[]> {
  try {
    const token = await getAccessToken();
    return (await gql<PortalOpenGroupBuysQuery>(OPEN_GROUP_BUYS, { promotionId }, { token })).openGroupBuys;
  } catch {
    return [];
  }
}

const GROUP_PRODUCTS = /* GraphQL */ `
  query PortalGroupProducts($id: ID!) {
    product(id: $id) {
      id name unit category stock
      price { amountFen } referencePrice { amountFen }
      specs { id name stock price { amountFen } referencePrice { amountFen } }
      merchant { ...ShopRef }
    }
  }
  ${SHOP_REF}
`;

export type GroupProductView = NonNullable<PortalGroupProductsQuery['product']>;

const UNIT_QUOTE = /* GraphQL */ `
  query PortalGroupUnitQuote($lines: [OrderLineInput!]!, $groupBuy: GroupBuyInput) {
    quote(lines: $lines, groupBuy: $groupBuy) { promotionsAvailable applied { promotionId amount { amountFen } } }
  }
`;

export interface SpecGroupPrice {
  specId: string;
  name: string;
  stock: number;
  priceFen: number;
  referenceFen: number;
  /** Null when the group-buy gives this spec nothing (or pricing did not answer). */
  group: { groupFen: number; struckFen: number | null } | null;
}

const MAX_PRICED_SPECS = 8;

/**
 * Each spec's group price per unit: a quote of one unit with the group-buy, as checkout prices it (the
 * promotion's rules stay in the promotions subgraph). Specs beyond the first few are shown without one.
 */
export async function getGroupPrices(product: Pick<GroupProductView, 'id' | 'specs'>, promotionId: string): Promise<SpecGroupPrice[]> {
  const token = await getAccessToken();
  return Promise.all(
    product.specs.map(async (s, i): Promise<SpecGroupPrice> => {
      const base = { specId: s.id, name: s.name, stock: s.stock, priceFen: s.price.amountFen, referenceFen: s.referencePrice.amountFen };
      if (i >= MAX_PRICED_SPECS) return { ...base, group: null };
      try {
        const q = (await gql<PortalGroupUnitQuoteQuery>(UNIT_QUOTE, { lines: [{ productId: product.id, specId: s.id, quantity: 1 }], groupBuy: { promotionId } }, { token })).quote;
        return { ...base, group: groupUnitPrice(s.price.amountFen, s.referencePrice.amountFen, q.applied, promotionId) };
      } catch {
        return { ...base, group: null };
      }
    }),
  );
}

/** A product with its specs' group prices; null when it is gone. */
export async function getGroupProduct(productId: string, promotionId: string): Promise<{ product: GroupProductView; prices: SpecGroupPrice[] } | null> {
  const token = await getAccessToken();
  const product = (await gql<PortalGroupProductsQuery>(GROUP_PRODUCTS, { id: productId }, { token })).product;
  if (!product) return null;
  return { product, prices: await getGroupPrices(product, promotionId) };
}

const GROUP_BUY_CHECKOUT = /* GraphQL */ `
  query PortalGroupBuyCheckout($productId: ID!, $lines: [OrderLineInput!]!, $groupBuy: GroupBuyInput!) {
    product(id: $productId) {
      id name unit category stock
      specs { id name stock price { amountFen } referencePrice { amountFen } }
      merchant { ...ShopRef delivery { fee { amountFen } freeFrom { amountFen } slots { id label startsAt endsAt } } }
    }
    me { id displayName homeNeighborhood }
    pickupPoints { ...PickupPointView }
    quote(lines: $lines, groupBuy: $groupBuy) { ...QuoteView userErrors { code message field } }
  }
  ${SHOP_REF}
  ${PICKUP_POINT_VIEW}
  ${QUOTE_VIEW}
`;

type CheckoutGroup = PortalCheckoutPageQuery['cart']['groups'][number];
export type GroupBuyQuote = PortalGroupBuyCheckoutQuery['quote'];

export interface GroupBuyCheckoutData {
  /** The one product's line, shaped like a cart's shop group so the checkout page lays it out the same. */
  groups: CheckoutGroup[];
  me: PortalCheckoutPageQuery['me'];
  pickupPoints: PortalCheckoutPageQuery['pickupPoints'];
  quote: GroupBuyQuote;
  /** The unit's group price and its struck-through reference price (null: nothing to strike). */
  unit: { priceFen: number; referenceFen: number } | null;
}

/**
 * What the group-buy checkout shows: the product bought at the group price (priced by the same quote
 * placeOrder runs, with the group-buy), the shopper's pickup points. Null when the product is gone.
 */
export async function getGroupBuyCheckout(c: GroupBuyCheckout): Promise<GroupBuyCheckoutData | null> {
  const line = { productId: c.productId, specId: c.specId, quantity: c.quantity };
  const data = await memberGql<PortalGroupBuyCheckoutQuery>(GROUP_BUY_CHECKOUT, {
    productId: c.productId,
    lines: [line],
    groupBuy: { promotionId: c.promotionId, groupId: c.groupId },
  });
  const p = data.product;
  if (!p) return null;
  const spec = (c.specId ? p.specs.find((s) => s.id === c.specId) : p.specs.length === 1 ? p.specs[0] : undefined) ?? null;
  // What checkout charges (a member price where there is one), as the same quote priced it.
  const unitFen = data.quote.lines[0]?.unitPrice.amountFen ?? spec?.price.amountFen ?? 0;
  const lineTotalFen = unitFen * c.quantity;
  const group: CheckoutGroup = {
    merchant: p.merchant,
    subtotal: { amountFen: lineTotalFen },
    lines: [
      {
        quantity: c.quantity,
        priceChanged: false,
        soldOut: spec ? spec.stock < c.quantity : false,
        unavailable: !spec,
        unitPrice: { amountFen: unitFen },
        addedPrice: { amountFen: unitFen },
        lineTotal: { amountFen: lineTotalFen },
        product: { id: p.id, name: p.name, unit: p.unit, category: p.category, stock: p.stock, specs: p.specs.map((s) => ({ id: s.id })) },
        spec: spec ? { id: spec.id, name: spec.name, stock: spec.stock } : null,
      },
    ],
  };
  return {
    groups: spec ? [group] : [],
    me: data.me,
    pickupPoints: data.pickupPoints,
    quote: data.quote,
    unit: spec ? { priceFen: unitFen, referenceFen: spec.referencePrice.amountFen } : null,
  };
}
