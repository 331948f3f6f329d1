import type { Metadata } from 'next';
import Link from 'next/link';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { getI18n } from '@/i18n/server';
import { getMe, getMemberProfile } from '@/lib/api';
import { getPrincipal } from '@/lib/auth';
import { isAllianceAdmin, isGroupLeader, isShopStaff } from '@/lib/principal';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getPointsBalance, type PointsBalanceView } from '@/lib/points-api';
import { pointsToFen } from '@/lib/points-view';
import type { MerchantSummary } from '@/lib/types';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.me.title };
}

export default async function MePage() {
  const { t } = await getI18n();
  const me = await getMe();

  if (me.status === 'error') return <ErrorState t={t} code={me.code} retryHref="/me" />;
  if (me.status === 'anonymous') {
    return (
      <div className="page">
        <h1 className="page-title">{t.me.title}</h1>
        <section className="member-card member-card-anon">
          <div className="avatar" aria-hidden="true">?</div>
          <p>{t.me.loginPrompt}</p>
          <a className="button" data-testid="me-login" href="/auth/login?returnTo=%2Fme">
            {t.auth.login}
          </a>
        </section>
        <ComingSoon features={t.me.features} label={t.me.comingSoon} />
      </div>
    );
  }

  let favorites: MerchantSummary[] | undefined;
  try {
    favorites = (await getMemberProfile()).favoriteMerchants;
  } catch (err) {
    console.error(`[me] favourites unavailable: ${errorCode(err)}`);
  }

  // The card shows the member without her points when the members subgraph cannot answer for them.
  let points: PointsBalanceView | undefined;
  try {
    points = await getPointsBalance();
  } catch (err) {
    console.error(`[me] points unavailable: ${errorCode(err)}`);
  }

  const { member } = me;
  const principal = await getPrincipal();
  return (
    <div className="page">
      <h1 className="page-title">{t.me.title}</h1>
      <section className="member-card" data-testid="member-card">
        <div className="avatar" aria-hidden="true">
          {Array.from(member.displayName)[0]}
        </div>
        <div>
          <p className="member-card-name" data-testid="me-name">{member.displayName}</p>
          <p className="small">
            {t.me.member} · {t.me.username}: {member.username}
          </p>
          {points && (
            <a href="/me/points" className="member-card-points" data-testid="me-points" data-balance={points.balance} data-expiring-soon={points.expiringSoon}>
              <span>
                {t.points.title} <strong data-testid="points-balance">{points.balance}</strong> <span className="small">≈ {formatFen(pointsToFen(points.balance))}</span>
              </span>
              {points.expiringSoon > 0 && (
                <span className="small block" data-testid="points-expiring">
                  {t.points.expiringSoon(points.expiringSoon)}
                </span>
              )}
            </a>
          )}
        </div>
      </section>
      <nav className="panel me-links" data-testid="me-links">
        <a href="/me/orders" data-testid="me-orders">
          <span>{t.me.orders}</span>
          <span className="muted">›</span>
        </a>
        <a href="/me/coupons" data-testid="me-coupons">
          <span>{t.coupons.title}</span>
          <span className="muted">›</span>
        </a>
        <a href="/me/share" data-testid="me-share">
          <span>{t.commissions.navShare}</span>
          <span className="muted">›</span>
        </a>
        <a href="/me/messages" data-testid="me-messages">
          <span>{t.me.messages}</span>
          <span className="muted">›</span>
        </a>
        <a href="/me/privacy" data-testid="me-privacy">
          <span>{t.privacy.title}</span>
          <span className="muted">›</span>
        </a>
        {isShopStaff(principal) && (
          <a href="/merchant" data-testid="me-merchant">
            <span>{t.nav.merchant}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isGroupLeader(principal) && (
          <a href="/leader" data-testid="me-leader">
            <span>{t.nav.leader}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isShopStaff(principal) && (
          <a href="/merchant/promotions" data-testid="me-merchant-promotions">
            <span>{t.nav.promotions}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isAllianceAdmin(principal) && (
          <a href="/admin/refunds" data-testid="me-admin-refunds">
            <span>{t.nav.admin}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isAllianceAdmin(principal) && (
          <a href="/admin/promotions" data-testid="me-admin-promotions">
            <span>{t.nav.adminPromotions}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isShopStaff(principal) && (
          <a href="/merchant/commissions" data-testid="me-merchant-commissions">
            <span>{t.commissions.navMerchant}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isAllianceAdmin(principal) && (
          <a href="/admin/settlement" data-testid="me-admin-settlement">
            <span>{t.commissions.navAdmin}</span>
            <span className="muted">›</span>
          </a>
        )}
        {isAllianceAdmin(principal) && (
          <a href="/admin/withdrawals" data-testid="me-admin-withdrawals">
            <span>{t.withdrawals.admin.title}</span>
            <span className="muted">›</span>
          </a>
        )}
      </nav>
      {favorites && (
        <section className="panel">
          <h2>{t.me.favorites}</h2>
          {favorites.length === 0 ? (
            <p className="muted">{t.me.noFavorites}</p>
          ) : (
            <ul className="favorite-list">
              {favorites.map((m) => (
                <li key={m.id}>
                  <Link href={`/?merchant=${encodeURIComponent(m.id)}`}>
                    <ShopBadge badge={m.badge} kind={m.kind} /> {m.name}
                    <span className="muted small"> · {m.neighborhood}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ComingSoon features={t.me.features} label={t.me.comingSoon} />
    </div>
  );
}

function ComingSoon({ features, label }: { features: string[]; label: string }) {
  return (
    <ul className="panel feature-list">
      {features.map((f) => (
        <li key={f}>
          <span>{f}</span>
          <span className="tag tag-muted">{label}</span>
        </li>
      ))}
    </ul>
  );
}
