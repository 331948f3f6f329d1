import type { Dictionary } from '@/i18n/dictionary';
import { formatFen } from '@/lib/money';

export interface AppliedPromotionLike {
  promotionId: string;
  kind: string;
  title: string;
  explanation: string;
  amount: { amountFen: number };
}

/** The promotions applied to a cart, a checkout or an order: what, why (in the shopper's words), how much. */
export function AppliedPromotions({ t, applied }: { t: Dictionary; applied: readonly AppliedPromotionLike[] }) {
  if (applied.length === 0) return null;
  return (
    <ul className="promo-applied" data-testid="applied-promotions">
      {applied.map((a) => (
        <li key={a.promotionId} data-testid="applied-promotion" data-promotion-id={a.promotionId} data-kind={a.kind} data-amount-fen={a.amount.amountFen}>
          <span className="tag tag-promo">{t.promo.kinds[a.kind] ?? a.kind}</span>
          <span className="promo-applied-text">
            <span className="promo-applied-title">{a.title}</span>
            <span className="small muted block" data-testid="applied-explanation">
              {a.explanation}
            </span>
          </span>
          <span className="price promo-minus" data-testid="applied-amount">
            -{formatFen(a.amount.amountFen)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The quiet line shown when discounts could not be worked out: prices stand, checkout decides. */
export function PromotionsUnavailable({ t }: { t: Dictionary }) {
  return (
    <p className="small muted" role="status" data-testid="promotions-unavailable">
      {t.promoCart.unavailable}
    </p>
  );
}
