import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { OneTimeLink } from '@/components/OneTimeLink';
import { ShopBadge } from '@/components/ShopBadge';
import { ShopChips, pickShop } from '@/components/ShopPicker';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import { getShopStaff, type ShopStaffView } from '@/lib/invitation-api';
import { getFlash } from '@/lib/page-state';
import { errorsAt, unclaimedErrors } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.shops.staff.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const SELF = '/merchant/staff';

/**
 * The shop owner's staff: invite by email (the one-time link is shown once, in the flash of the form that
 * made it) and the invitations not yet accepted. Staff see only that inviting is the owner's.
 */
export default async function MerchantStaffPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const s = t.shops.staff;
  const query = await searchParams;
  const pick = await pickShop(t, query, { self: SELF, title: s.title, testId: 'staff' });
  if (!pick.ok) return pick.panel;
  const { principal, merchantId } = pick;
  const here = `${SELF}?shop=${encodeURIComponent(merchantId)}`;
  if (!principal.roles.includes('merchant-owner')) {
    return <StatePanel testId="staff-owner-only" icon="!" title={s.ownerOnly} actions={[{ href: `/merchant?shop=${encodeURIComponent(merchantId)}`, label: t.memberPool.backToDesk }]} />;
  }

  const flash = await getFlash(query.flash);
  let shop: ShopStaffView | null;
  try {
    shop = await getShopStaff(merchantId);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }
  const errors = flash?.errors ?? [];
  const invited = flash?.ok === 'invited' ? flash.values : undefined;
  const pending = shop?.pendingInvitations ?? [];

  return (
    <div className="page desk-page" data-testid="merchant-staff" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          {shop && <ShopBadge badge={shop.badge} kind={shop.kind} />} {shop?.name ?? merchantId} · {s.title}
        </h1>
        <ShopChips merchantIds={principal.merchantIds} current={merchantId} self={SELF} />
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`}>
          {t.memberPool.backToDesk}
        </a>
      </header>
      <p className="small muted">{s.intro}</p>
      {invited?.link ? (
        <OneTimeLink t={t} url={invited.link} title={s.link(invited.email ?? '')} hint={s.linkHint(formatDateTime(invited.expiresAt, lang))} testId="staff-link" />
      ) : (
        <FlashNotice t={t} flash={flash} ok={s.ok} unclaimed={unclaimedErrors(errors, [['email']])} messages={s.errors} />
      )}
      <ActionForm action={`${SELF}/action`} className="panel stack-form" data-testid="staff-invite-form" fields={{ merchantId, back: here }}>
        <label className="field">
          <span>{s.email}</span>
          <input name="email" type="email" required maxLength={120} autoComplete="off" defaultValue={invited ? '' : (flash?.values?.email ?? '')} data-testid="staff-email" />
          <FieldErrors t={t} errors={errorsAt(errors, 'email')} messages={s.errors} />
        </label>
        <button type="submit" className="button" data-testid="staff-invite">
          {s.invite}
        </button>
      </ActionForm>
      <section className="panel">
        <h2>{s.pending}</h2>
        {pending.length === 0 ? (
          <p className="muted" data-testid="staff-pending-none">
            {s.none}
          </p>
        ) : (
          <ul className="desk-list" data-testid="staff-pending">
            {pending.map((i) => (
              <li key={i.id} className="desk-order" data-testid="staff-invitation" data-email={i.email}>
                <strong>{i.email}</strong> <span className="tag">{t.shops.invite.role[i.role] ?? i.role}</span>{' '}
                <span className="small muted">
                  {s.expires} {formatDateTime(i.expiresAt, lang)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
