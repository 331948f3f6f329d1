import Link from 'next/link';
import type { Dictionary } from '@/i18n/dictionary';

export function errorMessage(t: Dictionary, code: string): string {
  switch (code) {
    case 'UNAVAILABLE':
      return t.errors.unavailable;
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
      return t.errors.badInput;
    case 'UNAUTHENTICATED':
      return t.errors.unauthenticated;
    case 'FORBIDDEN':
      return t.errors.forbidden;
    default:
      return t.errors.generic;
  }
}

/** Friendly error panel: what happened in plain words, a stable code, a way out. Never a stack trace. */
export function ErrorState({ t, code, retryHref = '/' }: { t: Dictionary; code: string; retryHref?: string }) {
  return (
    <section className="state-panel error-panel" role="alert" data-testid="error-state" data-error-code={code}>
      <div className="state-icon" aria-hidden="true">!</div>
      <h2>{t.errors.title}</h2>
      <p>{errorMessage(t, code)}</p>
      <p className="muted small">
        {t.errors.reference}: {code}
      </p>
      <div className="state-actions">
        <a className="button" href={retryHref}>
          {t.errors.retry}
        </a>
        <Link className="button button-ghost" href="/">
          {t.errors.home}
        </Link>
      </div>
    </section>
  );
}
