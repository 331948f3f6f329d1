import type { Metadata } from 'next';
import Link from 'next/link';
import { CartIcon } from '@/components/Icons';
import { getI18n } from '@/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.cart.title };
}

export default async function CartPage() {
  const { t } = await getI18n();
  return (
    <div className="page">
      <h1 className="page-title">{t.cart.title}</h1>
      <section className="state-panel" data-testid="cart-placeholder">
        <div className="state-icon" aria-hidden="true">
          <CartIcon />
        </div>
        <h2>{t.cart.comingSoon}</h2>
        <p className="muted">{t.cart.body}</p>
        <div className="state-actions">
          <Link className="button" href="/">
            {t.cart.browse}
          </Link>
        </div>
      </section>
    </div>
  );
}
