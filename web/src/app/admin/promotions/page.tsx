import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { PromotionCard } from '@/components/PromotionCard';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { getPromotionAdmin, type PromotionAdminData } from '@/lib/promotions-api';
import { isAllianceAdmin } from '@/lib/principal';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.promoAdmin.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/promotions';
const STATUSES = ['PENDING_APPROVAL', 'PROPOSED', 'ACTIVE', 'PAUSED', 'ENDED', 'DECLINED'] as const;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Alliance admin: promotions waiting for approval, the approval policy, and every promotion with its usage. */
export default async function AdminPromotionsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={t.promoAdmin.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let data: PromotionAdminData;
  try {
    data = await getPromotionAdmin();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const statusParam = first(query.status);
  const status = (STATUSES as readonly string[]).includes(statusParam ?? '') ? statusParam : undefined;
  const here = status ? `${SELF}?status=${status}` : SELF;
  const pending = data.promotions.filter((p) => p.status === 'PENDING_APPROVAL');
  const listed = status ? data.promotions.filter((p) => p.status === status) : data.promotions;
  const counts = new Map(STATUSES.map((s) => [s, data.promotions.filter((p) => p.status === s).length]));

  return (
    <div className="page desk-page" data-testid="admin-promotions">
      <h1 className="page-title">{t.promoAdmin.title}</h1>
      <p className="small muted">{t.promoAdmin.intro}</p>
      <FlashNotice t={t} flash={flash} ok={t.promo.ok} />

      <section className="panel" data-testid="promotion-policy" data-require-approval={data.promotionPolicy.requireApproval}>
        <h2>{t.promoAdmin.policy}</h2>
        <ActionForm action={`${SELF}/action`} className="inline-fields" fields={{ op: 'policy', back: here }}>
          <p className="small">
            {data.promotionPolicy.requireApproval ? t.promoAdmin.policyOn : t.promoAdmin.policyOff}
          </p>
          <button type="submit" name="requireApproval" value={data.promotionPolicy.requireApproval ? 'false' : 'true'} className="button button-ghost button-sm" data-testid="promotion-policy-toggle">
            {data.promotionPolicy.requireApproval ? t.promoAdmin.turnOff : t.promoAdmin.turnOn}
          </button>
        </ActionForm>
      </section>

      <h2>{t.promoAdmin.pending}</h2>
      {pending.length === 0 ? (
        <StatePanel testId="admin-promotions-empty" icon="✓" title={t.promoAdmin.noPending} />
      ) : (
        <ul className="desk-list" data-testid="promotions-pending">
          {pending.map((p) => (
            <PromotionCard key={p.id} t={t} lang={lang} promotion={p} back={here}>
              <ActionForm action={`${SELF}/action`} className="inline-fields" data-testid="promotion-approval" fields={{ op: 'approve', id: p.id, back: here }}>
                <input name="note" maxLength={200} placeholder={t.promo.note} aria-label={t.promo.note} data-testid="promotion-note" />
                <button type="submit" name="approve" value="true" className="button button-sm" data-testid="promotion-approve">
                  {t.promoAdmin.approve}
                </button>
                <button type="submit" name="approve" value="false" className="button button-ghost button-sm" data-testid="promotion-refuse">
                  {t.promoAdmin.refuse}
                </button>
              </ActionForm>
            </PromotionCard>
          ))}
        </ul>
      )}

      <h2>{t.promoAdmin.all}</h2>
      <nav className="status-tabs" data-testid="admin-promotion-tabs">
        <a href={SELF} className={!status ? 'status-tab active' : 'status-tab'}>
          {t.desk.all} <span className="count">{data.promotions.length}</span>
        </a>
        {STATUSES.map((s) => (
          <a key={s} href={`${SELF}?status=${s}`} className={status === s ? 'status-tab active' : 'status-tab'} data-status={s}>
            {t.promo.status[s]} <span className="count">{counts.get(s)}</span>
          </a>
        ))}
      </nav>
      {listed.length === 0 ? (
        <StatePanel testId="admin-promotions-none" icon="%" title={t.promoAdmin.none} />
      ) : (
        <ul className="desk-list" data-testid="promotions-all">
          {listed.map((p) => (
            <PromotionCard key={p.id} t={t} lang={lang} promotion={p} action={`${SELF}/action`} back={here} />
          ))}
        </ul>
      )}
    </div>
  );
}
