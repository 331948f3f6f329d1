import type { Metadata } from 'next';
import { DirectUpload } from '@/components/DirectUpload';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { ProductTile } from '@/components/ProductCard';
import { ProductPhoto } from '@/components/ProductPhoto';
import { ShopBadge } from '@/components/ShopBadge';
import { ShopChips, pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getShopCatalogue, type CatalogueProductView, type ShopCatalogueView } from '@/lib/catalogue-api';
import { uploadLabels } from '@/lib/catalogue-labels';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { ListedToggle } from './ListedToggle';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.catalogue.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/merchant/products';
const PAGE = 50;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * 商品 of a shop: its whole catalogue, listed and delisted, with the cover photo, prices and stock, the
 * 上架/下架 toggle, a link to each product's form, and the sheet import/export. Phone first: owners
 * run it from the counter.
 */
export default async function CataloguePage({ searchParams }: Props) {
  const { t } = await getI18n();
  const c = t.catalogue;
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: SELF, title: c.title, testId: 'catalogue' });
  if (!pick.ok) return pick.panel;
  const { principal, merchantId } = pick;
  const afterRaw = first(query.after);
  const after = afterRaw && afterRaw.length <= 200 ? afterRaw : null;
  const shopQuery = `shop=${encodeURIComponent(merchantId)}`;
  const here = `${SELF}?${shopQuery}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
  const flash = await getFlash(query.flash);

  let shop: ShopCatalogueView | null;
  try {
    ({ shop } = await getShopCatalogue(merchantId, PAGE, after));
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  if (!shop) return <StatePanel testId="catalogue-unknown-shop" icon="?" title={t.errors.notFoundTitle} actions={[{ href: '/merchant', label: t.memberPool.backToDesk, plain: true }]} />;
  const products = shop.catalogue.edges.map((e) => e.node);
  const suspended = shop.status === 'SUSPENDED';

  return (
    <div className="page desk-page catalogue-page" data-testid="catalogue-page" data-merchant-id={merchantId} data-total={shop.catalogue.totalCount}>
      <header className="desk-head">
        <h1 className="page-title">
          <ShopBadge badge={shop.badge} kind={shop.kind} /> {shop.name} · {c.title}
        </h1>
        <ShopChips merchantIds={principal.merchantIds} current={merchantId} self={SELF} />
        <a className="button button-ghost button-sm" href={`/merchant?${shopQuery}`} data-testid="catalogue-desk-link">
          {t.memberPool.backToDesk}
        </a>
        {!suspended && (
          <a className="button button-sm" href={`${SELF}/new?${shopQuery}`} data-testid="catalogue-new">
            + {c.newProduct}
          </a>
        )}
      </header>
      <p className="small muted">{c.intro}</p>
      {suspended && (
        <p className="notice notice-warn" role="status" data-testid="catalogue-suspended">
          {c.suspended}
        </p>
      )}
      <FlashNotice t={t} flash={flash} ok={c.ok} messages={c.errors} />

      {products.length === 0 ? (
        <StatePanel testId="catalogue-empty" icon="?" title={c.empty}>
          <p className="small muted">{c.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="catalogue-list" data-testid="catalogue-list">
          {products.map((p) => (
            <CatalogueItem key={p.id} t={t} product={p} merchantId={merchantId} back={here} suspended={suspended} />
          ))}
        </ul>
      )}
      {(after || (shop.catalogue.pageInfo.hasNextPage && shop.catalogue.pageInfo.endCursor)) && (
        <nav className="pager">
          {after && (
            <a className="button button-ghost" href={`${SELF}?${shopQuery}`}>
              {c.firstPage}
            </a>
          )}
          {shop.catalogue.pageInfo.hasNextPage && shop.catalogue.pageInfo.endCursor && (
            <a className="button button-ghost" href={`${SELF}?${shopQuery}&after=${encodeURIComponent(shop.catalogue.pageInfo.endCursor)}`} data-testid="catalogue-more">
              {c.more}
            </a>
          )}
        </nav>
      )}

      <section className="panel" data-testid="catalogue-sheet">
        <h2>{c.sheet.title}</h2>
        <p className="small muted">{c.sheet.hint}</p>
        <div className="inline-fields">
          {/* Each a fresh short-lived link, made when clicked (the route redirects to it). */}
          <a className="button button-ghost button-sm" href={`${SELF}/sheet?kind=template&${shopQuery}`} data-testid="sheet-template">
            {c.sheet.template}
          </a>
          <a className="button button-ghost button-sm" href={`${SELF}/sheet?kind=export&${shopQuery}`} data-testid="sheet-export">
            {c.sheet.export}
          </a>
        </div>
        {!suspended && <DirectUpload kind="sheet" targetId={merchantId} labels={uploadLabels(t, 'sheet')} testId="sheet-upload" />}
      </section>
    </div>
  );
}

function CatalogueItem({ t, product: p, merchantId, back, suspended }: { t: Dictionary; product: CatalogueProductView; merchantId: string; back: string; suspended: boolean }) {
  const c = t.catalogue;
  const cover = p.images[0];
  const edit = `/merchant/products/${encodeURIComponent(p.id)}?shop=${encodeURIComponent(merchantId)}`;
  return (
    <li className={p.listed ? 'catalogue-item' : 'catalogue-item delisted'} data-testid="catalogue-item" data-product-id={p.id} data-listed={String(p.listed)} data-images={p.images.length}>
      <a className="catalogue-thumb" href={edit} aria-label={c.edit}>
        {cover ? <ProductPhoto image={cover} alt={p.name} sizes="64px" loading="lazy" /> : <ProductTile name={p.name} category={p.category} />}
      </a>
      <div className="catalogue-body">
        <h3 data-testid="catalogue-name">
          <a href={edit}>{p.name}</a>
        </h3>
        <p>
          <span className={p.listed ? 'tag' : 'tag tag-muted'} data-testid="catalogue-listed">
            {p.listed ? c.listed : c.delisted}
          </span>{' '}
          <span className="price">{formatFen(p.price.amountFen)}</span>
          {p.memberPrice && (
            <span className="small">
              {' '}
              {c.memberPrice} {formatFen(p.memberPrice.amountFen)}
            </span>
          )}
        </p>
        <p className="small muted">
          {c.stock} <span data-testid="catalogue-stock">{p.stock}</span> · {p.unit} · {c.specCount(p.specs.length)}
          {!cover && ` · ${c.noPhoto}`}
        </p>
      </div>
      <div className="catalogue-actions">
        <a className="button button-ghost button-sm" href={edit} data-testid="catalogue-edit">
          {c.edit}
        </a>
        {!suspended && <ListedToggle t={t} productId={p.id} listed={p.listed} back={back} testId="catalogue-toggle" />}
      </div>
    </li>
  );
}
