import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getMyPoints, type MyPointsView } from '@/lib/points-api';
import { chinaDate, pointsToFen } from '@/lib/points-view';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.points.title };
}

/**
 * 我的 → 积分: her balance, what expires within 30 days, and her lots — one per issuing shop and day, the
 * ones expiring first first (the order a checkout uses them in). Usable at every allied shop.
 */
export default async function PointsPage() {
  const { t } = await getI18n();
  const p = t.points;
  if (!(await getAccessToken())) {
    return <StatePanel testId="points-login" icon="?" title={t.me.loginPrompt} actions={[{ href: '/auth/login?returnTo=%2Fme%2Fpoints', label: t.auth.login, plain: true }]} />;
  }
  let points: MyPointsView;
  try {
    points = await getMyPoints();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/me/points" />;
  }
  const lots = points.lots.filter((l) => l.remaining > 0);
  return (
    <div className="page points-page" data-testid="points-page" data-balance={points.balance}>
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{p.title}</h1>
      <section className="panel" data-testid="points-summary">
        <p>
          {p.balance} <strong className="price" data-testid="points-balance">{points.balance}</strong> <span className="muted small">≈ {formatFen(pointsToFen(points.balance))}</span>
        </p>
        {points.expiringSoon > 0 && (
          <p className="small warn" data-testid="points-expiring">
            {p.expiringSoon(points.expiringSoon)}
            {points.nextExpiryAt ? ` · ${p.nextExpiry(chinaDate(points.nextExpiryAt))}` : ''}
          </p>
        )}
        <p className="small muted">{p.hint}</p>
      </section>
      {lots.length === 0 ? (
        <StatePanel testId="points-empty" icon="分" title={p.emptyTitle} actions={[{ href: '/', label: t.cart.browse }]}>
          <p className="muted">{p.emptyText}</p>
        </StatePanel>
      ) : (
        <section className="panel">
          <h2>{p.lots}</h2>
          <table className="points-lots" data-testid="points-lots">
            <thead>
              <tr>
                <th>{p.issuer}</th>
                <th>{p.issuedOn}</th>
                <th>{p.expires}</th>
                <th>{p.remaining}</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={`${l.merchant.id}:${l.issuedOn}`} data-testid="points-lot" data-merchant-id={l.merchant.id} data-remaining={l.remaining} data-issued-on={l.issuedOn}>
                  <td>
                    <ShopBadge badge={l.merchant.badge} kind={l.merchant.kind} /> {l.merchant.name}
                  </td>
                  <td>{l.issuedOn}</td>
                  <td>{chinaDate(l.expiresAt)}</td>
                  <td>{l.remaining}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
