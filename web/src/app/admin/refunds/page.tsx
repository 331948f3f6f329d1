import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice, StatusTag } from '@/components/Notices';
import { RefundDecisionForm } from '@/components/RefundDecisionForm';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getEscalatedRefunds, type EscalatedRefundView } from '@/lib/admin-api';
import { getPrincipal } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin } from '@/lib/principal';
import { lineName } from '@/lib/order-lines';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.admin.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/refunds';

/** Alliance admin: refund requests the shopper escalated after the shop rejected them; the decision is final. */
export default async function EscalatedRefundsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={t.admin.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let refunds: EscalatedRefundView[];
  try {
    refunds = await getEscalatedRefunds();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }

  return (
    <div className="page desk-page" data-testid="admin-refunds">
      <h1 className="page-title">{t.admin.title}</h1>
      <p className="small muted">{t.admin.intro}</p>
      <p className="small">
        <a href="/admin/promotions" data-testid="admin-promotions-link">
          {t.nav.adminPromotions} ›
        </a>
      </p>
      <FlashNotice t={t} flash={flash} ok={t.admin.ok} />
      {refunds.length === 0 ? (
        <StatePanel testId="admin-refunds-empty" icon="✓" title={t.admin.empty}>
          <p className="muted">{t.admin.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="desk-list">
          {refunds.map((r) => (
            <EscalatedRefund key={r.id} t={t} lang={lang} refund={r} />
          ))}
        </ul>
      )}
    </div>
  );
}

function EscalatedRefund({ t, lang, refund: r }: { t: Dictionary; lang: Lang; refund: EscalatedRefundView }) {
  const o = r.order;
  const lines = new Map((o?.lines ?? []).map((l) => [l.id, l]));
  const name = (id: string) => {
    const l = lines.get(id);
    return l ? lineName(l) : id;
  };
  return (
    <li className="desk-order" data-testid="escalated-refund" data-refund-id={r.id} data-order-id={r.orderId} data-status={r.status}>
      <div className="desk-order-head">
        {o && <ShopBadge badge={o.merchant.badge} kind={o.merchant.kind} />}
        <strong data-testid="escalated-shop">{o?.merchant.name ?? ''}</strong>
        {o && <StatusTag t={t} status={o.status} />}
        <span className="small muted">
          {t.admin.order} #{r.orderId}
        </span>
        <span className="price" data-testid="escalated-requested">
          {formatFen(r.requested.amountFen)}
        </span>
      </div>
      {o && (
        <p className="small">
          {t.admin.buyer}: {o.buyer.name} {o.buyer.maskedPhone} · {t.admin.paid} {formatFen(o.total.amountFen)}
          {o.refunded.amountFen > 0 && ` · ${t.admin.refunded} ${formatFen(o.refunded.amountFen)}`}
        </p>
      )}
      <p className="small">{t.admin.lines}:</p>
      <ul className="small desk-lines" data-testid="escalated-lines">
        {r.lines.length > 0
          ? r.lines.map((l) => (
              <li key={l.lineId}>
                {name(l.lineId)} ×{l.quantity}
              </li>
            ))
          : (o?.lines ?? []).map((l) => (
              <li key={l.id}>
                {name(l.id)} ×{l.quantity}
              </li>
            ))}
      </ul>
      <dl className="small admin-facts">
        <dt>{t.admin.reason}</dt>
        <dd data-testid="escalated-reason">{r.reason}</dd>
        {r.note && (
          <>
            <dt>{t.admin.note}</dt>
            <dd data-testid="escalated-note">{r.note}</dd>
          </>
        )}
        {r.escalationNote && (
          <>
            <dt>{t.admin.escalationNote}</dt>
            <dd data-testid="escalation-note">{r.escalationNote}</dd>
          </>
        )}
        <dt>{t.admin.requestedAt}</dt>
        <dd>{formatDateTime(r.requestedAt, lang)}</dd>
        {typeof r.decidedAt === 'string' && (
          <>
            <dt>{t.admin.rejectedAt}</dt>
            <dd>{formatDateTime(r.decidedAt, lang)}</dd>
          </>
        )}
      </dl>
      <p className="small">
        <strong>{t.admin.decide}</strong>
      </p>
      <RefundDecisionForm t={t} action={`${SELF}/decide`} refundId={r.id} back={SELF} op="decide" />
    </li>
  );
}
