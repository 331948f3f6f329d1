import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { ShopBadge } from '@/components/ShopBadge';
import { pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getCatalogueShop } from '@/lib/catalogue-api';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { EMPTY_SPEC, productFormValuesFromFlash, type ProductFormValues } from '@/lib/product-form';
import { ProductForm } from '../ProductForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.catalogue.newTitle };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** 新建商品: the empty form (listed at once unless unticked); photos follow on the product's own page. */
export default async function NewProductPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const c = t.catalogue;
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: '/merchant/products/new', title: c.newTitle, testId: 'catalogue' });
  if (!pick.ok) return pick.panel;
  const { merchantId } = pick;
  const list = `/merchant/products?shop=${encodeURIComponent(merchantId)}`;
  const here = `/merchant/products/new?shop=${encodeURIComponent(merchantId)}`;
  const flash = await getFlash(query.flash);

  let loaded: Awaited<ReturnType<typeof getCatalogueShop>>;
  try {
    loaded = await getCatalogueShop(merchantId);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  const { shop, categories } = loaded;
  if (!shop) return <StatePanel testId="catalogue-unknown-shop" icon="?" title={t.errors.notFoundTitle} actions={[{ href: list, label: c.backToList, plain: true }]} />;
  if (shop.status === 'SUSPENDED') return <StatePanel testId="catalogue-suspended" icon="!" title={c.suspended} actions={[{ href: list, label: c.backToList, plain: true }]} />;
  const values: ProductFormValues = flash?.values ? productFormValuesFromFlash(flash.values) : { name: '', description: '', category: '', unit: '', listed: true, specs: [EMPTY_SPEC] };

  return (
    <div className="page desk-page product-edit-page" data-testid="product-new-page" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          <ShopBadge badge={shop.badge} kind={shop.kind} /> {shop.name} · {c.newTitle}
        </h1>
        <a className="button button-ghost button-sm" href={list} data-testid="catalogue-back">
          {c.backToList}
        </a>
      </header>
      <ProductForm t={t} lang={lang} merchantId={merchantId} productId={null} values={values} flash={flash} categories={categories} back={here} />
      <p className="small muted">{c.photos.saveFirst}</p>
    </div>
  );
}
