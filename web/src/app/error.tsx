'use client';

import { useEffect, useState } from 'react';
import { errorsEn, errorsZh } from '@/i18n/errors';
import { parseLang, type Lang } from '@/i18n/lang';

function cookieLang(): Lang {
  const match = /(?:^|;\s*)lang=([^;]*)/.exec(document.cookie);
  return parseLang(match?.[1]);
}

/** Last-resort error boundary: a friendly message and a reference, never the error's details. */
export default function ErrorBoundary({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [lang, setLang] = useState<Lang>('zh');
  useEffect(() => setLang(cookieLang()), []);
  const e = lang === 'en' ? errorsEn : errorsZh;
  return (
    <section className="state-panel error-panel" role="alert" data-testid="error-state">
      <div className="state-icon" aria-hidden="true">!</div>
      <h2>{e.title}</h2>
      <p>{e.generic}</p>
      {error.digest && (
        <p className="muted small">
          {e.reference}: {error.digest}
        </p>
      )}
      <div className="state-actions">
        <button type="button" className="button" onClick={() => reset()}>
          {e.retry}
        </button>
        <a className="button button-ghost" href="/">
          {e.home}
        </a>
      </div>
    </section>
  );
}
