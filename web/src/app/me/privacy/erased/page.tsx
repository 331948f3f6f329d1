import type { Metadata } from 'next';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.privacy.erase.goodbyeTitle };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * After 注销账号: her session is already cleared (the erase route did it), so this page needs none. It
 * says what happened; `login=kept` when the identity provider could not delete her login.
 */
export default async function ErasedPage({ searchParams }: Props) {
  const { t } = await getI18n();
  const e = t.privacy.erase;
  const loginKept = (await searchParams).login === 'kept';
  return (
    <div className="page">
      <StatePanel testId="erased" icon="✓" title={e.goodbyeTitle} actions={[{ href: '/', label: t.errors.home }]} extra={{ 'data-login-kept': loginKept ? 'true' : 'false' }}>
        <p>{e.goodbye}</p>
        {loginKept && (
          <p className="notice notice-warn" data-testid="erased-login-kept">
            {e.loginKept}
          </p>
        )}
      </StatePanel>
    </div>
  );
}
