import { NavLink } from './NavLink';
import { getI18n } from '@/i18n/server';
import { getMe } from '@/lib/api';
import { currentPath, getPrincipal } from '@/lib/auth';
import { getCartCount } from '@/lib/cart-api';
import { guestCartCount } from '@/lib/guest-cart';
import { getGuestCart } from '@/lib/page-state';
import { isAllianceAdmin, isGroupLeader, isShopStaff } from '@/lib/principal';
import { ReturnToLink } from './ReturnToLink';

export async function Header() {
  const [{ lang, t }, me, path] = await Promise.all([getI18n(), getMe(), currentPath()]);
  const otherLang = lang === 'zh' ? 'en' : 'zh';
  const principal = me.status === 'member' ? await getPrincipal() : undefined;
  const cartCount = await headerCartCount();

  return (
    <header className="header">
      <NavLink href="/" className="brand" aria-label={t.allianceName}>
        <span className="brand-logo" aria-hidden="true">邻</span>
        <span className="brand-name brand-name-full">{t.allianceName}</span>
        <span className="brand-name brand-name-short" aria-hidden="true">
          {t.allianceShortName}
        </span>
      </NavLink>
      <nav className="header-nav" aria-label={t.allianceName}>
        <NavLink href="/">{t.nav.home}</NavLink>
        <NavLink href="/categories">{t.nav.categories}</NavLink>
        <NavLink href="/cart">
          {t.nav.cart}
          <CartBadge count={cartCount} label={t.nav.cartCount} />
        </NavLink>
        <NavLink href="/me">{t.nav.me}</NavLink>
        {isShopStaff(principal) && <a href="/merchant" data-testid="nav-merchant">{t.nav.merchant}</a>}
        {isGroupLeader(principal) && <a href="/leader" data-testid="nav-leader">{t.nav.leader}</a>}
        {isShopStaff(principal) && <a href="/merchant/promotions" data-testid="nav-merchant-promotions">{t.nav.promotions}</a>}
        {isAllianceAdmin(principal) && <a href="/admin" data-testid="nav-admin-overview">{t.commissions.admin.figures.nav}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/refunds" data-testid="nav-admin-refunds">{t.nav.admin}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/promotions" data-testid="nav-admin-promotions">{t.nav.adminPromotions}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/merchants" data-testid="nav-admin-merchants">{t.shops.admin.nav}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/settlement" data-testid="nav-admin-settlement">{t.commissions.navAdmin}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/withdrawals" data-testid="nav-admin-withdrawals">{t.withdrawals.admin.title}</a>}
        {isAllianceAdmin(principal) && <a href="/admin/settings" data-testid="nav-admin-settings">{t.settings.nav}</a>}
      </nav>
      <div className="header-actions">
        {/* Plain <a>: these are route handlers with side effects, never prefetched. */}
        <ReturnToLink
          className="lang-switch"
          data-testid="lang-switch"
          base={`/lang?to=${otherLang}&returnTo=`}
          initialPath={path}
          title={t.langSwitchTitle}
          lang={otherLang === 'en' ? 'en' : 'zh-CN'}
        >
          {t.langSwitch}
        </ReturnToLink>
        {me.status === 'member' ? (
          <>
            <NavLink href="/me" className="member-name" data-testid="member-name" title={me.member.displayName}>
              {me.member.displayName}
            </NavLink>
            <form action="/auth/logout" method="post" className="inline-form">
              <button type="submit" className="link-button" data-testid="logout">
                {t.auth.logout}
              </button>
            </form>
          </>
        ) : me.status === 'error' ? (
          <form action="/auth/logout" method="post" className="inline-form">
            <button type="submit" className="link-button" data-testid="logout">
              {t.auth.logout}
            </button>
          </form>
        ) : (
          <ReturnToLink className="login-link" data-testid="login-link" base="/auth/login?returnTo=" initialPath={path}>
            {t.auth.login}
          </ReturnToLink>
        )}
      </div>
    </header>
  );
}

/** The cart's item count: the member's server cart, or the guest cookie (no gateway call for guests). */
export async function headerCartCount(): Promise<number> {
  const member = await getCartCount();
  return member ?? guestCartCount(await getGuestCart());
}

export function CartBadge({ count, label }: { count: number; label: (n: number) => string }) {
  if (count <= 0) return null;
  return (
    <span className="cart-badge" data-testid="cart-badge" aria-label={label(count)}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
