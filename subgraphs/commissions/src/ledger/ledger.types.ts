/**
 * The vocabulary of the commissions ledger. Amounts are integer fen; a posting's sign is from the
 * party's point of view (+ owed to the party, − owed by it), so every posting group sums to zero.
 */

export type PartyKind = 'SHOP' | 'MEMBER' | 'ALLIANCE' | 'CLEARING';

/** ALLIANCE: the alliance id; CLEARING: 'orders' (what shoppers paid, before it is split) or 'tax' (withheld income tax). */
export interface Party {
  kind: PartyKind;
  id: string;
}

export type AccountKind =
  | 'PAYMENT' // CLEARING: what shoppers paid (debit)
  | 'REVENUE' // SHOP: what the selling shop keeps
  | 'FEE' // ALLIANCE: the alliance fee
  | 'COMMISSION_L1' // MEMBER: the sharer
  | 'COMMISSION_L2' // MEMBER: the member who brought the sharer (there is no third level)
  | 'LEADER_COMMISSION' // MEMBER: the group leader of the pickup point
  | 'REFERRAL_FEE' // SHOP: the shop that first brought the buyer into the alliance
  | 'PROMOTION_COST' // SHOP: a funding shop's share of a promotion on another shop's order (debit)
  | 'WITHDRAWAL' // MEMBER: an approved withdrawal, the net paid to her (debit: she is owed that much less)
  | 'PAYOUT' // ALLIANCE: what it pays the member out of its account (the net)
  | 'TAX_WITHHELD' // MEMBER: income tax withheld from her withdrawal (debit); CLEARING 'tax': owed to the tax bureau
  | 'COLLECTED' // SHOP: what the shopper paid that the selling shop holds (debit); CLEARING: its counterpart
  | 'PROFIT_SHARING' // SHOP seller: paid out by 分账 (credit); ALLIANCE / referrer SHOP: received by it (debit)
  | 'POINTS_CLEARING' // SHOP: points redeemed there (credit: the issuers reimburse it) or issued by it and redeemed elsewhere (debit)
  | 'POINTS_BREAKAGE' // SHOP issuer: its share of its expired points owed to the alliance (debit); ALLIANCE: received (credit)
  | 'STORED_VALUE'; // SHOP: its stored-value liability to members (debit while it holds their top-ups); MEMBER: her balance there (credit)

export const ACCOUNT_KINDS: readonly AccountKind[] = [
  'PAYMENT',
  'REVENUE',
  'FEE',
  'COMMISSION_L1',
  'COMMISSION_L2',
  'LEADER_COMMISSION',
  'REFERRAL_FEE',
  'PROMOTION_COST',
  'WITHDRAWAL',
  'PAYOUT',
  'TAX_WITHHELD',
  'COLLECTED',
  'PROFIT_SHARING',
  'POINTS_CLEARING',
  'POINTS_BREAKAGE',
  'STORED_VALUE',
];

export type Stage = 'PENDING' | 'CONFIRMED';

export interface Posting {
  party: Party;
  account: AccountKind;
  stage: Stage;
  /** + owed to the party, − owed by it. */
  amountFen: number;
}

export type PostingGroupKind = 'ACCRUAL' | 'CONFIRMATION' | 'REVERSAL' | 'PROMOTION_COST' | 'WITHDRAWAL' | 'COLLECTION' | 'PROFIT_SHARING' | 'POINTS_CLEARING' | 'POINTS_BREAKAGE' | 'STORED_VALUE';

/** One source event's effect on the ledger; Σ amountFen = 0. */
export interface PostingGroup {
  sourceEventId: string;
  orderId: string;
  kind: PostingGroupKind;
  postings: Posting[];
}

/** The one clearing party: money paid by shoppers before it is split among the parties. */
export const CLEARING: Party = { kind: 'CLEARING', id: 'orders' };

export function partyKey(party: Party): string {
  return `${party.kind}:${party.id}`;
}

/**
 * A posting's identity, the key the repository inserts once: (sourceEventId, party, account, stage).
 * JSON keeps it unambiguous whatever characters the ids hold.
 */
export function postingKey(group: Pick<PostingGroup, 'sourceEventId'>, posting: Pick<Posting, 'party' | 'account' | 'stage'>): string {
  return JSON.stringify([group.sourceEventId, posting.party.kind, posting.party.id, posting.account, posting.stage]);
}
