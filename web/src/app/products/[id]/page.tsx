import type { Metadata } from 'next';
import { NavLink } from '@/components/NavLink';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { ProductTile } from '@/components/ProductCard';
import { ProductPhoto, type PhotoView } from '@/components/ProductPhoto';
import { DETAIL_SIZES } from '@/lib/product-image';
import { ShopBadge } from '@/components/ShopBadge';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import type { Flash } from '@/lib/flash';
import { getProduct } from '@/lib/api';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { FlashNotice } from '@/components/Notices';
import { MemberPrice } from '@/components/MemberPrice';
import { PromotionTags } from '@/components/PromotionTags';
import { getProductTags } from '@/lib/promotion-tags-api';
import { GroupBuyOffer } from '@/components/GroupBuy';
import { getGroupProduct, getOpenGroupBuys } from '@/lib/group-buy-api';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const load = cache(async (id: string) => {
  try {
    return { ok: true as const, ...(await getProduct(id)) };
  } catch (err) {
    return { ok: false as const, code: errorCode(err) };
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(decodeURIComponent((await params).id));
  return result.ok && result.product ? { title: result.product.name } : {};
}

export default async function ProductPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id);
  const flash = await getFlash((await searchParams).flash);
  const { lang, t } = await getI18n();
  const tags = getProductTags(id);
  const result = await load(id);
  if (!result.ok) return <ErrorState t={t} code={result.code} retryHref={`/products/${encodeURIComponent(id)}`} />;
  const { product, categories } = result;
  if (!product) notFound();

  const m = product.merchant;
  const tagList = await tags;
  const groupOffer = await loadGroupOffer(product.id, tagList);
  const category = categories.find((c) => c.code === product.category);
  const categoryName = category ? (lang === 'en' ? category.nameEn : category.name) : product.category;

  return (
    <article className="product-detail" data-testid="product-detail" data-product-id={product.id}>
      <NavLink href="/" className="back-link">
        ‹ {t.product.back}
      </NavLink>
      <div className="detail-layout">
        {product.images.length > 0 ? <ProductGallery name={product.name} images={product.images} /> : <ProductTile name={product.name} category={product.category} large />}
        <div className="detail-main">
          <div className="detail-title-row">
            <h1 className="detail-name" data-testid="product-title">{product.name}</h1>
            {/* A plain link: /me/share asks a signed-out shopper to log in first. */}
            <a className="button button-ghost button-sm share-product-link" href={`/me/share?product=${encodeURIComponent(product.id)}`} data-testid="share-product">
              {t.commissions.share.shareProduct}
            </a>
          </div>
          <p className="detail-price">
            <span className="price price-lg" data-testid="product-price">{formatFen(product.price.amountFen)}</span>
            {product.memberPrice && <MemberPrice fen={product.memberPrice.amountFen} label={t.product.memberPrice} />}
            <span className="muted"> {product.specs.length > 1 ? t.product.from : `/ ${product.unit}`}</span>
          </p>
          <PromotionTags tags={tagList} detailed />
          {product.specs.length > 1 && (
            <section className="detail-specs" aria-label={t.product.specs}>
              <h2 className="small muted">{t.product.specs}</h2>
              <ul className="spec-list" data-testid="product-specs">
                {product.specs.map((s) => (
                  <li key={s.id} className="spec-item" data-testid="product-spec" data-spec-id={s.id}>
                    <span className="spec-name">{s.name}</span>
                    <span className="price">{formatFen(s.price.amountFen)}</span>
                    {s.memberPrice && <MemberPrice fen={s.memberPrice.amountFen} label={t.product.memberPrice} />}
                    <span className="muted small">{s.stock > 0 ? t.product.stock(s.stock) : t.product.soldOut}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <dl className="detail-facts">
            <div>
              <dt>{t.product.unit}</dt>
              <dd>{product.unit}</dd>
            </div>
            <div>
              <dt>{t.product.category}</dt>
              <dd>
                <NavLink href={`/?category=${encodeURIComponent(product.category)}`}>{categoryName}</NavLink>
              </dd>
            </div>
            <div>
              <dt>{t.product.stockLabel}</dt>
              <dd data-testid="product-stock">{product.stock > 0 ? product.stock : t.product.soldOut}</dd>
            </div>
          </dl>
          <AddToCartForm t={t} product={product} flash={flash} />
          {groupOffer && (
            <GroupBuyOffer
              t={t}
              promotionId={groupOffer.promotionId}
              summary={groupOffer.summary}
              productId={product.id}
              unit={product.unit}
              prices={groupOffer.prices}
              openGroups={groupOffer.openGroups}
              nowMs={Date.now()}
            />
          )}
          <section className="detail-section">
            <h2>{t.product.details}</h2>
            <p className="detail-description">{product.description}</p>
          </section>
        </div>
      </div>

      <section className="shop-card" data-testid="shop-card" data-merchant-id={m.id}>
        <div className="shop-card-head">
          <ShopBadge badge={m.badge} kind={m.kind} size="lg" />
          <div>
            <h2 className="shop-card-name">
              <a href={`/shops/${encodeURIComponent(m.id)}`} data-testid="shop-page-link">
                {m.name}
              </a>
            </h2>
            <p className="muted small">{t.kinds[m.kind] ?? m.kind}</p>
          </div>
          <NavLink className="button button-ghost button-sm" href={`/?merchant=${encodeURIComponent(m.id)}`}>
            {t.product.visitShop}
          </NavLink>
        </div>
        <dl className="detail-facts">
          <div>
            <dt>{t.product.neighborhood}</dt>
            <dd data-testid="shop-neighborhood">{m.neighborhood}</dd>
          </div>
          <div>
            <dt>{t.product.address}</dt>
            <dd>{m.address}</dd>
          </div>
        </dl>
        {m.description && <p className="muted">{m.description}</p>}
      </section>
    </article>
  );
}

/**
 * The product's group-buy (拼团), when a live one covers it: each spec's group price and the groups open
 * to join. Decoration like the tags: null when it cannot be had, and the page still sells the product.
 */
async function loadGroupOffer(productId: string, tags: readonly { kind: string; promotionId: string; summary: string }[]) {
  const tag = tags.find((x) => x.kind === 'GROUP_BUY');
  if (!tag) return null;
  const [priced, openGroups] = await Promise.all([getGroupProduct(productId, tag.promotionId).catch(() => null), getOpenGroupBuys(tag.promotionId)]);
  if (!priced) return null;
  return { promotionId: tag.promotionId, summary: tag.summary, prices: priced.prices, openGroups };
}

type ProductView = NonNullable<Awaited<ReturnType<typeof getProduct>>['product']>;

/**
 * Every photo of the product, the cover first: a strip that snaps photo by photo under a thumb (no
 * script). The cover is the page's largest paint and loads first; the others as they are scrolled to.
 */
function ProductGallery({ name, images }: { name: string; images: readonly (PhotoView & { id: string })[] }) {
  return (
    <div className="product-gallery" data-testid="product-gallery" data-count={images.length}>
      {images.map((image, i) => (
        <ProductPhoto key={image.id} image={image} alt={images.length > 1 ? `${name} ${i + 1}/${images.length}` : name} sizes={DETAIL_SIZES} loading={i === 0 ? 'high' : 'lazy'} className="product-photo product-photo-lg" testId="gallery-photo" />
      ))}
    </div>
  );
}

/**
 * Spec, quantity and the add button: a plain form posted to /cart/add (works before hydration and
 * without JavaScript). The first spec in stock is preselected.
 */
function AddToCartForm({ t, product, flash }: { t: Dictionary; product: ProductView; flash: Flash | undefined }) {
  const path = `/products/${encodeURIComponent(product.id)}`;
  const firstInStock = product.specs.find((s) => s.stock > 0) ?? product.specs[0];
  const soldOut = product.stock <= 0;
  return (
    <ActionForm action="/cart/add" className="add-to-cart" data-testid="add-to-cart-form" fields={{ productId: product.id, back: path }}>
      {product.specs.length > 1 ? (
        <fieldset className="spec-choice">
          <legend className="small muted">{t.product.chooseSpec}</legend>
          {product.specs.map((s) => (
            <label key={s.id} className="spec-option" data-testid="spec-option" data-spec-id={s.id}>
              <input type="radio" name="specId" value={s.id} defaultChecked={s.id === firstInStock?.id} disabled={s.stock <= 0} required />
              <span>{s.name}</span>
              <span className="price">{formatFen(s.price.amountFen)}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        product.specs[0] && <input type="hidden" name="specId" value={product.specs[0].id} />
      )}
      <label className="quantity-field">
        <span className="small muted">{t.product.quantity}</span>
        <input type="number" name="quantity" defaultValue={1} min={1} max={99} inputMode="numeric" data-testid="quantity-input" required />
      </label>
      <FlashNotice t={t} flash={flash} ok={{ added: t.product.added }} />
      {flash?.ok === 'added' && (
        <a className="button button-ghost button-block" href="/cart" data-testid="view-cart">
          {t.product.viewCart}
        </a>
      )}
      <button type="submit" className="button button-block" data-testid="add-to-cart" disabled={soldOut}>
        {soldOut ? t.product.soldOut : t.product.addToCart}
      </button>
    </ActionForm>
  );
}
