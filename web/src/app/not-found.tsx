import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';

export default async function NotFound() {
  const { t } = await getI18n();
  return (
    <StatePanel testId="not-found" icon="?" title={t.errors.notFoundTitle} actions={[{ href: '/', label: t.errors.home }]}>
      <p className="muted">{t.errors.notFound}</p>
    </StatePanel>
  );
}
