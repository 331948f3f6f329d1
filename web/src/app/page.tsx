import { ErrorState } from '@/components/ErrorState';
import { FilterSelect } from '@/components/FilterSelect';
import { PinIcon } from '@/components/Icons';
import { ProductCard } from '@/components/ProductCard';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { PAGE_SIZE, getStorefront, type StorefrontData } from '@/lib/api';
import { getStorefrontTags } from '@/lib/promotion-tags-api';
import { errorCode } from '@/lib/gateway';
import {
  hasFilters,
  parseStorefrontParams,
  storefrontHref,
  toFilter,
  type RawSearchParams,
  type StorefrontParams,
} from '@/lib/storefront-params';

export const dynamic = 'force-dynamic';

// Filters, chips and paging are plain links and full page loads: this page is rendered on the server
// on every request anyway, and on a cold server Next 15.5's client-side (RSC) navigations were seen to
// be aborted in the browser and then ignored (see web/README.md). A full load cannot be lost.

export default async function StorefrontPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const params = parseStorefrontParams(await searchParams);
  const { lang, t } = await getI18n();

  let data: StorefrontData;
  // The tags are asked beside the page (never failing it): the storefront shows even without promotions.
  const tags = getStorefrontTags(PAGE_SIZE, params.after ?? null, toFilter(params));
  try {
    data = await getStorefront(toFilter(params), params.after);
  } catch (err) {
    const code = errorCode(err);
    return <ErrorState t={t} code={code} retryHref={code === 'BAD_USER_INPUT' ? '/' : storefrontHref(params, { after: params.after, page: params.after ? params.page : undefined })} />;
  }

  const { storefront } = data;
  const tagsByProduct = await tags;
  return (
    <div className="storefront">
      <section className="top-bar">
        <FilterSelect
          testId="filter-neighborhood"
          param="neighborhood"
          label={t.filters.neighborhood}
          allLabel={t.filters.allNeighborhoods}
          options={data.neighborhoods.map((n) => ({ value: n, label: n }))}
          icon={<PinIcon size={14} />}
          params={params}
          resets={['merchant']}
          className="neighborhood-select"
        />
        <SearchBox t={t} params={params} />
      </section>

      <CategoryChips t={t} lang={lang} params={params} data={data} />

      <section className="filter-row">
        <FilterSelect
          testId="filter-merchant"
          param="merchant"
          label={t.filters.merchant}
          allLabel={t.filters.allMerchants}
          options={data.merchants.map((m) => ({ value: m.id, label: m.name }))}
          params={params}
          className="merchant-select"
        />
        <p className="total-count">
          <span data-testid="total-count">{t.storefront.totalCount(storefront.totalCount)}</span>
          {params.after && <span className="muted"> · {t.storefront.page(params.page)}</span>}
        </p>
      </section>

      {storefront.edges.length === 0 ? (
        <StatePanel
          testId="empty-state"
          icon="?"
          title={t.storefront.empty}
          actions={hasFilters(params) || params.after ? [{ href: '/', label: t.storefront.clearFilters }] : []}
        >
          <p className="muted">{t.storefront.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="product-grid" data-testid="product-grid">
          {storefront.edges.map(({ node }, i) => (
            <ProductCard key={node.id} product={node} soldOutLabel={t.storefront.soldOut} memberPriceLabel={t.product.memberPrice} tags={tagsByProduct.get(node.id)} position={i} />
          ))}
        </ul>
      )}

      <nav className="pager" aria-label="pages">
        {params.after && (
          <a className="button button-ghost" href={storefrontHref(params, {})} data-testid="first-page">
            {t.storefront.firstPage}
          </a>
        )}
        {storefront.pageInfo.hasNextPage && storefront.pageInfo.endCursor && (
          <a
            className="button"
            data-testid="next-page"
            href={storefrontHref(params, { after: storefront.pageInfo.endCursor, page: params.page + 1 })}
          >
            {t.storefront.nextPage}
          </a>
        )}
      </nav>
    </div>
  );
}

function SearchBox({ t, params }: { t: Dictionary; params: StorefrontParams }) {
  // A plain GET form: works without JavaScript and keeps the other filters.
  return (
    <form className="search-box" action="/" method="get" role="search">
      {params.neighborhood && <input type="hidden" name="neighborhood" value={params.neighborhood} />}
      {params.merchant && <input type="hidden" name="merchant" value={params.merchant} />}
      {params.category && <input type="hidden" name="category" value={params.category} />}
      <input
        type="search"
        name="q"
        defaultValue={params.q ?? ''}
        placeholder={t.filters.searchPlaceholder}
        aria-label={t.filters.search}
        data-testid="search-input"
        maxLength={50}
      />
      <button type="submit">{t.filters.search}</button>
    </form>
  );
}

function CategoryChips({ t, lang, params, data }: { t: Dictionary; lang: Lang; params: StorefrontParams; data: StorefrontData }) {
  return (
    <nav className="chips" data-testid="filter-category" aria-label={t.filters.category}>
      <a
        href={storefrontHref(params, { category: undefined })}
        className={params.category ? 'chip' : 'chip active'}
        data-code=""
        aria-current={params.category ? undefined : 'true'}
      >
        {t.filters.allCategories}
      </a>
      {data.categories.map((c) => {
        const active = params.category === c.code;
        return (
          <a
            key={c.code}
            href={storefrontHref(params, { category: c.code })}
            className={active ? 'chip active' : 'chip'}
            data-code={c.code}
            aria-current={active ? 'true' : undefined}
          >
            {lang === 'en' ? c.nameEn : c.name}
          </a>
        );
      })}
    </nav>
  );
}
