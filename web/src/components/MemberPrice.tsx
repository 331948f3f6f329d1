import { formatFen } from '@/lib/money';

/**
 * A member price (会员价) beside the list price: what every signed-in member of the alliance is charged.
 * Shown as its own labelled price, never as a struck-through "original" (明码标价).
 */
export function MemberPrice({ fen, label }: { fen: number; label: string }) {
  return (
    <span className="member-price small" data-testid="member-price" data-member-price-fen={fen}>
      {label} {formatFen(fen)}
    </span>
  );
}
