import type { Metadata } from 'next';
import { CartLineRow } from '@/components/CartLines';
import { ErrorState } from '@/components/ErrorState';
import { CartIcon } from '@/components/Icons';
import { FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { getCart, getGuestProducts } from '@/lib/cart-api';
import { guestCartView, memberCartView, type CartVM } from '@/lib/cart-view';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash, getGuestCart } from '@/lib/page-state';
import { afterDiscount, lineDiscounts } from '@/lib/promotion-view';
import { getCartQuote, getGuestQuote, type QuoteView } from '@/lib/quote-api';
import { AppliedPromotions, PromotionsUnavailable } from '@/components/AppliedPromotions';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.cart.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CartPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const flash = await getFlash((await searchParams).flash);
  const member = Boolean(await getAccessToken());
  const guestLines = await getGuestCart();

  let cart: CartVM;
  // Priced beside the cart, never failing it: without a quote the cart shows its prices and says so.
  let quote: Promise<QuoteView | null> = member ? getCartQuote() : getGuestQuote(guestLines);
  try {
    cart = member ? memberCartView(await getCart()) : guestCartView(guestLines, await getGuestProducts(guestLines.map((l) => l.productId)));
  } catch (err) {
    const code = errorCode(err);
    if (code === 'UNAUTHENTICATED') {
      cart = guestCartView(guestLines, await getGuestProducts(guestLines.map((l) => l.productId)).catch(() => new Map()));
      quote = getGuestQuote(guestLines);
    } else {
      return <ErrorState t={t} code={code} retryHref="/cart" />;
    }
  }

  const back = '/cart';
  const empty = cart.groups.length === 0 && cart.unavailable.length === 0;
  const priced = empty ? null : await quote;
  const discounts = lineDiscounts(priced?.lines ?? []);
  const discountFen = priced?.discountTotal.amountFen ?? 0;
  const promotionsKnown = Boolean(priced?.promotionsAvailable);
  const ok = { updated: t.cart.updated, merged: t.cart.merged, added: t.product.added };

  return (
    <div className="page cart-page" data-testid="cart-page" data-member={member || undefined}>
      <h1 className="page-title">{t.cart.title}</h1>
      <FlashNotice t={t} flash={flash} ok={ok} />
      {member && guestLines.length > 0 && (
        <form method="post" action="/cart/merge" className="notice">
          <button type="submit" className="button button-ghost button-sm" data-testid="merge-guest-cart">
            {t.cart.merge}
          </button>
        </form>
      )}
      {empty ? (
        <StatePanel testId="cart-empty" icon={<CartIcon />} title={t.cart.empty} actions={[{ href: '/', label: t.cart.browse }]}>
          <p className="muted">{t.cart.body}</p>
        </StatePanel>
      ) : (
        <>
          {!member && <p className="notice">{t.cart.guestNotice}</p>}
          {cart.hasProblems && (
            <p className="notice notice-warn" role="status" data-testid="cart-problems">
              {t.cart.problems}
            </p>
          )}
          {cart.groups.map((g) => (
            <section key={g.merchant.id} className="cart-group" data-testid="cart-group" data-merchant-id={g.merchant.id}>
              <h2 className="cart-group-head">
                <ShopBadge badge={g.merchant.badge} kind={g.merchant.kind} /> {g.merchant.name}
              </h2>
              <ul>
                {g.lines.map((l) => (
                  <CartLineRow key={`${l.productId}:${l.specId ?? ''}`} t={t} line={l} back={back} discountFen={discounts.get(`${l.productId}:${l.specId ?? ''}`)} />
                ))}
              </ul>
              <p className="cart-subtotal">
                {t.cart.subtotal} <span className="price" data-testid="cart-subtotal">{formatFen(g.subtotalFen)}</span>
              </p>
            </section>
          ))}
          {cart.unavailable.length > 0 && (
            <section className="cart-group" data-testid="cart-unavailable">
              <h2 className="cart-group-head muted">{t.cart.unavailableTitle}</h2>
              <ul>
                {cart.unavailable.map((l) => (
                  <CartLineRow key={`${l.productId}:${l.specId ?? ''}`} t={t} line={l} back={back} />
                ))}
              </ul>
            </section>
          )}
          {cart.groups.length > 0 && (
            <section className="cart-promotions" data-testid="cart-promotions" data-discount-fen={discountFen}>
              {priced && priced.applied.length > 0 && (
                <>
                  <h2 className="small muted">{t.promoCart.promotions}</h2>
                  <AppliedPromotions t={t} applied={priced.applied} />
                </>
              )}
              {!promotionsKnown && <PromotionsUnavailable t={t} />}
            </section>
          )}
          <div className="cart-bar" data-testid="cart-bar">
            <div className="cart-bar-total">
              <span>{t.cart.total}</span> <span className="price" data-testid="cart-total">{formatFen(afterDiscount(cart.totalFen, discountFen))}</span>
              <span className="muted small"> {t.cart.items(cart.totalQuantity)}</span>
              {discountFen > 0 && (
                <span className="small promo-savings block" data-testid="cart-savings">
                  {t.promoCart.savings} {formatFen(discountFen)} · <span className="muted">{t.promoCart.goods} {formatFen(cart.totalFen)}</span>
                </span>
              )}
            </div>
            {member ? (
              <a className="button" href="/checkout" data-testid="checkout-button" aria-disabled={cart.groups.length === 0 || undefined}>
                {t.cart.checkout}
              </a>
            ) : (
              <a className="button" href="/auth/login?returnTo=%2Fcheckout" data-testid="checkout-button">
                {t.cart.loginToCheckout}
              </a>
            )}
          </div>
        </>
      )}
    </div>
  );
}
