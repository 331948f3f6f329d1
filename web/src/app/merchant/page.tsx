import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice, StatusTag } from '@/components/Notices';
import { RefundDecisionForm } from '@/components/RefundDecisionForm';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import { getDeskRefunds, getOrderDesk, getShopProducts, type DeskOrderView, type OpenRefundView, type OrderDeskView, type ShopProductView } from '@/lib/desk-api';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { canCancel, canMarkReady, deskTabs, pageOf, parseDeskStatus, refundsByOrder, type FilteredPage } from '@/lib/order-tabs';
import { getFlash } from '@/lib/page-state';
import { isShopStaff } from '@/lib/principal';
import { lineName } from '@/lib/order-lines';
import { getPointsRate } from '@/lib/points-api';
import { MAX_RATE_BP, percentOfBp } from '@/lib/points-view';
import { paymentMethodLabel } from '@/lib/payment-method';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.desk.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE = 20;
type DeskMerchant = OrderDeskView['merchant'];
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Shop owners and staff: their own shop's orders by state, refunds, stock, export. Desktop first. */
export default async function MerchantDeskPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="desk-login" icon="?" title={t.desk.title} actions={[{ href: '/auth/login?returnTo=%2Fmerchant', label: t.auth.login, plain: true }]} />;
  }
  if (!isShopStaff(principal)) return <StatePanel testId="desk-forbidden" icon="!" title={t.desk.notStaff} actions={[{ href: '/', label: t.errors.home }]} />;

  const shopParam = first(query.shop);
  const merchantId = shopParam && principal.merchantIds.includes(shopParam) ? shopParam : principal.merchantIds[0]!;
  const refundsView = first(query.view) === 'refunds';
  const status = refundsView ? null : parseDeskStatus(query.status);
  const afterRaw = first(query.after);
  const after = afterRaw && afterRaw.length <= 200 ? afterRaw : null;
  const flash = await getFlash(query.flash);

  let desk: { merchant: DeskMerchant; counts: readonly { status: string; count: number }[] };
  let page: FilteredPage<DeskOrderView> = { nodes: [], endCursor: null, hasNextPage: false };
  let openRefunds: OpenRefundView[] = [];
  let products: ShopProductView[] = [];
  const owner = principal.roles.includes('merchant-owner');
  let pointsRateBp: number | null = null;
  try {
    if (refundsView) {
      const r = await getDeskRefunds(merchantId);
      desk = r;
      openRefunds = r.openRefunds;
    } else {
      const d = await getOrderDesk(merchantId, status ? [status] : [], PAGE, after);
      desk = d;
      page = pageOf(d.orders);
    }
    products = await getShopProducts(merchantId).catch(() => []);
    // The owner's points rate; the desk works without it.
    if (owner) pointsRateBp = await getPointsRate(merchantId).catch(() => null);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={`/merchant?shop=${encodeURIComponent(merchantId)}`} />;
  }

  const base = `/merchant?shop=${encodeURIComponent(merchantId)}`;
  const here = `${base}${refundsView ? '&view=refunds' : status ? `&status=${status}` : ''}`;
  const tabs = deskTabs(desk.counts);
  const waiting = openRefunds.filter((r) => r.status === 'REQUESTED').length;
  const total = tabs.reduce((n, c) => n + c.count, 0);

  return (
    <div className="page desk-page" data-testid="merchant-desk" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          <ShopBadge badge={desk.merchant.badge} kind={desk.merchant.kind} /> {desk.merchant.name} · {t.desk.title}
        </h1>
        {principal.merchantIds.length > 1 && (
          <nav className="chips">
            {principal.merchantIds.map((m) => (
              <a key={m} href={`/merchant?shop=${encodeURIComponent(m)}`} className={m === merchantId ? 'chip active' : 'chip'}>
                {m}
              </a>
            ))}
          </nav>
        )}
        <a className="button button-ghost button-sm" href={`/merchant/products?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-products-link">
          {t.catalogue.nav}
        </a>
        <a className="button button-ghost button-sm" href={`/merchant/promotions?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-promotions-link">
          {t.nav.promotions}
        </a>
        <a className="button button-ghost button-sm" href={`/merchant/commissions?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-commissions-link">
          {t.commissions.navMerchant}
        </a>
        <a className="button button-ghost button-sm" href={`/merchant/members?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-members-link">
          {t.memberPool.title}
        </a>
        <a className="button button-ghost button-sm" href={`/merchant/stored-value?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-stored-value-link">
          {t.storedValue.title}
        </a>
        {owner && (
          <a className="button button-ghost button-sm" href={`/merchant/staff?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-staff-link">
            {t.shops.staff.nav}
          </a>
        )}
        {owner && (
          <a className="button button-ghost button-sm" href={`/merchant/audit?shop=${encodeURIComponent(merchantId)}`} data-testid="desk-audit-link">
            {t.shops.audit.nav}
          </a>
        )}
        <a className="button button-ghost button-sm" href={`/merchant/orders.csv?shop=${encodeURIComponent(merchantId)}${status ? `&status=${status}` : ''}`} data-testid="export-csv" download>
          {t.desk.exportCsv}
        </a>
      </header>
      <FlashNotice t={t} flash={flash} ok={t.desk.ok} />
      <nav className="status-tabs" data-testid="desk-tabs">
        <a href={base} className={!status && !refundsView ? 'status-tab active' : 'status-tab'} data-status="">
          {t.desk.all} <span className="count">{total}</span>
        </a>
        {tabs.map((c) => (
          <a key={c.status} href={`${base}&status=${c.status}`} className={status === c.status ? 'status-tab active' : 'status-tab'} data-status={c.status} data-testid="desk-tab">
            {t.orders.status[c.status]} <span className="count" data-testid="desk-count">{c.count}</span>
          </a>
        ))}
        <a href={`${base}&view=refunds`} className={refundsView ? 'status-tab active' : 'status-tab'} data-status="refunds" data-testid="desk-refunds-tab">
          {t.desk.refundRequests}
          {refundsView && waiting > 0 && <span className="count">{waiting}</span>}
        </a>
      </nav>

      <div className="desk-layout">
        <section className="desk-orders">
          {refundsView ? (
            <RefundRequests t={t} lang={lang} refunds={openRefunds} back={here} />
          ) : page.nodes.length === 0 ? (
            <StatePanel testId="desk-empty" icon="?" title={t.desk.empty} />
          ) : (
            <ul className="desk-list">
              {page.nodes.map((o) => (
                <DeskOrder key={o.id} t={t} lang={lang} order={o} back={here} />
              ))}
            </ul>
          )}
          {page.hasNextPage && page.endCursor && (
            <nav className="pager">
              <a className="button button-ghost" href={`${here}&after=${encodeURIComponent(page.endCursor)}`} data-testid="desk-more">
                {t.orders.more}
              </a>
            </nav>
          )}
        </section>
        <aside className="desk-side">
          {owner && <PointsRateForm t={t} merchantId={merchantId} rateBp={pointsRateBp} back={here} />}
          <StockForm t={t} products={products} merchantId={merchantId} back={here} />
        </aside>
      </div>
    </div>
  );
}

