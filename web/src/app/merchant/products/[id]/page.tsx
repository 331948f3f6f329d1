import type { Metadata } from 'next';
import { DirectUpload } from '@/components/DirectUpload';
import { ErrorState } from '@/components/ErrorState';
import { ProductPhoto } from '@/components/ProductPhoto';
import { ShopBadge } from '@/components/ShopBadge';
import { pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getEditProduct, type EditProductView } from '@/lib/catalogue-api';
import { uploadLabels } from '@/lib/catalogue-labels';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { productFormValuesFrom, productFormValuesFromFlash } from '@/lib/product-form';
import { ListedToggle } from '../ListedToggle';
import { ProductForm } from '../ProductForm';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.catalogue.editTitle };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** One product of the shop: its form, its photos (added straight from the phone, removed), 上架/下架. */
export default async function EditProductPage({ params, searchParams }: Props) {
  const { t, lang } = await getI18n();
  const c = t.catalogue;
  const id = decodeURIComponent((await params).id);
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: `/merchant/products/${encodeURIComponent(id)}`, title: c.editTitle, testId: 'catalogue' });
  if (!pick.ok) return pick.panel;
  const { merchantId } = pick;
  const list = `/merchant/products?shop=${encodeURIComponent(merchantId)}`;
  const here = `/merchant/products/${encodeURIComponent(id)}?shop=${encodeURIComponent(merchantId)}`;
  const flash = await getFlash(query.flash);

  let loaded: Awaited<ReturnType<typeof getEditProduct>>;
  try {
    loaded = await getEditProduct(id, merchantId);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  const { product, shop, categories } = loaded;
  if (!product || !shop) return <StatePanel testId="product-edit-unknown" icon="?" title={c.notFound} actions={[{ href: list, label: c.backToList, plain: true }]} />;
  const suspended = shop.status === 'SUSPENDED';
  // A refused save brings back what was typed; otherwise the product as stored.
  const values = flash?.values && !flash.ok ? productFormValuesFromFlash(flash.values) : productFormValuesFrom(product);

  return (
    <div className="page desk-page product-edit-page" data-testid="product-edit-page" data-product-id={product.id} data-merchant-id={merchantId} data-listed={String(product.listed)}>
      <header className="desk-head">
        <h1 className="page-title">
          <ShopBadge badge={shop.badge} kind={shop.kind} /> {product.name}
        </h1>
        <a className="button button-ghost button-sm" href={list} data-testid="catalogue-back">
          {c.backToList}
        </a>
        <a className="button button-ghost button-sm" href={`/products/${encodeURIComponent(product.id)}`}>
          {c.viewInStore}
        </a>
        <span className={product.listed ? 'tag' : 'tag tag-muted'}>{product.listed ? c.listed : c.delisted}</span>
        {!suspended && <ListedToggle t={t} productId={product.id} listed={product.listed} back={here} testId="product-toggle" />}
      </header>
      {suspended && (
        <p className="notice notice-warn" role="status" data-testid="catalogue-suspended">
          {c.suspended}
        </p>
      )}
      <Photos t={t} product={product} here={here} suspended={suspended} />
      <ProductForm t={t} lang={lang} merchantId={merchantId} productId={product.id} values={values} flash={flash} categories={categories} back={here} />
    </div>
  );
}

function Photos({ t, product, here, suspended }: { t: Dictionary; product: EditProductView; here: string; suspended: boolean }) {
  const p = t.catalogue.photos;
  return (
    <section className="panel" data-testid="product-photos" data-count={product.images.length}>
      <h2>{p.title}</h2>
      <p className="small muted">{p.hint}</p>
      {product.images.length === 0 ? (
        <p className="small muted">{p.none}</p>
      ) : (
        <ul className="photo-list">
          {product.images.map((image, i) => (
            <li key={image.id} data-testid="product-photo-item" data-image-id={image.id}>
              <ProductPhoto image={image} alt={`${product.name} ${i + 1}`} sizes="96px" loading="eager" />
              {i === 0 && <span className="tag">{p.cover}</span>}
              {!suspended && (
                <ActionForm action="/merchant/products/action" fields={{ op: 'removeImage', productId: product.id, imageId: image.id, back: here }}>
                  <button type="submit" className="button button-ghost button-sm" data-testid="photo-remove">
                    {p.remove}
                  </button>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
      {!suspended && product.images.length < 9 && <DirectUpload kind="image" targetId={product.id} labels={uploadLabels(t, 'image')} afterHref={here} testId="photo-upload" />}
    </section>
  );
}
