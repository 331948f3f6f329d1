import type { Metadata } from 'next';
import { NavLink } from '@/components/NavLink';
import { ErrorState } from '@/components/ErrorState';
import { getI18n } from '@/i18n/server';
import { getCategories } from '@/lib/api';
import { errorCode } from '@/lib/gateway';
import type { Category } from '@/lib/types';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.categoriesPage.title };
}

export default async function CategoriesPage() {
  const { lang, t } = await getI18n();
  let categories: Category[];
  try {
    categories = await getCategories();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/categories" />;
  }
  return (
    <div className="page">
      <h1 className="page-title">{t.categoriesPage.title}</h1>
      <ul className="category-grid">
        {categories.map((c) => (
          <li key={c.code}>
            <NavLink href={`/?category=${encodeURIComponent(c.code)}`} className="category-tile" data-testid="category-tile">
              <span className={`category-icon product-tile cat-${c.code.replace(/[^a-z0-9_-]/gi, '')}`} aria-hidden="true">
                <span>{Array.from(c.name)[0]}</span>
              </span>
              <span className="category-name">{lang === 'en' ? c.nameEn : c.name}</span>
              <span className="muted small">{t.categoriesPage.count(c.productCount)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </div>
  );
}
