import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { getMyMessages, markMessagesRead, type MessagesPage } from '@/lib/orders-api';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.messages.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MessagesPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  if (!(await getAccessToken())) {
    return <StatePanel testId="messages-login" icon="?" title={t.me.loginPrompt} actions={[{ href: '/auth/login?returnTo=%2Fme%2Fmessages', label: t.auth.login, plain: true }]} />;
  }
  const query = await searchParams;
  const after = typeof query.after === 'string' && query.after.length <= 200 ? query.after : null;
  let page: MessagesPage;
  try {
    page = await getMyMessages(20, after);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref="/me/messages" />;
  }
  // Opening the inbox reads it: this rendering still marks what was new, the next one will not.
  if (page.unreadCount > 0) {
    await markMessagesRead().catch((err: unknown) => console.warn(`[messages] not marked read: ${errorCode(err)}`));
  }

  return (
    <div className="page messages-page" data-testid="messages-page">
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{t.messages.title}</h1>
      {page.edges.length === 0 ? (
        <StatePanel testId="messages-empty" icon="?" title={t.messages.empty}>
          <p className="muted">{t.messages.emptyHint}</p>
        </StatePanel>
      ) : (
        <ul className="message-list">
          {page.edges.map(({ node: m }) => (
            <li key={m.id} className={m.read ? 'message' : 'message message-unread'} data-testid="message" data-kind={m.kind} data-read={m.read ? 'true' : 'false'}>
              <p className="message-head">
                {!m.read && (
                  <span className="unread-dot" data-testid="message-unread" title={t.messages.unread}>
                    <span className="visually-hidden">{t.messages.unread}</span>
                  </span>
                )}
                <strong data-testid="message-title">{m.title}</strong>
                <span className="small muted">{formatDateTime(m.at, lang)}</span>
              </p>
              <p className="small">{m.body}</p>
              {m.orderId && (
                <a className="small link" href={`/me/orders/${encodeURIComponent(m.orderId)}`}>
                  {t.messages.viewOrder} ›
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <nav className="pager">
          <a className="button button-ghost" href={`/me/messages?after=${encodeURIComponent(page.pageInfo.endCursor)}`}>
            {t.messages.more}
          </a>
        </nav>
      )}
    </div>
  );
}
