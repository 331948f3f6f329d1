import { getI18n } from '@/i18n/server';

/** The catalogue's skeleton while the shop's products load. */
export default async function CatalogueLoading() {
  const { t } = await getI18n();
  return (
    <div className="page desk-page loading" data-testid="catalogue-loading" aria-busy="true">
      <p className="visually-hidden">{t.catalogue.loading}</p>
      <div className="skeleton skeleton-bar" />
      <ul className="catalogue-list">
        {Array.from({ length: 6 }, (_, i) => (
          <li key={i} className="catalogue-item">
            <div className="catalogue-thumb skeleton" />
            <div className="catalogue-body">
              <div className="skeleton skeleton-line" />
              <div className="skeleton skeleton-line short" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
