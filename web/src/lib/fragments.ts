/**
 * GraphQL fragments of the cart, checkout and order pages, appended (once each) to the operations in
 * cart-api.ts, orders-api.ts, desk-api.ts and leader-api.ts that spread them.
 */

export const SHOP_REF = /* GraphQL */ `
  fragment ShopRef on Merchant { id name kind badge neighborhood }
`;

export const CART_LINE_VIEW = /* GraphQL */ `
  fragment CartLineView on CartLine {
    quantity priceChanged soldOut unavailable
    unitPrice { amountFen } addedPrice { amountFen } lineTotal { amountFen }
    product { id name unit category stock specs { id } }
    spec { id name stock }
  }
`;

export const CART_VIEW = /* GraphQL */ `
  fragment CartView on Cart {
    totalQuantity hasProblems total { amountFen }
    groups {
      merchant { ...ShopRef delivery { fee { amountFen } freeFrom { amountFen } slots { id label startsAt endsAt } } }
      subtotal { amountFen }
      lines { ...CartLineView }
    }
    unavailableLines { ...CartLineView }
  }
`;

export const ORDER_CARD = /* GraphQL */ `
  fragment OrderCard on Order {
    id checkoutId status paymentMethod paid fulfilment pickupCode placedAt
    total { amountFen } refunded { amountFen }
    merchant { ...ShopRef }
    lines { id productName specName quantity }
    refunds { id status }
    pickupPoint { id name }
  }
`;

export const ORDER_DETAIL = /* GraphQL */ `
  fragment OrderDetail on Order {
    id checkoutId status paymentMethod paid fulfilment pickupCode placedAt note afterSalesUntil
    subtotal { amountFen } deliveryFee { amountFen } discount { amountFen } points { amountFen } total { amountFen } refunded { amountFen }
    promotions { promotionId kind title explanation amount { amountFen } }
    groupBuy { id status joined size needed deadline }
    merchant { ...ShopRef }
    lines { id productId specId productName specName quantity refundedQuantity unitPrice { amountFen } lineTotal { amountFen } discount { amountFen } }
    pickupPoint { id name address openingHours }
    delivery { address contactName maskedPhone slot { id label } }
    buyer { name maskedPhone }
    timeline { status at by note }
    refunds {
      id status reason restock note requestedAt decidedAt
      lines { lineId quantity }
      requested { amountFen } amount { amountFen }
    }
  }
`;

export const PICKUP_POINT_VIEW = /* GraphQL */ `
  fragment PickupPointView on PickupPoint { id name neighborhood address openingHours open }
`;
