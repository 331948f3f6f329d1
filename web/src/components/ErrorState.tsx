import { StatePanel } from './StatePanel';
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
    <StatePanel
      testId="error-state"
      icon="!"
      title={t.errors.title}
      alert
      extra={{ 'data-error-code': code }}
      actions={[
        { href: retryHref, label: t.errors.retry, plain: true },
        { href: '/', label: t.errors.home },
      ]}
    >
      <p>{errorMessage(t, code)}</p>
      <p className="muted small">
        {t.errors.reference}: {code}
      </p>
    </StatePanel>
  );
}
