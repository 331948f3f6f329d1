'use client';

import { useEffect, useState } from 'react';
import { getDictionary, parseLang, type Lang } from '@/i18n/dictionary';

function cookieLang(): Lang {
  const match = /(?:^|;\s*)lang=([^;]*)/.exec(document.cookie);
  return parseLang(match?.[1]);
}

/** Last-resort error boundary: a friendly message and a reference, never the error's details. */
export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [lang, setLang] = useState<Lang>('zh');
  useEffect(() => setLang(cookieLang()), []);
  const t = getDictionary(lang);
  return (
    <section className="state-panel error-panel" role="alert" data-testid="error-state">
      <div className="state-icon" aria-hidden="true">!</div>
      <h2>{t.errors.title}</h2>
      <p>{t.errors.generic}</p>
      {error.digest && (
        <p className="muted small">
          {t.errors.reference}: {error.digest}
        </p>
      )}
      <div className="state-actions">
        <button type="button" className="button" onClick={() => reset()}>
          {t.errors.retry}
        </button>
        <a className="button button-ghost" href="/">
          {t.errors.home}
        </a>
      </div>
    </section>
  );
}
