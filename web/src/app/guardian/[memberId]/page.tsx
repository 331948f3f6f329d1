import type { Metadata } from 'next';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getFlash } from '@/lib/page-state';
import { GUARDIAN_MEMBER_ID } from '@/lib/privacy-view';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.guardianConfirm.title };
}

type Props = {
  params: Promise<{ memberId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The guardian's side of an under-14 member's consent: no sign-in, the code from the SMS and their name.
 * Until they confirm, nothing of hers reaches any shop. Phone first.
 */
export default async function GuardianConfirmPage({ params, searchParams }: Props) {
  const { t } = await getI18n();
  const g = t.guardianConfirm;
  const { memberId } = await params;
  const query = await searchParams;
  if (!GUARDIAN_MEMBER_ID.test(memberId)) {
    return <StatePanel testId="guardian-invalid" icon="!" title={g.invalid} actions={[{ href: '/', label: t.errors.home }]} />;
  }
  const flash = await getFlash(query.flash);
  if (flash?.ok === 'confirmed') {
    return (
      <StatePanel testId="guardian-done" icon="✓" title={g.done} actions={[{ href: '/', label: t.errors.home }]}>
        <p>{g.doneHint}</p>
      </StatePanel>
    );
  }
  const errors = flash?.errors ?? [];
  if (errors.some((e) => e.code === 'UNKNOWN_MEMBER')) {
    return <StatePanel testId="guardian-invalid" icon="!" title={g.invalid} actions={[{ href: '/', label: t.errors.home }]} />;
  }
  return (
    <div className="page guardian-page" data-testid="guardian-confirm" data-member-id={memberId}>
      <h1 className="page-title">{g.title}</h1>
      <p className="small muted">{g.intro}</p>
      <FlashNotice t={t} flash={flash} unclaimed={unclaimedErrors(errors, [['code'], ['guardianName']])} />
      <form method="post" action={`/guardian/${memberId}/confirm`} className="panel stack-form" data-testid="guardian-confirm-form">
        <label>
          {g.code}
          <input name="code" required inputMode="numeric" pattern="[0-9]{4,8}" maxLength={8} autoComplete="one-time-code" />
        </label>
        <FieldErrors t={t} errors={errorsAt(errors, 'code')} />
        <label>
          {g.name}
          <input name="guardianName" required maxLength={32} autoComplete="name" defaultValue={flash?.values?.guardianName ?? ''} />
        </label>
        <FieldErrors t={t} errors={errorsAt(errors, 'guardianName')} />
        <button type="submit" className="button" data-testid="guardian-confirm-submit">
          {g.confirm}
        </button>
      </form>
    </div>
  );
}
