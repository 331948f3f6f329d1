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
