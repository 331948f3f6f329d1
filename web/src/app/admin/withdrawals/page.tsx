import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin } from '@/lib/principal';
import { getAdminWithdrawals, type WithdrawalView } from '@/lib/withdrawals-api';
import { WithdrawalList } from '@/components/WithdrawalList';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.withdrawals.admin.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/withdrawals';

/**
 * Alliance admin, desktop first: withdrawal requests to approve or reject, the recently decided ones,
 * and the payout file of approved withdrawals not exported yet (a POST: exporting cuts a batch).
 */
export default async function AdminWithdrawalsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const a = t.withdrawals.admin;
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={a.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let pending: WithdrawalView[];
  let decided: WithdrawalView[];
  try {
    ({ pending, decided } = await getAdminWithdrawals());
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }

  return (
    <div className="page desk-page" data-testid="admin-withdrawals">
      <h1 className="page-title">{a.title}</h1>
      <p className="small muted">{a.intro}</p>
      <p className="small">
        <a href="/admin/settlement">{t.commissions.navAdmin} ›</a>
      </p>
      <FlashNotice t={t} flash={flash} ok={t.withdrawals.ok} />

      <section className="panel">
        <ActionForm action={`${SELF}/payouts.csv`} data-testid="payout-export-form" fields={{ idempotencyKey: `pb-${randomToken(18)}` }}>
          <button type="submit" className="button" data-testid="payout-export">
            {a.export}
          </button>
        </ActionForm>
        <p className="small muted">{a.exportHint}</p>
      </section>

      <section className="panel" data-testid="withdrawals-pending">
        <h2>{a.pending}</h2>
        {pending.length === 0 ? (
          <p className="muted">{a.none}</p>
        ) : (
          <WithdrawalList t={t} lang={lang} items={pending}>
            {(w) => (
              <>
                <p className="small">
                  {a.member}: <code>{w.memberId}</code>
                </p>
                <ActionForm action={`${SELF}/decide`} className="inline-fields" data-testid="withdrawal-decide" fields={{ id: w.id }}>
                  <input name="note" maxLength={200} placeholder={a.note} aria-label={a.note} />
                  <button type="submit" name="decision" value="approve" className="button">
                    {a.approve}
                  </button>
                  <button type="submit" name="decision" value="reject" className="button button-ghost">
                    {a.reject}
                  </button>
                </ActionForm>
              </>
            )}
          </WithdrawalList>
        )}
      </section>

      {decided.length > 0 && (
        <section className="panel" data-testid="withdrawals-decided">
          <h2>{a.decided}</h2>
          <WithdrawalList t={t} lang={lang} items={decided} />
        </section>
      )}
    </div>
  );
}