function DeskOrder({ t, lang, order: o, back }: { t: Dictionary; lang: Lang; order: DeskOrderView; back: string }) {
  const names = new Map(o.lines.map((l) => [l.id, lineName(l)]));
  return (
    <li className="desk-order" data-testid="desk-order" data-order-id={o.id} data-status={o.status}>
      <div className="desk-order-head">
        <StatusTag t={t} status={o.status} />
        <span className="small muted">{formatDateTime(o.placedAt, lang)}</span>
        <span className="small muted">#{o.id}</span>
        <span className="price">{formatFen(o.total.amountFen)}</span>
        {o.discount.amountFen > 0 && (
          <span className="small promo-savings" data-testid="desk-order-discount">
            {t.promoCart.promotions} -{formatFen(o.discount.amountFen)}
          </span>
        )}
        {/* Paid by alliance points: the issuing shops reimburse this shop at settlement. */}
        {o.points.amountFen > 0 && (
          <span className="small promo-savings" data-testid="desk-order-points" data-points-fen={o.points.amountFen}>
            {t.points.paid} -{formatFen(o.points.amountFen)}
          </span>
        )}
        {/* A group-buy order is prepared once its group fills; an unfilled group cancels it. */}
        {o.groupBuy && (
          <span className={`tag ${o.groupBuy.status === 'FILLED' ? '' : 'tag-warn'}`} data-testid="desk-order-group" data-group-status={o.groupBuy.status}>
            {t.groupBuy.orderStatus[o.groupBuy.status] ?? o.groupBuy.status}
          </span>
        )}
      </div>
      <p className="small">
        {t.desk.buyer}: <strong data-testid="desk-buyer">{o.buyer.name}</strong> {o.buyer.maskedPhone} · {t.orders.pickupCode} {o.pickupCode} ·{' '}
        {paymentMethodLabel(t, o.paymentMethod)} ({o.paid ? t.orders.paid : t.orders.unpaid})
      </p>
      <p className="small">
        {o.fulfilment === 'PICKUP' ? `${t.desk.pickup}: ${o.pickupPoint?.name ?? ''}` : `${t.desk.delivery}: ${o.delivery?.address ?? ''} · ${o.delivery?.contactName ?? ''} ${o.delivery?.maskedPhone ?? ''} · ${o.delivery?.slot.label ?? ''}`}
      </p>
      <ul className="small desk-lines">
        {o.lines.map((l) => (
          <li key={l.id}>
            {names.get(l.id)} ×{l.quantity} · {formatFen(l.lineTotal.amountFen)}
            {l.refundedQuantity > 0 && <span className="warn"> ({t.orders.refunded} ×{l.refundedQuantity})</span>}
          </li>
        ))}
      </ul>
      {o.note && <p className="small muted">{o.note}</p>}
      <div className="desk-actions">
        {canMarkReady(o) && (
          <ActionForm action="/merchant/action" className="inline-form" fields={{ op: 'ready', orderId: o.id, back }}>
            <button type="submit" className="button button-sm" data-testid="mark-ready">
              {t.desk.markReady}
            </button>
          </ActionForm>
        )}
        {canCancel(o) && <CancelForm t={t} orderId={o.id} paid={o.paid} back={back} />}
        {o.fulfilment === 'DELIVERY' && o.status === 'READY' && (
          <ActionForm action="/merchant/action" className="inline-fields" fields={{ op: 'handover', orderId: o.id, back }}>
            <input name="pickupCode" inputMode="numeric" pattern="\d{6}" maxLength={6} placeholder={t.desk.codePlaceholder} aria-label={t.desk.code} required data-testid="handover-code" />
            {!o.paid && (
              <label className="small">
                <input type="checkbox" name="paymentCollected" value="true" required /> {t.desk.paymentCollected} {formatFen(o.total.amountFen)}
              </label>
            )}
            <button type="submit" className="button button-sm" data-testid="hand-over">
              {t.desk.handOver}
            </button>
          </ActionForm>
        )}
      </div>
      {o.refunds.map((r) => (
        <div key={r.id} className="desk-refund" data-testid="desk-refund" data-refund-id={r.id} data-status={r.status}>
          <p className="small">
            <span className="tag">{t.orders.refundStatus[r.status] ?? r.status}</span> {r.lines.map((l) => `${names.get(l.lineId) ?? l.lineId} ×${l.quantity}`).join('，')} ·{' '}
            {t.orders.requested} {formatFen(r.requested.amountFen)}
            {r.amount && ` · ${t.orders.refundAmount} ${formatFen(r.amount.amountFen)}`} · {r.reason}
          </p>
          {r.status === 'REQUESTED' && <RefundDecisionForm t={t} action="/merchant/action" refundId={r.id} back={back} />}
        </div>
      ))}
    </li>
  );
}

