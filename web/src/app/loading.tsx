import { getI18n } from '@/i18n/server';

/** Skeleton shown while a page's data loads. */
export default async function Loading() {
  const { t } = await getI18n();
  return (
    <div className="loading" data-testid="loading" aria-busy="true">
      <p className="visually-hidden">{t.storefront.loading}</p>
      <div className="skeleton skeleton-bar" />
      <div className="skeleton skeleton-chips" />
      <ul className="product-grid">
        {Array.from({ length: 8 }, (_, i) => (
          <li key={i} className="product-card skeleton-card">
            <div className="skeleton skeleton-tile" />
            <div className="skeleton skeleton-line" />
            <div className="skeleton skeleton-line short" />
          </li>
        ))}
      </ul>
    </div>
  );
}
