/**
 * The cart priced as placeOrder prices it, with the promotions that apply (server-only). Asked apart
 * from the cart itself: when pricing fails the cart still shows, without discounts.
 */
import { getAccessToken } from './auth';
import { gql } from './gateway';
import { memberGql } from './member-gateway';
import type { GuestLine } from './guest-cart';
import { toCartLineInputs } from './guest-cart';
import type { PortalCartQuoteQuery, PortalGuestQuoteQuery } from './generated/operations';

export const QUOTE_VIEW = /* GraphQL */ `
  fragment QuoteView on Quote {
    promotionsAvailable
    subtotal { amountFen } discountTotal { amountFen } total { amountFen }
    lines { index productId specId unitPrice { amountFen } discount { amountFen } }
    applied { promotionId kind title explanation amount { amountFen } }
  }
`;

const CART_QUOTE = /* GraphQL */ `
  query PortalCartQuote { cart { quote { ...QuoteView } } }
  ${QUOTE_VIEW}
`;

const GUEST_QUOTE = /* GraphQL */ `
  query PortalGuestQuote($lines: [OrderLineInput!]!) { quote(lines: $lines) { ...QuoteView } }
  ${QUOTE_VIEW}
`;

export type QuoteView = PortalCartQuoteQuery['cart']['quote'];

/** The member's cart quote, or null when it could not be had (the page then says so quietly). */
export async function getCartQuote(): Promise<QuoteView | null> {
  try {
    return (await memberGql<PortalCartQuoteQuery>(CART_QUOTE)).cart.quote;
  } catch {
    return null;
  }
}

/** A guest cart's quote (no member-only promotions), or null. */
export async function getGuestQuote(lines: GuestLine[]): Promise<QuoteView | null> {
  if (lines.length === 0) return null;
  try {
    const token = await getAccessToken();
    return (await gql<PortalGuestQuoteQuery>(GUEST_QUOTE, { lines: toCartLineInputs(lines) }, { token })).quote;
  } catch {
    return null;
  }
}