/**
 * The refund requests waiting for this shop (and those the shopper escalated to the alliance, for the
 * record), newest first, grouped by order so one order is one card.
 */
function RefundRequests({ t, lang, refunds, back }: { t: Dictionary; lang: Lang; refunds: OpenRefundView[]; back: string }) {
  if (refunds.length === 0) return <StatePanel testId="desk-refunds-empty" icon="✓" title={t.desk.noRefundRequests} />;
  return (
    <ul className="desk-list" data-testid="desk-refund-requests">
      {refundsByOrder(refunds).map(({ orderId, refunds: rs }) => {
        const o = rs[0]!.order;
        const names = new Map((o?.lines ?? []).map((l) => [l.id, lineName(l)]));
        return (
          <li key={orderId} className="desk-order" data-testid="desk-order" data-order-id={orderId} data-status={o?.status ?? ''}>
            <div className="desk-order-head">
              {o && <StatusTag t={t} status={o.status} />}
              {o && <span className="small muted">{formatDateTime(o.placedAt, lang)}</span>}
              <span className="small muted">#{orderId}</span>
              {o && <span className="price">{formatFen(o.total.amountFen)}</span>}
            </div>
            {o && (
              <>
                <p className="small">
                  {t.desk.buyer}: <strong data-testid="desk-buyer">{o.buyer.name}</strong> {o.buyer.maskedPhone} · {t.orders.pickupCode} {o.pickupCode} ·{' '}
                  {paymentMethodLabel(t, o.paymentMethod)} ({o.paid ? t.orders.paid : t.orders.unpaid})
                  {o.refunded.amountFen > 0 && ` · ${t.orders.refunded} ${formatFen(o.refunded.amountFen)}`}
                </p>
                <ul className="small desk-lines">
                  {o.lines.map((l) => (
                    <li key={l.id}>
                      {names.get(l.id)} ×{l.quantity}
                      {l.refundedQuantity > 0 && <span className="warn"> ({t.orders.refunded} ×{l.refundedQuantity})</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {rs.map((r) => (
              <div key={r.id} className="desk-refund" data-testid="desk-refund" data-refund-id={r.id} data-status={r.status}>
                <p className="small">
                  <span className="tag">{t.orders.refundStatus[r.status] ?? r.status}</span>{' '}
                  {r.lines.length ? r.lines.map((l) => `${names.get(l.lineId) ?? l.lineId} ×${l.quantity}`).join('，') : t.desk.wholeOrder} · {t.orders.requested}{' '}
                  {formatFen(r.requested.amountFen)} · {r.reason} · <span className="muted">{formatDateTime(r.requestedAt, lang)}</span>
                  {r.note && <span className="muted"> · {r.note}</span>}
                </p>
                {r.status === 'REQUESTED' && <RefundDecisionForm t={t} action="/merchant/action" refundId={r.id} back={back} />}
              </div>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

/** Cancelling before the order is packed: out of stock, cannot deliver… A paid order is refunded in full. */
function CancelForm({ t, orderId, paid, back }: { t: Dictionary; orderId: string; paid: boolean; back: string }) {
  return (
    <details className="desk-cancel" data-testid="desk-cancel">
      <summary className="button button-ghost button-sm">{t.desk.cancel}</summary>
      <ActionForm action="/merchant/action" className="inline-fields" fields={{ op: 'cancel', orderId, back }}>
        <select name="reason" required defaultValue="" aria-label={t.desk.cancelReason} data-testid="desk-cancel-reason">
          <option value="" disabled>
            {t.desk.cancelReason}
          </option>
          {t.desk.cancelReasons.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        {paid && <span className="small warn">{t.desk.cancelRefundsPaid}</span>}
        <button type="submit" className="button button-sm" data-testid="desk-cancel-submit">
          {t.desk.cancelConfirm}
        </button>
      </ActionForm>
    </details>
  );
}

function StockForm({ t, products, merchantId, back }: { t: Dictionary; products: ShopProductView[]; merchantId: string; back: string }) {
  return (
    <section className="panel" data-testid="stock-form">
      <h2>{t.desk.stock}</h2>
      <p className="small muted">{t.desk.stockHint}</p>
      <ActionForm action="/merchant/action" className="stack-form" fields={{ op: 'stock', merchantId, back, idempotencyKey: `st-${randomToken(18)}` }}>
        <label className="field">
          <span>{t.desk.product}</span>
          <select name="target" required data-testid="stock-target">
            {products.flatMap((p) =>
              p.specs.map((s) => (
                <option key={`${p.id}|${s.id}`} value={`${p.id}|${s.id}`}>
                  {p.name}
                  {p.specs.length > 1 ? ` · ${s.name}` : ''} ({s.stock})
                </option>
              )),
            )}
          </select>
        </label>
        <label className="field">
          <span>{t.desk.delta}</span>
          <input name="delta" type="number" required min={-9999} max={9999} step={1} data-testid="stock-delta" />
        </label>
        <label className="field">
          <span>{t.desk.reason}</span>
          <input name="reason" required maxLength={100} placeholder={t.desk.reasonPlaceholder} data-testid="stock-reason" />
        </label>
        <button type="submit" className="button" data-testid="stock-apply">
          {t.desk.apply}
        </button>
      </ActionForm>
    </section>
  );
}

/**
 * The shop's alliance points rate (owner only): the percent of a completed order's total its buyer earns
 * as points, which this shop funds; the members subgraph refuses anything outside 0–20%.
 */
function PointsRateForm({ t, merchantId, rateBp, back }: { t: Dictionary; merchantId: string; rateBp: number | null; back: string }) {
  const p = t.points;
  return (
    <section className="panel" data-testid="points-rate" data-rate-bp={rateBp ?? ''}>
      <h2>{p.rateTitle}</h2>
      <p className="small muted">{p.rateHint}</p>
      {rateBp === null ? (
        <p className="small muted" data-testid="points-rate-unavailable">
          {p.unavailable}
        </p>
      ) : (
        <ActionForm action="/merchant/action" className="inline-fields" fields={{ op: 'pointsRate', merchantId, back }}>
          <p className="small">
            {p.rateNow} <strong data-testid="points-rate-percent">{percentOfBp(rateBp)}%</strong>
          </p>
          <label>
            {p.ratePercent}
            <input name="ratePercent" type="number" required min={0} max={MAX_RATE_BP / 100} step={0.01} defaultValue={percentOfBp(rateBp)} data-testid="points-rate-input" />
          </label>
          <button type="submit" className="button button-sm" data-testid="points-rate-save">
            {p.rateSave}
          </button>
        </ActionForm>
      )}
    </section>
  );
}
