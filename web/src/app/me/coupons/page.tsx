import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { couponShopPath, walletSections } from '@/lib/coupon-view';
import { getMyCoupons, type CouponView } from '@/lib/coupons-api';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.coupons.title };
}

/**
 * 我的 → 优惠券: the coupons her completed orders earned at allied shops. Usable ones first with where to
 * use them; they apply by themselves in the cart at that shop. Used and expired ones below, greyed.
 */
export default async function CouponsPage() {
  const { t, lang } = await getI18n();
  if (!(await getAccessToken())) {
    return <StatePanel testId="coupons-login" icon="?" title={t.me.loginPrompt} actions={[{ href: '/auth/login?returnTo=%2Fme%2Fcoupons', label: t.auth.login, plain: true }]} />;
  }
  let coupons: CouponView[];
  try {
    coupons = await getMyCoupons();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/me/coupons" />;
  }
  const { usable, past } = walletSections(coupons);

  return (
    <div className="page coupons-page" data-testid="coupon-wallet" data-count={coupons.length}>
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{t.coupons.title}</h1>
      {coupons.length === 0 ? (
        <StatePanel testId="coupons-empty" icon="券" title={t.coupons.emptyTitle} actions={[{ href: '/', label: t.cart.browse }]}>
          <p className="muted">{t.coupons.emptyText}</p>
        </StatePanel>
      ) : (
        <>
          <section aria-labelledby="coupons-usable">
            <h2 id="coupons-usable" className="small muted">
              {t.coupons.usable(usable.length)}
            </h2>
            {usable.length === 0 ? (
              <p className="muted" data-testid="coupons-none-usable">
                {t.coupons.noneUsable}
              </p>
            ) : (
              <ul className="coupon-list">
                {usable.map((c) => (
                  <CouponItem key={c.id} t={t} lang={lang} coupon={c} />
                ))}
              </ul>
            )}
            <p className="small muted">{t.coupons.howItWorks}</p>
          </section>
          {past.length > 0 && (
            <section aria-labelledby="coupons-past">
              <h2 id="coupons-past" className="small muted">
                {t.coupons.past}
              </h2>
              <ul className="coupon-list coupon-list-past">
                {past.map((c) => (
                  <CouponItem key={c.id} t={t} lang={lang} coupon={c} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function CouponItem({ t, lang, coupon: c }: { t: Dictionary; lang: Lang; coupon: CouponView }) {
  const usable = c.status === 'AVAILABLE';
  return (
    <li className={usable ? 'coupon' : 'coupon coupon-past'} data-testid="coupon" data-coupon-id={c.id} data-status={c.status} data-shop-id={c.shop.id}>
      <div className="coupon-amount">
        {c.discount ? <span className="coupon-value">{formatFen(c.discount.amountFen)}</span> : <span className="coupon-value">{t.promo.kinds.CROSS_STORE_COUPON}</span>}
        <span className="small">{c.minSpend ? t.coupons.minSpend(formatFen(c.minSpend.amountFen)) : t.coupons.noMinSpend}</span>
      </div>
      <div className="coupon-body">
        <p className="coupon-title">{c.title}</p>
        <p className="small">{c.summary}</p>
        <p className="small">
          {t.coupons.useAt} <ShopBadge badge={c.shop.badge} kind={c.shop.kind} /> <strong>{c.shop.name}</strong>
          <span className="muted"> · {t.coupons.earnedAt(c.issuingShop.name)}</span>
        </p>
        <p className="small muted">
          {c.status === 'USED' && typeof c.usedAt === 'string'
            ? t.coupons.usedAt(formatDateTime(c.usedAt, lang))
            : c.status === 'EXPIRED'
              ? t.coupons.expiredAt(formatDateTime(c.validUntil, lang))
              : t.coupons.validUntil(formatDateTime(c.validUntil, lang))}
        </p>
      </div>
      <div className="coupon-side">
        {usable ? (
          <a className="button button-sm" href={couponShopPath(c.shop.id)} data-testid="coupon-use">
            {t.coupons.use}
          </a>
        ) : (
          <span className="tag tag-muted" data-testid="coupon-status">
            {t.coupons.status[c.status] ?? c.status}
          </span>
        )}
      </div>
    </li>
  );
}
