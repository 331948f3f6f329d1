import { StatusTag } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import type { CheckoutView } from '@/lib/checkout-api';
import { formatDateTime } from '@/lib/datetime';
import { formatFen } from '@/lib/money';
import { linesSummary } from '@/lib/order-lines';

/** The shop orders of one checkout on a pay page, each linked to its detail; pickup codes once paid. */
export function PayOrders({ t, lang, checkout }: { t: Dictionary; lang: Lang; checkout: CheckoutView }) {
  const paid = checkout.payment?.status === 'PAID';
  return (
    <section className="panel">
      <h2>{t.pay.shops}</h2>
      <ul className="pay-orders">
        {checkout.orders.map((o) => (
          <li key={o.id} data-testid="pay-order" data-order-id={o.id} data-merchant-id={o.merchant.id}>
            <a href={`/me/orders/${encodeURIComponent(o.id)}`} className="pay-order-head">
              <ShopBadge badge={o.merchant.badge} kind={o.merchant.kind} /> <span>{o.merchant.name}</span>
              <StatusTag t={t} status={o.status} />
              <span className="price">{formatFen(o.total.amountFen)}</span>
            </a>
            {o.discount.amountFen > 0 && (
              <p className="small promo-savings" data-testid="pay-order-discount" data-discount-fen={o.discount.amountFen}>
                {t.promoCart.savings} {formatFen(o.discount.amountFen)}
              </p>
            )}
            {o.points.amountFen > 0 && (
              <p className="small promo-savings" data-testid="pay-order-points" data-points-fen={o.points.amountFen}>
                {t.points.paid} -{formatFen(o.points.amountFen)}
              </p>
            )}
            <p className="small muted">{linesSummary(o.lines)}</p>
            {paid && o.status !== 'CANCELLED' && (
              <p className="pickup-code-inline">
                {t.orders.pickupCode} <strong data-testid="pickup-code">{o.pickupCode}</strong>
              </p>
            )}
          </li>
        ))}
      </ul>
      {checkout.discountTotal.amountFen > 0 && (
        <p className="promo-savings" data-testid="checkout-discount-total" data-discount-fen={checkout.discountTotal.amountFen}>
          {t.promoCart.savings} <strong>{formatFen(checkout.discountTotal.amountFen)}</strong>
        </p>
      )}
      {checkout.pointsTotal.amountFen > 0 && (
        <p className="promo-savings" data-testid="checkout-points-total" data-points-fen={checkout.pointsTotal.amountFen}>
          {t.points.paid} <strong>-{formatFen(checkout.pointsTotal.amountFen)}</strong>
        </p>
      )}
      <p className="small muted">{formatDateTime(checkout.placedAt, lang)}</p>
    </section>
  );
}
