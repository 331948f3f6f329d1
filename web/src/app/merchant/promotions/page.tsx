import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { PromotionCard } from '@/components/PromotionCard';
import { PROPOSAL_FIELDS, ProposePromotionForm } from '@/components/ProposePromotionForm';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { errorCode } from '@/lib/gateway';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { counterProposalValues, defaultSchedule } from '@/lib/promotion-form';
import { takingPart, waitingForAnswer } from '@/lib/promotion-view';
import { getPromotionFormData, getPromotions, type PromotionFormData, type PromotionView } from '@/lib/promotions-api';
import { isShopStaff } from '@/lib/principal';
import { unclaimedErrors } from '@/lib/user-errors';
import { getGroups, type GroupSummaryView } from '@/lib/community-api';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.promo.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
type View = 'inbox' | 'mine' | 'propose';

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const SELF = '/merchant/promotions';

/**
 * The shop's promotions: proposals waiting for its answer (with the cost it would carry), the
 * promotions it takes part in (usage, cost per funder, audit, pause / resume / end), and the form to
 * propose one. Desktop first, usable on a phone.
 */
export default async function MerchantPromotionsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="promotions-login" icon="?" title={t.promo.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isShopStaff(principal)) return <StatePanel testId="promotions-forbidden" icon="!" title={t.desk.notStaff} actions={[{ href: '/', label: t.errors.home }]} />;

  const shopParam = first(query.shop);
  const merchantId = shopParam && principal.merchantIds.includes(shopParam) ? shopParam : principal.merchantIds[0]!;
  const base = `${SELF}?shop=${encodeURIComponent(merchantId)}`;
  const flash = await getFlash(query.flash);

  let promotions: PromotionView[];
  let form: PromotionFormData;
  let communityGroups: GroupSummaryView[] | null = null;
  try {
    [promotions, form] = await Promise.all([getPromotions(), getPromotionFormData()]);
    // The member pool's groups for 仅限社群; the form works without them.
    if (first(query.view) === 'propose') communityGroups = await getGroups(null).then((r) => r.groups).catch(() => null);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={base} />;
  }

  const inbox = waitingForAnswer(promotions, merchantId);
  const mine = takingPart(promotions, merchantId);
  const viewParam = first(query.view);
  const view: View = viewParam === 'propose' || viewParam === 'mine' || viewParam === 'inbox' ? viewParam : inbox.length > 0 ? 'inbox' : 'mine';
  const here = `${base}&view=${view}`;
  const shop = form.merchants.find((m) => m.id === merchantId);
  const ok = t.promo.ok;

  return (
    <div className="page desk-page promo-page" data-testid="merchant-promotions" data-merchant-id={merchantId} data-view={view}>
      <header className="desk-head">
        <h1 className="page-title">
          {shop && <ShopBadge badge={shop.badge} kind={shop.kind} />} {shop?.name ?? merchantId} · {t.promo.title}
        </h1>
        {principal.merchantIds.length > 1 && (
          <nav className="chips">
            {principal.merchantIds.map((m) => (
              <a key={m} href={`${SELF}?shop=${encodeURIComponent(m)}&view=${view}`} className={m === merchantId ? 'chip active' : 'chip'}>
                {form.merchants.find((x) => x.id === m)?.name ?? m}
              </a>
            ))}
          </nav>
        )}
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`} data-testid="promotions-desk-link">
          {t.promo.backToDesk}
        </a>
      </header>
      {view !== 'propose' && <FlashNotice t={t} flash={flash} ok={ok} />}
      <nav className="status-tabs" data-testid="promotion-tabs">
        <a href={`${base}&view=inbox`} className={view === 'inbox' ? 'status-tab active' : 'status-tab'} data-testid="promotions-tab-inbox">
          {t.promo.tabs.inbox} <span className="count" data-testid="inbox-count">{inbox.length}</span>
        </a>
        <a href={`${base}&view=mine`} className={view === 'mine' ? 'status-tab active' : 'status-tab'} data-testid="promotions-tab-mine">
          {t.promo.tabs.mine} <span className="count">{mine.length}</span>
        </a>
        <a href={`${base}&view=propose`} className={view === 'propose' ? 'status-tab active' : 'status-tab'} data-testid="promotions-tab-propose">
          {t.promo.tabs.propose}
        </a>
      </nav>

      {view === 'inbox' && <Inbox t={t} lang={lang} promotions={inbox} merchantId={merchantId} base={base} back={here} />}
      {view === 'mine' &&
        (mine.length === 0 ? (
          <StatePanel testId="promotions-empty" icon="%" title={t.promo.mineEmpty} actions={[{ href: `${base}&view=propose`, label: t.promo.tabs.propose, plain: true }]}>
            <p className="muted">{t.promo.mineEmptyHint}</p>
          </StatePanel>
        ) : (
          <ul className="desk-list" data-testid="promotions-mine">
            {mine.map((p) => (
              <PromotionCard key={p.id} t={t} lang={lang} promotion={p} myShop={merchantId} action={`${SELF}/action`} back={here} />
            ))}
          </ul>
        ))}
      {view === 'propose' && <Propose t={t} lang={lang} merchantId={merchantId} form={form} communityGroups={communityGroups} promotions={promotions} flash={flash} counter={first(query.counter)} base={base} here={here} />}
    </div>
  );
}

function Inbox({ t, lang, promotions, merchantId, base, back }: { t: Dictionary; lang: Lang; promotions: PromotionView[]; merchantId: string; base: string; back: string }) {
  if (promotions.length === 0) {
    return (
      <StatePanel testId="inbox-empty" icon="✓" title={t.promo.inboxEmpty}>
        <p className="muted">{t.promo.inboxEmptyHint}</p>
      </StatePanel>
    );
  }
  return (
    <ul className="desk-list" data-testid="promotions-inbox">
      {promotions.map((p) => (
        <PromotionCard key={p.id} t={t} lang={lang} promotion={p} myShop={merchantId} back={back}>
          <ActionForm action={`${SELF}/action`} className="inline-fields promo-answer" data-testid="promotion-answer" fields={{ op: 'answer', id: p.id, merchantId, back }}>
            <input name="note" maxLength={200} placeholder={t.promo.note} aria-label={t.promo.note} data-testid="promotion-note" />
            <button type="submit" name="accept" value="true" className="button button-sm" data-testid="promotion-accept">
              {t.promo.accept}
            </button>
            <button type="submit" name="accept" value="false" className="button button-ghost button-sm" data-testid="promotion-decline">
              {t.promo.decline}
            </button>
            <a className="button button-ghost button-sm" href={`${base}&view=propose&counter=${encodeURIComponent(p.id)}`} data-testid="promotion-counter">
              {t.promo.counter}
            </a>
          </ActionForm>
        </PromotionCard>
      ))}
    </ul>
  );
}

function Propose(props: {
  t: Dictionary;
  lang: Lang;
  merchantId: string;
  form: PromotionFormData;
  communityGroups: GroupSummaryView[] | null;
  promotions: PromotionView[];
  flash: Awaited<ReturnType<typeof getFlash>>;
  counter: string | undefined;
  base: string;
  here: string;
}) {
  const { t, lang, merchantId, form, communityGroups, promotions, flash, counter, here } = props;
  const errors = flash?.errors ?? [];
  const countered = counter ? promotions.find((p) => p.id === counter) : undefined;
  // After a refused post: what was typed. A counter-proposal: the proposal's terms. Else: a schedule from now.
  const values = flash?.values ?? (countered ? counterProposalValues(countered, merchantId) : { ...defaultSchedule(Date.now()), minShops: '2', [`share.${merchantId}`]: '' });
  const back = countered ? `${here}&counter=${encodeURIComponent(countered.id)}` : here;
  const unclaimed = unclaimedErrors(errors, PROPOSAL_FIELDS as (readonly string[])[]);
  return (
    <>
      <FlashNotice t={t} flash={flash} ok={t.promo.ok} unclaimed={unclaimed} heading={t.promo.form.fixErrors} />
      <ProposePromotionForm
        t={t}
        lang={lang}
        merchantId={merchantId}
        data={form}
        communityGroups={communityGroups}
        values={values}
        errors={errors}
        // One key per rendering of the form: a double submit replays the first proposal.
        idempotencyKey={`pp-${randomToken(18)}`}
        back={back}
        counterTitle={countered?.title}
      />
    </>
  );
}
