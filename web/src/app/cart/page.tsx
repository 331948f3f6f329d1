import type { Metadata } from 'next';
import { StatePanel } from '@/components/StatePanel';
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
      <StatePanel testId="cart-placeholder" icon={<CartIcon />} title={t.cart.comingSoon} actions={[{ href: '/', label: t.cart.browse }]}>
        <p className="muted">{t.cart.body}</p>
      </StatePanel>
    </div>
  );
}
