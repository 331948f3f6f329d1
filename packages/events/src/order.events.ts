/**
 * Order facts the merchants subgraph publishes, one per transition of a shop order. Consumers: the
 * promotions (redemptions), commissions (attribution, settlement) and points of the next issues.
 * JSON Schemas: schemas/events/order.*.v1.json. Amounts are integer fen.
 */
export interface OrderFactV1 {
  allianceId: string;
  orderId: string;
  checkoutId: string;
  merchantId: string;
  /** The buyer's member subject (Keycloak `sub`). */
  memberSubject: string;
  totalFen: number;
  /** STORED_VALUE: paid at placement from her balance at the shop (储值); its refunds go back there. */
  paymentMethod: 'ONLINE' | 'ON_HANDOVER' | 'STORED_VALUE';
  /** The pickup point the order is collected at; null when delivered. */
  pickupPointId: string | null;
  /** When the transition happened (the service clock). */
  at: string;
}

export interface OrderLineV1 {
  lineId: string;
  productId: string;
  specId: string;
  category: string;
  quantity: number;
  unitPriceFen: number;
  /** This line's part of the order's promotion discount (absent: none). */
  discountFen?: number;
  /** This line's part of the alliance points the order was paid with, 1 point = 1 fen (absent: none). */
  pointsFen?: number;
}

export interface OrderPlacedV1 extends OrderFactV1 {
  lines: OrderLineV1[];
  subtotalFen: number;
  deliveryFeeFen: number;
  /** What promotions took off (absent: none). */
  discountFen?: number;
  /** Alliance points paid with (absent: none); totalFen = subtotal + delivery fee − discount − points. */
  pointsFen?: number;
}

/** paid, ready, at_pickup_point, picked_up, delivered, completed, cancelled */
export type OrderStatusChangedV1 = OrderFactV1 & {
  by: 'SHOPPER' | 'SHOP' | 'LEADER' | 'ADMIN' | 'SYSTEM' | 'PAYMENT';
  note?: string | null;
  /** The person who moved it (Keycloak subject), when a person did: the leader of a handover earns on it. */
  actorSubject?: string;
};

export interface OrderRefundedV1 extends OrderFactV1 {
  refundId: string;
  amountFen: number;
  /** Refunded of this order so far, this refund included (never more than totalFen). */
  refundedFen: number;
  lines: { lineId: string; quantity: number }[];
  restock: boolean;
}
