import Link from 'next/link';
import { getI18n } from '@/i18n/server';

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <section className="state-panel" data-testid="not-found">
      <div className="state-icon" aria-hidden="true">?</div>
      <h2>{t.errors.notFoundTitle}</h2>
      <p className="muted">{t.errors.notFound}</p>
      <div className="state-actions">
        <Link className="button" href="/">
          {t.errors.home}
        </Link>
      </div>
    </section>
  );
}
