/**
 * Member-pool facts the members subgraph publishes. A consent change is effective in the members
 * subgraph the moment it is stored (every shop-facing read checks the member's consent stream, no
 * cache); the event tells the other subgraphs and any cache of theirs to drop what she withdrew.
 * JSON Schemas: schemas/events/consent.*.v1.json.
 */
export type ConsentPurposeV1 = 'PROFILE' | 'ORDER_HISTORY' | 'MARKETING';

export interface ConsentChangedV1 {
  allianceId: string;
  /** The member's pool id (never the identity provider's subject). */
  memberId: string;
  merchantId: string;
  /** The purposes this change granted or revoked. */
  purposes: ConsentPurposeV1[];
  /** Who made the change: the member herself, or her guardian's confirmation. */
  by: 'MEMBER' | 'GUARDIAN';
  /** Version of her consent stream this change is: ordered per member. */
  version: number;
  at: string;
}

/**
 * A member erased herself (PIPL): every subgraph drops what identifies her and keeps the amounts (the
 * books still balance). Carries the subject because orders and ledger parties are keyed by it.
 */
export interface MemberErasedV1 {
  allianceId: string;
  memberId: string;
  memberSubject: string;
  at: string;
}

/** Points of one lot, named by its issuing shop (who pays for them when redeemed elsewhere). */
export interface PointsLotV1 {
  lotId: string;
  issuerId: string;
  points: number;
}

/** A completed order earned the buyer points at its shop's rate; that shop funds them. 1 point = 1 fen. */
export interface PointsIssuedV1 {
  allianceId: string;
  memberId: string;
  orderId: string;
  merchantId: string;
  lotId: string;
  points: number;
  expiresAt: string;
  at: string;
}

/**
 * A checkout redeemed points, spread over its shop orders; each order names the lots it took. The
 * settlement clears them: each issuing shop pays the redeeming shop, lot by lot.
 */
export interface PointsRedeemedV1 {
  allianceId: string;
  memberId: string;
  checkoutId: string;
  points: number;
  orders: Array<{ orderId: string; merchantId: string; points: number; lots: PointsLotV1[] }>;
  at: string;
}

/** Points of one order given back (a refund in proportion, a cancellation, a checkout that failed). */
export interface PointsReturnedV1 {
  allianceId: string;
  memberId: string;
  checkoutId: string;
  orderId: string;
  /** The shop the points had been redeemed at. */
  merchantId: string;
  points: number;
  lots: PointsLotV1[];
  at: string;
}

/** A lot reached its expiry with points left: breakage, shared by the alliance's rule. */
export interface PointsExpiredV1 {
  allianceId: string;
  memberId: string;
  lotId: string;
  issuerId: string;
  points: number;
  at: string;
}

/**
 * A member's stored value (储值) at one shop moved: TOP_UP at the counter, PAYMENT of a checkout at that
 * shop, REFUND of an order paid with it, PAYBACK of the balance in cash. The ledger books the shop's
 * liability to the member from these; `balanceFen` is the balance after the movement.
 */
export interface StoredValueMovedV1 {
  allianceId: string;
  memberId: string;
  memberSubject: string;
  merchantId: string;
  kind: 'TOP_UP' | 'PAYMENT' | 'REFUND' | 'PAYBACK';
  amountFen: number;
  balanceFen: number;
  checkoutId?: string;
  orderId?: string;
  at: string;
}
