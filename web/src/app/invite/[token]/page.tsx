import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { getInvitation, type InvitationPreviewView } from '@/lib/invitation-api';
import { getFlash } from '@/lib/page-state';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  // The token is a credential: it stays out of the title (and so out of history titles and shares).
  return { title: t.shops.invite.title, referrer: 'no-referrer' };
}

type Props = { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * An invitation link, no sign-in needed: which shop and role it is for, then a password (twice) that makes
 * (or joins) the Keycloak account. Used or expired links say so plainly. After acceptance the link is
 * spent, so the success page comes from the form's flash, not from the invitation.
 */
export default async function InvitationPage({ params, searchParams }: Props) {
  const { t, lang } = await getI18n();
  const i = t.shops.invite;
  const token = decodeURIComponent((await params).token).slice(0, 200);
  const here = `/invite/${encodeURIComponent(token)}`;
  const flash = await getFlash((await searchParams).flash);

  if (flash?.ok === 'accepted') {
    const username = flash.values?.username ?? '';
    return (
      <StatePanel testId="invite-done" icon="✓" title={i.done} actions={[{ href: '/auth/login?returnTo=%2Fmerchant', label: i.signIn, plain: true }]} extra={{ 'data-username': username }}>
        <p data-testid="invite-username">{i.doneText(username)}</p>
      </StatePanel>
    );
  }

  let invitation: InvitationPreviewView | null;
  try {
    invitation = /^[A-Za-z0-9_-]{16,200}$/.test(token) ? await getInvitation(token) : null;
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  if (!invitation) {
    return (
      <StatePanel testId="invite-invalid" icon="!" title={i.invalid} actions={[{ href: '/', label: t.errors.home }]}>
        <p>{i.invalidHint}</p>
      </StatePanel>
    );
  }

  const errors = flash?.errors ?? [];
  const messages = i.errors;
  return (
    <div className="page invite-page" data-testid="invite-page" data-role={invitation.role}>
      <h1 className="page-title">{i.title}</h1>
      <section className="panel">
        <h2 data-testid="invite-shop">{i.lead(invitation.merchantName)}</h2>
        <dl className="detail-facts">
          <div>
            <dt>{i.roleLabel}</dt>
            <dd data-testid="invite-role">{i.role[invitation.role] ?? invitation.role}</dd>
          </div>
          <div>
            <dt>{i.email}</dt>
            <dd data-testid="invite-email">{invitation.email}</dd>
          </div>
          <div>
            <dt>{i.expires}</dt>
            <dd>{formatDateTime(invitation.expiresAt, lang)}</dd>
          </div>
        </dl>
      </section>
      <FlashNotice t={t} flash={flash} unclaimed={unclaimedErrors(errors, [['password'], ['password2']])} messages={messages} />
      <ActionForm action={`${here}/accept`} className="panel stack-form" data-testid="invite-form" fields={{ back: here }}>
        <label className="field">
          <span>{i.password}</span>
          <input type="password" name="password" required minLength={8} maxLength={128} autoComplete="new-password" data-testid="invite-password" />
          <FieldErrors t={t} errors={errorsAt(errors, 'password')} messages={messages} />
        </label>
        <label className="field">
          <span>{i.password2}</span>
          <input type="password" name="password2" required minLength={8} maxLength={128} autoComplete="new-password" data-testid="invite-password2" />
          <FieldErrors t={t} errors={errorsAt(errors, 'password2')} messages={messages} />
        </label>
        <button type="submit" className="button" data-testid="invite-submit">
          {i.submit}
        </button>
      </ActionForm>
    </div>
  );
}
