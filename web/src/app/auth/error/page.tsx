import { getI18n } from '@/i18n/server';
import { safeReturnTo } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const { t } = await getI18n();
  const reason = typeof sp.reason === 'string' ? sp.reason.replace(/[^a-z_]/gi, '').slice(0, 40) : 'login_failed';
  const returnTo = safeReturnTo(typeof sp.returnTo === 'string' ? sp.returnTo : '/');
  return (
    <section className="state-panel error-panel" role="alert" data-testid="auth-error" data-error-code={reason}>
      <div className="state-icon" aria-hidden="true">!</div>
      <h2>{t.errors.title}</h2>
      <p>{reason === 'idp_unreachable' ? t.errors.unavailable : t.auth.loginFailed}</p>
      <p className="muted small">
        {t.errors.reference}: {reason}
      </p>
      <div className="state-actions">
        <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
          {t.auth.loginAgain}
        </a>
        <a className="button button-ghost" href="/">
          {t.errors.home}
        </a>
      </div>
    </section>
  );
}
