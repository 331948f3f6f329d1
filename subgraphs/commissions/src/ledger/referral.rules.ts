import type { PostingGroup, Stage } from './ledger.types.js';

/** What a selling shop's order paid in referral fees to the shops that brought its buyer, per stage. */
export interface ReferralPaid {
  stage: Stage;
  amountFen: number;
}

/**
 * The referral fee comes out of the selling shop's order before its revenue is split (the shop's own
 * postings show only what it kept), so "paid" is read from the group: the REFERRAL_FEE postings to
 * shops other than the seller, summed per stage. Reversals come out negative, like the fees they undo.
 */
export function referralPaidBy(group: PostingGroup, seller: string): ReferralPaid[] {
  const byStage = new Map<Stage, number>();
  for (const p of group.postings) {
    if (p.account !== 'REFERRAL_FEE' || p.party.kind !== 'SHOP' || p.party.id === seller) continue;
    byStage.set(p.stage, (byStage.get(p.stage) ?? 0) + p.amountFen);
  }
  return [...byStage].filter(([, fen]) => fen !== 0).map(([stage, amountFen]) => ({ stage, amountFen }));
}
