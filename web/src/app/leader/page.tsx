import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice, StatusTag } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { todayInShanghai } from '@/lib/datetime';
import { getMyPickupPoints, getPickupPointOrders, type LeaderOrderView } from '@/lib/desk-api';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { isGroupLeader } from '@/lib/principal';
import { linesSummary } from '@/lib/order-lines';
import { paymentMethodLabel } from '@/lib/payment-method';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.leader.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The group leader's day at the pickup point: orders by shop, arrival, hand-over by code. Phone first. */
export default async function LeaderPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="leader-login" icon="?" title={t.leader.title} actions={[{ href: '/auth/login?returnTo=%2Fleader', label: t.auth.login, plain: true }]} />;
  }
  if (!isGroupLeader(principal)) return <StatePanel testId="leader-forbidden" icon="!" title={t.leader.notLeader} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  const dateParam = first(query.date);
  const date = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : todayInShanghai();
  let points;
  let orders: LeaderOrderView[] = [];
  let pointId: string | undefined;
  try {
    points = await getMyPickupPoints();
    const wanted = first(query.point);
    pointId = points.find((p) => p.id === wanted)?.id ?? points[0]?.id;
    if (pointId) orders = await getPickupPointOrders(pointId, date);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/leader" />;
  }
  if (!pointId) return <StatePanel testId="leader-no-points" icon="?" title={t.leader.noPoints} />;
  const point = points.find((p) => p.id === pointId)!;
  const here = `/leader?point=${encodeURIComponent(pointId)}&date=${date}`;

  const byShop = new Map<string, { merchant: LeaderOrderView['merchant']; orders: LeaderOrderView[] }>();
  for (const o of orders) {
    const g = byShop.get(o.merchant.id) ?? { merchant: o.merchant, orders: [] };
    g.orders.push(o);
    byShop.set(o.merchant.id, g);
  }

  return (
    <div className="page leader-page" data-testid="leader-page" data-pickup-point-id={pointId}>
      <h1 className="page-title">
        {t.leader.title} · {point.name}
      </h1>
      <p className="small muted">
        {point.address} · {point.openingHours}
      </p>
      <p className="small">
        <a href="/me/share" data-testid="leader-earnings-link">
          {t.commissions.share.leaderEarnings} ›
        </a>
      </p>
      <p className="small">
        <a href="/community" data-testid="leader-community-link">
          {t.community.title} · {t.community.create.title} ›
        </a>
      </p>
      <form method="get" action="/leader" className="inline-fields">
        {points.length > 1 && (
          <select name="point" defaultValue={pointId} aria-label={t.checkout.pickupPoint}>
            {points.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        {points.length === 1 && <input type="hidden" name="point" value={pointId} />}
        <label className="small">
          {t.leader.date} <input type="date" name="date" defaultValue={date} />
        </label>
        <button type="submit" className="button button-ghost button-sm">
          {t.leader.show}
        </button>
      </form>
      <FlashNotice t={t} flash={flash} ok={t.leader.ok} />
      {byShop.size === 0 ? (
        <StatePanel testId="leader-empty" icon="?" title={t.leader.empty} />
      ) : (
        [...byShop.values()].map((g) => (
          <section key={g.merchant.id} className="panel" data-testid="leader-shop" data-merchant-id={g.merchant.id}>
            <h2>
              <ShopBadge badge={g.merchant.badge} kind={g.merchant.kind} /> {g.merchant.name} <span className="muted small">{t.desk.orderCount(g.orders.length)}</span>
            </h2>
            <ul className="desk-list">
              {g.orders.map((o) => (
                <LeaderOrder key={o.id} t={t} order={o} back={here} />
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

function LeaderOrder({ t, order: o, back }: { t: Dictionary; order: LeaderOrderView; back: string }) {
  return (
    <li className="desk-order" data-testid="leader-order" data-order-id={o.id} data-status={o.status}>
      <div className="desk-order-head">
        <StatusTag t={t} status={o.status} />
        <strong data-testid="leader-buyer">{o.buyer.name}</strong>
        <span className="small muted">{o.buyer.maskedPhone}</span>
        <span className="price">{formatFen(o.total.amountFen)}</span>
      </div>
      <p className="small">{linesSummary(o.lines)}</p>
      <p className="small muted">
        {paymentMethodLabel(t, o.paymentMethod)} · {o.paid ? t.orders.paid : t.orders.unpaid}
      </p>
      <div className="desk-actions">
        {o.status === 'READY' && (
          <ActionForm action="/leader/action" className="inline-form" fields={{ op: 'arrive', orderId: o.id, back }}>
            <button type="submit" className="button button-sm" data-testid="confirm-arrival">
              {t.leader.confirmArrival}
            </button>
          </ActionForm>
        )}
        {o.status === 'AT_PICKUP_POINT' && (
          <ActionForm action="/leader/action" className="inline-fields" fields={{ op: 'handover', orderId: o.id, back }}>
            <input name="pickupCode" inputMode="numeric" pattern="\d{6}" maxLength={6} placeholder={t.desk.codePlaceholder} aria-label={t.desk.code} required data-testid="handover-code" />
            {!o.paid && (
              <label className="small">
                <input type="checkbox" name="paymentCollected" value="true" required data-testid="payment-collected" /> {t.leader.collect(formatFen(o.total.amountFen))}
              </label>
            )}
            <button type="submit" className="button button-sm" data-testid="hand-over">
              {t.leader.handOver}
            </button>
          </ActionForm>
        )}
      </div>
    </li>
  );
}
