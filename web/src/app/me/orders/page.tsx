import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice, StatusTag } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { MY_ORDERS_TABS, collectPage, myOrdersQuery, pageOf, parseMyOrdersTab, type FilteredPage } from '@/lib/order-tabs';
import { getMyOrders, type OrderCardView } from '@/lib/orders-api';
import { getFlash } from '@/lib/page-state';
import { linesSummary } from '@/lib/order-lines';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.orders.title };
}

const PAGE = 10;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MyOrdersPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  if (!(await getAccessToken())) {
    return <StatePanel testId="orders-login" icon="?" title={t.me.loginPrompt} actions={[{ href: '/auth/login?returnTo=%2Fme%2Forders', label: t.auth.login, plain: true }]} />;
  }
  const tab = parseMyOrdersTab(query.tab);
  const after = typeof query.after === 'string' && query.after.length <= 200 ? query.after : null;
  const flash = await getFlash(query.flash);
  const { statuses, keep } = myOrdersQuery(tab);

  let page: FilteredPage<OrderCardView>;
  try {
    page = keep
      ? await collectPage((cursor) => getMyOrders(statuses, PAGE, cursor), keep, PAGE, after)
      : pageOf(await getMyOrders(statuses, PAGE, after));
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={`/me/orders?tab=${tab}`} />;
  }

  return (
    <div className="page orders-page" data-testid="orders-page" data-tab={tab}>
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{t.orders.title}</h1>
      <FlashNotice t={t} flash={flash} ok={t.orders.ok} />
      <nav className="status-tabs" aria-label={t.orders.title} data-testid="order-tabs">
        {MY_ORDERS_TABS.map((k) => (
          <a key={k} href={`/me/orders?tab=${k}`} className={k === tab ? 'status-tab active' : 'status-tab'} aria-current={k === tab ? 'page' : undefined} data-tab={k}>
            {t.orders.tabs[k]}
          </a>
        ))}
      </nav>
      {page.nodes.length === 0 ? (
        <StatePanel testId="orders-empty" icon="?" title={t.orders.empty} actions={after ? [{ href: `/me/orders?tab=${tab}`, label: t.orders.tabs[tab] ?? tab, plain: true }] : [{ href: '/', label: t.cart.browse }]}>
          <p className="muted">{t.orders.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="order-list">
          {page.nodes.map((o) => {
            const awaitingPayment = o.status === 'PLACED' && o.paymentMethod === 'ONLINE' && !o.paid;
            const showCode = !awaitingPayment && ['PAID', 'READY', 'AT_PICKUP_POINT', 'PLACED'].includes(o.status) && o.fulfilment === 'PICKUP';
            return (
              <li key={o.id} className="order-card" data-testid="order-card" data-order-id={o.id} data-merchant-id={o.merchant.id} data-status={o.status}>
                <a href={`/me/orders/${encodeURIComponent(o.id)}`}>
                  <div className="order-card-head">
                    <ShopBadge badge={o.merchant.badge} kind={o.merchant.kind} />
                    <span className="order-card-shop">{o.merchant.name}</span>
                    <StatusTag t={t} status={o.status} awaitingPayment={awaitingPayment} />
                    {o.paymentMethod === 'ON_HANDOVER' && !o.paid && o.status !== 'CANCELLED' && (
                      <span className="tag tag-muted" data-testid="pay-on-handover">
                        {t.orders.onHandover}
                      </span>
                    )}
                  </div>
                  <p className="small">{linesSummary(o.lines)}</p>
                  <div className="order-card-foot">
                    <span className="small muted">{formatDateTime(o.placedAt, lang)}</span>
                    {showCode && (
                      <span className="small">
                        {t.orders.pickupCode} <strong data-testid="pickup-code">{o.pickupCode}</strong>
                      </span>
                    )}
                    <span className="price">{formatFen(o.total.amountFen)}</span>
                  </div>
                  {o.refunded.amountFen > 0 && (
                    <p className="small warn">
                      {t.orders.refunded} {formatFen(o.refunded.amountFen)}
                    </p>
                  )}
                </a>
                {awaitingPayment && (
                  <a className="button button-sm" href={`/pay/${encodeURIComponent(o.checkoutId)}`} data-testid="pay-now">
                    {t.orders.payNow}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {page.hasNextPage && page.endCursor && (
        <nav className="pager">
          <a className="button button-ghost" href={`/me/orders?tab=${tab}&after=${encodeURIComponent(page.endCursor)}`} data-testid="orders-more">
            {t.orders.more}
          </a>
        </nav>
      )}
    </div>
  );
}
