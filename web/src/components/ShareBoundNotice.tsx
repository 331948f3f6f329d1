import { headers } from 'next/headers';
import { getI18n } from '@/i18n/server';
import { SHARE_BOUND_HEADER } from '@/lib/share-arrival';

/**
 * The one sign of a share link's binding: a small line on the page the binding happened on (the
 * middleware says so in a request header it sets itself). Nothing was earned by it, and nothing is asked.
 */
export async function ShareBoundNotice() {
  const h = await headers();
  if (h.get(SHARE_BOUND_HEADER) !== '1') return null;
  const { t } = await getI18n();
  return (
    <p className="notice notice-ok share-bound-notice" role="status" data-testid="share-bound-notice">
      {t.commissions.boundNotice}
    </p>
  );
}
