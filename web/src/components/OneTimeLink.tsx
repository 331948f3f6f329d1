import type { Dictionary } from '@/i18n/dictionary';
import { CopyLinkButton } from './CopyLinkButton';

/**
 * A link the server hands out once (an invitation): shown prominently with a copy button, and the note
 * that it will not be shown again. It reaches the page only in the sealed flash of the form that made it.
 */
export function OneTimeLink({ t, url, title, hint, testId }: { t: Dictionary; url: string; title: string; hint: string; testId: string }) {
  return (
    <section className="panel notice notice-ok one-time-link" role="status" data-testid={testId}>
      <h2>
        {title} <span className="tag tag-warn">{t.shops.link.once}</span>
      </h2>
      <div className="inline-fields">
        <input readOnly value={url} aria-label={title} className="share-url" data-testid={`${testId}-url`} />
        <CopyLinkButton url={url} label={t.shops.link.copy} copiedLabel={t.shops.link.copied} failedLabel={t.shops.link.copyFailed} />
      </div>
      <p className="small">{hint}</p>
    </section>
  );
}
