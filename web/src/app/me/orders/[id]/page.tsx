import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AppliedPromotions } from '@/components/AppliedPromotions';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice, StatusTag } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import type { Flash } from '@/lib/flash';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { canCancel } from '@/lib/order-tabs';
import { getOrder, type OrderDetailView } from '@/lib/orders-api';
import { getFlash } from '@/lib/page-state';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { lineName } from '@/lib/order-lines';
import { paymentMethodLabel } from '@/lib/payment-method';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.orders.title };
}

const WAITING_FOR_PICKUP = new Set(['PAID', 'READY', 'AT_PICKUP_POINT']);

export default async function OrderPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const self = `/me/orders/${encodeURIComponent(id)}`;
  const { t, lang } = await getI18n();
  if (!(await getAccessToken())) {
    return <StatePanel testId="orders-login" icon="?" title={t.me.loginPrompt} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(self)}`, label: t.auth.login, plain: true }]} />;
  }
  const flash = await getFlash((await searchParams).flash);
  let order: OrderDetailView | null;
  try {
    order = await getOrder(id);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={self} />;
  }
  if (!order) notFound();
  const o = order;
  const awaitingPayment = o.status === 'PLACED' && o.paymentMethod === 'ONLINE' && !o.paid;
  const showCode = o.fulfilment === 'PICKUP' && !awaitingPayment && (WAITING_FOR_PICKUP.has(o.status) || (o.status === 'PLACED' && o.paymentMethod === 'ON_HANDOVER'));
  const refundable = o.lines.filter((l) => l.quantity - l.refundedQuantity > 0);
  const refundOpen = o.refunds.some((r) => r.status === 'REQUESTED' || r.status === 'ESCALATED');
  const canRefund = o.paid && o.status !== 'CANCELLED' && refundable.length > 0 && !refundOpen;
  const errors = flash?.errors ?? [];
  const shown = [...o.lines.map((l) => ['lines', l.id]), ['reason'], ['noReason']];

  return (
    <article className="page order-detail" data-testid="order-detail" data-order-id={o.id} data-status={o.status}>
      <a href="/me/orders" className="back-link">
        ‹ {t.orders.back}
      </a>
      <FlashNotice t={t} flash={flash} ok={t.orders.ok} unclaimed={unclaimedErrors(errors, shown)} />
      <section className="panel order-head">
        <div className="order-card-head">
          <ShopBadge badge={o.merchant.badge} kind={o.merchant.kind} size="lg" />
          <h1 className="order-shop">{o.merchant.name}</h1>
          <StatusTag t={t} status={o.status} awaitingPayment={awaitingPayment} />
        </div>
        {showCode && (
          <div className="pickup-code-box">
            <p className="muted">{t.orders.pickupCode}</p>
            <p className="pickup-code" data-testid="pickup-code">
              {o.pickupCode}
            </p>
            <p className="small muted">{t.orders.pickupCodeHint}</p>
          </div>
        )}
        {awaitingPayment && (
          <a className="button button-block" href={`/pay/${encodeURIComponent(o.checkoutId)}`} data-testid="pay-now">
            {t.orders.payNow}
          </a>
        )}
        {o.pickupPoint && (
          <p className="small">
            {t.orders.pickupAt}: <strong>{o.pickupPoint.name}</strong> · {o.pickupPoint.address} · {o.pickupPoint.openingHours}
          </p>
        )}
        {o.delivery && (
          <p className="small">
            {t.orders.deliverTo}: {o.delivery.address} · {o.delivery.contactName} {o.delivery.maskedPhone} · {o.delivery.slot.label}
          </p>
        )}
        {typeof o.afterSalesUntil === 'string' && <p className="small muted">{t.orders.afterSalesUntil(formatDateTime(o.afterSalesUntil, lang))}</p>}
        {o.groupBuy && (
          // 拼团中 / 已成团 / 未成团(已取消): the order goes ahead only once its group fills.
          <p className="groupbuy-order" data-testid="order-group" data-group-id={o.groupBuy.id} data-status={o.groupBuy.status}>
            <span className={`tag groupbuy-status-${o.groupBuy.status.toLowerCase()}`} data-testid="order-group-status">
              {t.groupBuy.orderStatus[o.groupBuy.status] ?? o.groupBuy.status}
            </span>{' '}
            <span className="small">{t.groupBuy.joinedOf(o.groupBuy.joined, o.groupBuy.size)}</span>{' '}
            <a href={`/groups/${encodeURIComponent(o.groupBuy.id)}`} data-testid="order-group-link">
              {t.groupBuy.viewGroup} ›
            </a>
          </p>
        )}
      </section>

      <section className="panel">
        <h2>{t.orders.lines}</h2>
        <ul className="checkout-lines">
          {o.lines.map((l) => (
            <li key={l.id} data-testid="order-line" data-line-id={l.id}>
              <span className="checkout-line-name">
                {l.productName}
                {l.specName && <span className="muted"> · {l.specName}</span>}
              </span>
              <span className="muted">
                {formatFen(l.unitPrice.amountFen)} ×{l.quantity}
              </span>
              <span className="price">{formatFen(l.lineTotal.amountFen)}</span>
              {l.discount.amountFen > 0 && (
                <span className="small promo-savings block" data-testid="order-line-discount">
                  {t.promoCart.lineDiscount} -{formatFen(l.discount.amountFen)}
                </span>
              )}
              {l.refundedQuantity > 0 && (
                <span className="small warn block">
                  {t.orders.refunded} ×{l.refundedQuantity}
                </span>
              )}
            </li>
          ))}
        </ul>
        <dl className="totals">
          <div>
            <dt>{t.orders.subtotal}</dt>
            <dd>{formatFen(o.subtotal.amountFen)}</dd>
          </div>
          {o.deliveryFee.amountFen > 0 && (
            <div>
              <dt>{t.orders.deliveryFee}</dt>
              <dd>{formatFen(o.deliveryFee.amountFen)}</dd>
            </div>
          )}
          {o.discount.amountFen > 0 && (
            <div>
              <dt>{t.promoCart.promotions}</dt>
              <dd className="promo-savings" data-testid="order-discount" data-discount-fen={o.discount.amountFen}>
                -{formatFen(o.discount.amountFen)}
              </dd>
            </div>
          )}
          {o.points.amountFen > 0 && (
            <div>
              <dt>{t.points.paid}</dt>
              <dd className="promo-savings" data-testid="order-points" data-points-fen={o.points.amountFen}>
                -{formatFen(o.points.amountFen)}
              </dd>
            </div>
          )}
          <div>
            <dt>{t.orders.total}</dt>
            <dd className="price" data-testid="order-total">
              {formatFen(o.total.amountFen)}
            </dd>
          </div>
          {o.refunded.amountFen > 0 && (
            <div>
              <dt>{t.orders.refunded}</dt>
              <dd className="warn" data-testid="order-refunded">
                {formatFen(o.refunded.amountFen)}
              </dd>
            </div>
          )}
          <div>
            <dt>{paymentMethodLabel(t, o.paymentMethod)}</dt>
            <dd>{o.paid ? t.orders.paid : t.orders.unpaid}</dd>
          </div>
          <div>
            <dt>{t.orders.orderNo}</dt>
            <dd className="small">{o.id}</dd>
          </div>
        </dl>
        <AppliedPromotions t={t} applied={o.promotions} />
      </section>

      <section className="panel">
        <h2>{t.orders.timeline}</h2>
        <ol className="timeline" data-testid="timeline">
          {[...o.timeline].reverse().map((e, i) => (
            <li key={i} data-testid="timeline-event" data-status={e.status}>
              <span className="timeline-status">{t.orders.status[e.status] ?? e.status}</span>
              <span className="small muted">
                {formatDateTime(e.at, lang)} · {t.orders.by[e.by] ?? e.by}
              </span>
              {e.note && <span className="small block">{e.note}</span>}
            </li>
          ))}
        </ol>
      </section>

      {o.refunds.length > 0 && <Refunds t={t} lang={lang} order={o} self={self} />}
      {canRefund && <RefundForm t={t} order={o} self={self} flash={flash} />}
      {canCancel(o) && <CancelForm t={t} self={self} />}
    </article>
  );
}

function Refunds({ t, lang, order, self }: { t: Dictionary; lang: Lang; order: OrderDetailView; self: string }) {
  const names = new Map(order.lines.map((l) => [l.id, lineName(l)]));
  return (
    <section className="panel">
      <h2>{t.orders.refunds}</h2>
      <ul className="refund-list">
        {order.refunds.map((r) => (
          <li key={r.id} data-testid="refund" data-refund-id={r.id} data-status={r.status}>
            <p>
              <span className="tag" data-testid="refund-status">
                {t.orders.refundStatus[r.status] ?? r.status}
              </span>{' '}
              <span className="small muted">{formatDateTime(r.requestedAt, lang)}</span>
            </p>
            <p className="small">{r.lines.map((l) => `${names.get(l.lineId) ?? l.lineId} ×${l.quantity}`).join('，') || order.lines.map((l) => names.get(l.id)).join('，')}</p>
            <p className="small">
              {t.orders.requested} {formatFen(r.requested.amountFen)}
              {r.amount && (
                <>
                  {' · '}
                  {t.orders.refundAmount} <strong data-testid="refund-amount">{formatFen(r.amount.amountFen)}</strong>
                </>
              )}
            </p>
            <p className="small muted">
              {t.orders.refundReason}: {r.reason}
              {r.note ? ` · ${r.note}` : ''}
            </p>
            {r.status === 'REJECTED' && (
              <ActionForm action={`${self}/escalate`} className="inline-fields" fields={{ refundId: r.id }}>
                <input name="note" maxLength={200} placeholder={t.orders.escalateNote} aria-label={t.orders.escalateNote} />
                <button type="submit" className="button button-ghost button-sm" data-testid="escalate-refund">
                  {t.orders.escalate}
                </button>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RefundForm({ t, order, self, flash }: { t: Dictionary; order: OrderDetailView; self: string; flash: Flash | undefined }) {
  const errors = flash?.errors ?? [];
  const values = flash?.values ?? {};
  return (
    <section className="panel">
      <h2>{t.orders.refund}</h2>
      <ActionForm action={`${self}/refund`} data-testid="refund-form" fields={{ idempotencyKey: `rf-${randomToken(18)}` }}>
        <p className="small muted">{t.orders.refundHint}</p>
        <ul className="refund-lines">
          {order.lines.map((l) => {
            const left = l.quantity - l.refundedQuantity;
            if (left <= 0) return null;
            return (
              <li key={l.id} data-testid="refund-line" data-line-id={l.id}>
                <label className="choice">
                  <input type="checkbox" name="line" value={l.id} defaultChecked={values[`pick.${l.id}`] === 'on'} data-testid="refund-line-check" />
                  {l.productName}
                  {l.specName && <span className="muted"> · {l.specName}</span>}
                </label>
                <label className="small">
                  {t.orders.refundQty}{' '}
                  <input type="number" name={`qty.${l.id}`} min={1} max={left} defaultValue={values[`qty.${l.id}`] ?? left} className="qty-input" data-testid="refund-qty" />
                </label>
                <FieldErrors t={t} errors={errorsAt(errors, 'lines', l.id)} />
              </li>
            );
          })}
        </ul>
        <label className="field">
          <span>{t.orders.refundReason}</span>
          <input name="reason" required maxLength={200} defaultValue={values.reason ?? ''} placeholder={t.orders.refundReasonPlaceholder} data-testid="refund-reason" />
          <FieldErrors t={t} errors={errorsAt(errors, 'reason')} />
        </label>
        <label className="choice small">
          <input type="checkbox" name="noReason" value="true" defaultChecked={values.noReason === 'true'} /> {t.orders.noReason}
        </label>
        <FieldErrors t={t} errors={errorsAt(errors, 'noReason')} />
        <button type="submit" className="button" data-testid="refund-submit">
          {t.orders.refundSubmit}
        </button>
      </ActionForm>
    </section>
  );
}

function CancelForm({ t, self }: { t: Dictionary; self: string }) {
  return (
    <section className="panel">
      <form method="post" action={`${self}/cancel`} className="inline-fields" data-testid="cancel-form">
        <label className="small">
          {t.orders.cancelReason}{' '}
          <select name="reason" defaultValue={t.orders.cancelReasons[0]}>
            {t.orders.cancelReasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-ghost button-sm" data-testid="cancel-order">
          {t.orders.cancel}
        </button>
      </form>
    </section>
  );
}
