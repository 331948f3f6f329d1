import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { ProductCard } from '@/components/ProductCard';
import { ProductPhoto } from '@/components/ProductPhoto';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getStorefront, type StorefrontData } from '@/lib/api';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getShop, type LicenceImageView, type ShopView } from '@/lib/shop-page-api';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const load = cache(async (id: string) => {
  try {
    return { ok: true as const, shop: await getShop(id) };
  } catch (err) {
    return { ok: false as const, code: errorCode(err) };
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await load(decodeURIComponent((await params).id));
  return result.ok && result.shop ? { title: result.shop.name } : {};
}

/** A licence photo: small on the page, the largest rendition one tap away. */
const LICENCE_SIZES = '(min-width: 768px) 280px, calc(100vw - 48px)';

/**
 * A shop's page (public): who it is, where, which neighbourhoods it serves, its delivery terms, and its
 * licences — 电子商务法 Art. 15 asks a shop to show its business licence (and permits such as the food
 * business permit) on its main page. Then its products on sale, as the storefront shows them.
 */
export default async function ShopPage({ params, searchParams }: Props) {
  const id = decodeURIComponent((await params).id).slice(0, 60);
  const { t } = await getI18n();
  const p = t.shops.page;
  const afterRaw = (await searchParams).after;
  const after = typeof afterRaw === 'string' && afterRaw.length <= 200 ? afterRaw : undefined;
  const here = `/shops/${encodeURIComponent(id)}`;
  const productsPromise: Promise<StorefrontData | null> = getStorefront({ merchantId: id }, after).catch((err: unknown) => {
    console.error(`[shop] products of ${id} unavailable: ${errorCode(err)}`);
    return null;
  });
  const result = await load(id);
  if (!result.ok) return <ErrorState t={t} code={result.code} retryHref={here} />;
  const shop = result.shop;
  if (!shop) notFound();
  const products = await productsPromise;
  const suspended = shop.status === 'SUSPENDED';

  return (
    <article className="page shop-page" data-testid="shop-page" data-merchant-id={shop.id} data-status={shop.status}>
      <header className="shop-card-head">
        <ShopBadge badge={shop.badge} kind={shop.kind} size="lg" />
        <div>
          <h1 className="page-title" data-testid="shop-title">
            {shop.name}
          </h1>
          <p className="muted small">{t.kinds[shop.kind] ?? shop.kind}</p>
        </div>
      </header>
      {suspended && (
        <p className="notice notice-warn" role="status" data-testid="shop-suspended">
          {p.suspended}
        </p>
      )}
      {shop.description && <p className="muted">{shop.description}</p>}
      <section className="panel">
        <dl className="detail-facts">
          <div>
            <dt>{p.neighborhood}</dt>
            <dd>{shop.neighborhood}</dd>
          </div>
          <div>
            <dt>{p.address}</dt>
            <dd data-testid="shop-address">{shop.address}</dd>
          </div>
          <div>
            <dt>{p.served}</dt>
            <dd data-testid="shop-served">{(shop.neighborhoodsServed.length > 0 ? shop.neighborhoodsServed : [shop.neighborhood]).join('、')}</dd>
          </div>
          <div>
            <dt>{p.delivery}</dt>
            <dd data-testid="shop-delivery">
              {shop.delivery
                ? [p.fee(formatFen(shop.delivery.fee.amountFen)), shop.delivery.freeFrom ? p.freeFrom(formatFen(shop.delivery.freeFrom.amountFen)) : null].filter(Boolean).join('，')
                : p.noDelivery}
            </dd>
          </div>
        </dl>
      </section>
      <Licences t={t} shop={shop} />

      <section className="shop-products">
        <h2>{p.products}</h2>
        {!products || products.storefront.edges.length === 0 ? (
          <StatePanel testId="shop-products-empty" icon="∅" title={p.noProducts} />
        ) : (
          <ul className="product-grid" data-testid="product-grid">
            {products.storefront.edges.map(({ node }) => (
              <ProductCard key={node.id} product={node} soldOutLabel={t.storefront.soldOut} memberPriceLabel={t.product.memberPrice} />
            ))}
          </ul>
        )}
        {products?.storefront.pageInfo.hasNextPage && products.storefront.pageInfo.endCursor && (
          <nav className="pager">
            <a className="button button-ghost" href={`${here}?after=${encodeURIComponent(products.storefront.pageInfo.endCursor)}`} data-testid="shop-more">
              {p.more}
            </a>
          </nav>
        )}
      </section>
    </article>
  );
}

function Licences({ t, shop }: { t: Dictionary; shop: ShopView }) {
  const p = t.shops.page;
  const l = shop.licences;
  return (
    <section className="panel shop-licences" data-testid="shop-licences">
      <h2>{p.licences}</h2>
      <p className="small muted">{p.licencesLaw}</p>
      {!l ? (
        <p className="muted">{p.noLicences}</p>
      ) : (
        <div className="licence-list">
          <Licence title={p.businessLicence} numberLabel={p.businessLicenceNumber} number={l.businessLicenceNumber} image={l.businessLicenceImage ?? null} testId="licence-business" />
          {l.foodPermitNumber && <Licence title={p.foodPermit} numberLabel={p.foodPermitNumber} number={l.foodPermitNumber} image={l.foodPermitImage ?? null} testId="licence-food" />}
        </div>
      )}
    </section>
  );
}

function Licence({ title, numberLabel, number, image, testId }: { title: string; numberLabel: string; number: string; image: LicenceImageView | null; testId: string }) {
  return (
    <figure className="licence" data-testid={testId}>
      {image && (
        <a href={image.url} target="_blank" rel="noopener">
          {/* Below the fold on a phone: lazy. */}
          <ProductPhoto image={image} alt={title} sizes={LICENCE_SIZES} loading="lazy" className="licence-photo" testId={`${testId}-photo`} />
        </a>
      )}
      <figcaption>
        <strong>{title}</strong>
        <br />
        <span className="small">
          {numberLabel}: <span data-testid={`${testId}-number`}>{number}</span>
        </span>
      </figcaption>
    </figure>
  );
}
