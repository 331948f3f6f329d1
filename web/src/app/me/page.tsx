import type { Metadata } from 'next';
import { NavLink } from '@/components/NavLink';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { getI18n } from '@/i18n/server';
import { getMe, getMemberProfile } from '@/lib/api';
import { getPrincipal } from '@/lib/auth';
import { isAllianceAdmin, isGroupLeader, isShopStaff } from '@/lib/principal';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getPointsBalance, type PointsBalanceView } from '@/lib/points-api';
import { getMemberCard, type MemberCardView } from '@/lib/member-card-api';
import { qrDataUri } from '@/lib/qr';
import { listedBalances } from '@/lib/stored-value-view';
import { pointsToFen } from '@/lib/points-view';
import type { MerchantSummary } from '@/lib/types';
import type { Dictionary } from '@/i18n/dictionary';

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

  // Level, stored value, member code and groups: the card shows the member without them when they fail.
  let card: MemberCardView | undefined;
  let codeQr: string | undefined;
  try {
    card = await getMemberCard();
    codeQr = await qrDataUri(card.id);
  } catch (err) {
    console.error(`[me] member card unavailable: ${errorCode(err)}`);
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
          {card && <MemberCardExtras t={t} card={card} />}
        </div>
      </section>
      {card && codeQr && (
        <section className="panel member-code" data-testid="member-code" data-member-id={card.id}>
          <h2>{t.storedValue.memberCode}</h2>
          <p className="small muted">{t.storedValue.memberCodeHint}</p>
          <img className="share-qr" src={codeQr} width={160} height={160} alt={t.storedValue.memberCodeAlt} data-testid="member-code-qr" />
          <p>
            <code data-testid="member-code-text">{card.id}</code>
          </p>
        </section>
      )}
      {card && (
        <section className="panel" data-testid="me-groups">
          <h2>
            <a href="/community" data-testid="me-community">
              {t.community.mine} ›
            </a>
          </h2>
          {card.groups.length === 0 ? (
            <p className="muted">
              {t.community.noneMine} · <a href="/community">{t.community.title}</a>
            </p>
          ) : (
            <ul className="favorite-list">
              {card.groups.map((g) => (
                <li key={g.id} data-testid="me-group" data-group-id={g.id}>
                  <a href={`/community/${encodeURIComponent(g.id)}`}>
                    {g.name}
                    <span className="muted small">
                      {' '}
                      · {g.neighborhood} · {g.interest}
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
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
        <a href="/community" data-testid="me-community-link">
          <span>{t.community.title}</span>
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
          <a href="/merchant/stored-value" data-testid="me-merchant-stored-value">
            <span>{t.storedValue.counter.title}</span>
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
                  <NavLink href={`/?merchant=${encodeURIComponent(m.id)}`}>
                    <ShopBadge badge={m.badge} kind={m.kind} /> {m.name}
                    <span className="muted small"> · {m.neighborhood}</span>
                  </NavLink>
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

/** Her level and what is left to the next, and her stored value (per shop, on its own page). */
function MemberCardExtras({ t, card }: { t: Dictionary; card: MemberCardView }) {
  const { level } = card;
  const levelName = (code: string, name: string) => t.memberLevel.names[code] ?? name;
  const balances = listedBalances(card.storedValue);
  const total = balances.reduce((s, b) => s + b.balanceFen, 0);
  return (
    <>
      <p className="member-card-level" data-testid="me-level" data-level={level.level} data-spend-fen={level.spend12m} data-to-go-fen={level.next?.toGoFen ?? ''}>
        <span className="tag">{levelName(level.level, level.name)}</span>{' '}
        <span className="small">
          {level.next ? t.memberLevel.toNext(formatFen(level.next.toGoFen), levelName(level.next.level, level.next.name)) : t.memberLevel.top}
        </span>
      </p>
      <a href="/me/stored-value" className="member-card-points" data-testid="me-stored-value" data-total-fen={total}>
        <span>
          {t.storedValue.title} <strong>{formatFen(total)}</strong>
          {balances.length > 0 && <span className="small"> · {t.storedValue.cardLine(balances.length, formatFen(total))}</span>}
        </span>
      </a>
    </>
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
