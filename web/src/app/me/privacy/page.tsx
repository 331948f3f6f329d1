import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getAccessToken } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import type { Flash } from '@/lib/flash';
import { errorCode } from '@/lib/gateway';
import { getFlash } from '@/lib/page-state';
import { getMyPrivacy, type ConsentGrantView, type ConsentRecordView, type MyPrivacyData, type ShopConsentView } from '@/lib/privacy-api';
import { ERASE_CONFIRMATION, receivesLine } from '@/lib/privacy-view';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.privacy.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/me/privacy';

/**
 * 我的 → 隐私, the consent centre: every allied shop with, per purpose, the text she agrees to, exactly what
 * the shop would receive and a grant / revoke button; the guardian banner while an under-14 member's
 * grants reach no shop; her phone (verified by a code), birth date and guardian; her consent log.
 * Phone first. Every form posts to a route handler and comes back here with a flash.
 */
export default async function PrivacyPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const query = await searchParams;
  if (!(await getAccessToken())) {
    return <StatePanel testId="privacy-login" icon="?" title={t.me.loginPrompt} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  let data: MyPrivacyData;
  try {
    data = await getMyPrivacy();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const p = t.privacy;
  const flash = await getFlash(query.flash);
  // Errors are shown next to the form that caused them; the top notice says what succeeded, or a failed call.
  const form = flash?.values?.form;
  const errorsOf = (name: string, merchantId?: string) =>
    flash?.errors && form === name && (merchantId === undefined || flash.values?.merchantId === merchantId) ? flash.errors : [];
  const notEffective = data.myConsents.some((c) => !c.effective);

  return (
    <div className="page privacy-page" data-testid="privacy-page">
      <a href="/me" className="back-link">
        ‹ {t.me.title}
      </a>
      <h1 className="page-title">{p.title}</h1>
      <p className="small muted">{p.intro}</p>
      <FlashNotice t={t} flash={flash?.errors?.length ? undefined : flash} ok={p.ok} />
      {notEffective && (
        <p className="notice notice-warn" role="status" data-testid="guardian-banner">
          {p.notEffective}
        </p>
      )}

      <section data-testid="consent-shops">
        <h2>{p.shops}</h2>
        {data.myConsents.length === 0 ? (
          <StatePanel testId="consent-empty" icon="?" title={p.noShops} />
        ) : (
          data.myConsents.map((c) => (
            <ShopConsentCard key={c.merchant.id} t={t} lang={lang} consent={c} errors={errorsOf('consent', c.merchant.id)} justChanged={flash?.values?.merchantId === c.merchant.id} />
          ))
        )}
      </section>

      <IdentitySection t={t} lang={lang} me={data.me} flash={flash} errorsOf={errorsOf} />

      <ConsentLog t={t} lang={lang} log={data.myConsentLog} />

      <MyDataSection t={t} errors={errorsOf('export')} eraseErrors={errorsOf('erase')} />
    </div>
  );
}

/**
 * One shop, folded while she has granted it nothing (a phone screen holds a few shops, not all of their
 * texts); open when something is granted, or it was just changed or refused.
 */
function ShopConsentCard(props: { t: Dictionary; lang: Lang; consent: ShopConsentView; errors: NonNullable<Flash['errors']>; justChanged: boolean }) {
  const { t, lang, consent, errors, justChanged } = props;
  const m = consent.merchant;
  const granted = consent.grants.filter((g) => g.granted).length;
  return (
    <details className="panel consent-shop" open={granted > 0 || justChanged || errors.length > 0} data-testid="consent-shop" data-merchant-id={m.id} data-effective={consent.effective ? 'true' : 'false'}>
      <summary data-testid="consent-shop-summary">
        <h3>
          <ShopBadge badge={m.badge} kind={m.kind} /> {m.name}
        </h3>
        <span className={granted > 0 ? 'tag status-tag status-completed' : 'tag tag-muted'}>{t.privacy.grantedCount(granted)}</span>
      </summary>
      <FieldErrors t={t} errors={errors} />
      <ul className="consent-grants">
        {consent.grants.map((g) => (
          <ConsentGrantRow key={g.purpose} t={t} lang={lang} merchantId={m.id} grant={g} />
        ))}
      </ul>
    </details>
  );
}

function ConsentGrantRow({ t, lang, merchantId, grant }: { t: Dictionary; lang: Lang; merchantId: string; grant: ConsentGrantView }) {
  const p = t.privacy;
  const changed = grant.changedAt ? formatDateTime(grant.changedAt, lang) : '';
  return (
    <li className="consent-grant" data-testid="consent-grant" data-purpose={grant.purpose} data-granted={grant.granted ? 'true' : 'false'}>
      <div className="consent-grant-head">
        <strong>{p.purposes[grant.purpose] ?? grant.purpose}</strong>
        <span className={grant.granted ? 'tag status-tag status-completed' : 'tag tag-muted'} data-testid="consent-state">
          {grant.granted ? p.granted : p.notGranted}
        </span>
        {changed && <span className="small muted">{grant.granted ? p.grantedAt(changed) : p.revokedAt(changed)}</span>}
      </div>
      {/* The text she agrees to, verbatim: it is what the consent log records. */}
      <p className="small consent-text" data-testid="consent-text">
        {grant.text}
      </p>
      <p className="small" data-testid="consent-receives">
        <span className="muted">{grant.granted ? p.receives : p.willReceive}</span>
        {receivesLine(grant.receives, p.fields, p.notFilled, lang)}
      </p>
      <ActionForm action={`${SELF}/consent`} fields={{ op: grant.granted ? 'revoke' : 'grant', merchantId, purpose: grant.purpose }}>
        <button type="submit" className={grant.granted ? 'button button-ghost button-sm' : 'button button-sm'} data-testid="consent-toggle" data-op={grant.granted ? 'revoke' : 'grant'}>
          {grant.granted ? p.revoke : p.grant}
        </button>
      </ActionForm>
    </li>
  );
}

function IdentitySection(props: {
  t: Dictionary;
  lang: Lang;
  me: MyPrivacyData['me'];
  flash: Flash | undefined;
  errorsOf: (form: string) => NonNullable<Flash['errors']>;
}) {
  const { t, lang, me, flash, errorsOf } = props;
  const p = t.privacy;
  const action = `${SELF}/identity`;
  const values = flash?.values ?? {};
  // After a code was sent (or a wrong one typed), the code form asks for it; the phone comes from the flash.
  const awaitingCode = !me.phone && values.phone && (values.form === 'verify' || (values.form === 'phone' && flash?.ok === 'codeSent'));
  const g = me.guardian;
  return (
    <section className="panel" data-testid="identity" data-guardian-state={g.state}>
      <h2>{p.identity}</h2>

      <h3 className="small">{p.phone}</h3>
      {me.phone ? (
        <p data-testid="my-phone">
          {me.phone} <span className="tag status-tag status-completed">{p.phoneVerified}</span>
        </p>
      ) : (
        <>
          <p className="small muted">{p.phoneNone}</p>
          <ActionForm action={action} className="inline-fields" data-testid="phone-form" fields={{ op: 'requestCode' }}>
            <label>
              {p.phoneInput}
              <input name="phone" required inputMode="numeric" pattern="1[0-9]{10}" maxLength={11} autoComplete="tel" defaultValue={values.phone ?? ''} />
            </label>
            <button type="submit" className="button button-sm">
              {p.requestCode}
            </button>
          </ActionForm>
          <FieldErrors t={t} errors={errorsOf('phone')} />
          {awaitingCode && (
            <ActionForm action={action} className="inline-fields" data-testid="verify-form" fields={{ op: 'verify', phone: values.phone }}>
              {values.sentTo && <p className="small muted">{p.codeSent(values.sentTo, formatDateTime(values.expiresAt, lang))}</p>}
              <label>
                {p.code}
                <input name="code" required inputMode="numeric" pattern="[0-9]{4,8}" maxLength={8} autoComplete="one-time-code" />
              </label>
              <button type="submit" className="button button-sm">
                {p.verify}
              </button>
            </ActionForm>
          )}
          <FieldErrors t={t} errors={errorsOf('verify')} />
        </>
      )}

      <h3 className="small">{p.birthDate}</h3>
      {me.birthDate ? (
        <p data-testid="my-birth-date">{me.birthDate}</p>
      ) : (
        <>
          <p className="small muted">{p.birthDateHint}</p>
          <ActionForm action={action} className="inline-fields" data-testid="birth-date-form" fields={{ op: 'birthDate' }}>
            <label>
              {p.birthDate}
              <input type="date" name="birthDate" required defaultValue={values.birthDate ?? ''} />
            </label>
            <button type="submit" className="button button-sm">
              {p.saveBirthDate}
            </button>
          </ActionForm>
          <FieldErrors t={t} errors={errorsOf('birthDate')} />
        </>
      )}

      {g.state !== 'NOT_NEEDED' && (
        <div data-testid="guardian">
          <h3 className="small">{p.guardian}</h3>
          <p>
            <span className={g.state === 'CONFIRMED' ? 'tag status-tag status-completed' : 'tag tag-warn'} data-testid="guardian-state">
              {p.guardianState[g.state] ?? g.state}
            </span>{' '}
            {g.state === 'PENDING' && g.maskedPhone && <span className="small muted">{p.guardianSentTo(g.maskedPhone)}</span>}
            {g.state === 'CONFIRMED' && typeof g.confirmedAt === 'string' && <span className="small muted">{p.guardianConfirmedAt(formatDateTime(g.confirmedAt, lang))}</span>}
          </p>
          {(g.state === 'REQUIRED' || g.state === 'PENDING') && (
            <>
              <p className="small muted">{p.guardianHint}</p>
              <ActionForm action={action} className="inline-fields" data-testid="guardian-form" fields={{ op: 'guardian' }}>
                <label>
                  {p.guardianPhone}
                  <input name="guardianPhone" required inputMode="numeric" pattern="1[0-9]{10}" maxLength={11} autoComplete="off" defaultValue={values.guardianPhone ?? ''} />
                </label>
                <button type="submit" className="button button-sm">
                  {p.requestGuardian}
                </button>
              </ActionForm>
              <FieldErrors t={t} errors={errorsOf('guardian')} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

function ConsentLog({ t, lang, log }: { t: Dictionary; lang: Lang; log: readonly ConsentRecordView[] }) {
  const p = t.privacy;
  return (
    <section className="panel" data-testid="consent-log">
      <h2>{p.log}</h2>
      <p className="small muted">{p.logHint}</p>
      {log.length === 0 ? (
        <p className="muted small" data-testid="consent-log-empty">
          {p.logEmpty}
        </p>
      ) : (
        <ul className="consent-log">
          {log.map((r, i) => (
            <li key={`${String(r.at)}-${r.merchant.id}-${i}`} data-testid="consent-record" data-action={r.action} data-merchant-id={r.merchant.id}>
              <p className="small">
                <span className={r.action === 'GRANTED' ? 'tag status-tag status-completed' : 'tag tag-muted'}>{p.actions[r.action] ?? r.action}</span> {r.merchant.name} ·{' '}
                {r.purposes.map((x) => p.purposes[x] ?? x).join(lang === 'en' ? ', ' : '、')}
                <span className="muted">
                  {' '}
                  · {formatDateTime(r.at, lang)} · {p.by[r.by] ?? r.by}
                </span>
              </p>
              {r.texts.length > 0 && (
                <details className="small">
                  <summary className="muted">{p.textShown}</summary>
                  {r.texts.map((text, j) => (
                    <p key={j} className="consent-text">
                      {text}
                    </p>
                  ))}
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * 导出我的数据 and 注销账号. The export is a form post answered with a file (the page stays). Erasure says
 * plainly what happens before she types 确认注销: it cannot be undone.
 */
function MyDataSection({ t, errors, eraseErrors }: { t: Dictionary; errors: NonNullable<Flash['errors']>; eraseErrors: NonNullable<Flash['errors']> }) {
  const e = t.privacy.erase;
  return (
    <>
      <section className="panel" data-testid="export">
        <h2>{t.privacy.exportTitle}</h2>
        <p className="small muted">{t.privacy.exportHint}</p>
        <form method="post" action={`${SELF}/export`}>
          <button type="submit" className="button button-ghost button-sm" data-testid="export-button">
            {t.privacy.exportButton}
          </button>
        </form>
        <FieldErrors t={t} errors={errors} />
      </section>

      <section className="panel erase-panel" data-testid="erase">
        <h2>{e.title}</h2>
        <p className="notice notice-warn">{e.warning}</p>
        <ul className="small" data-testid="erase-consequences">
          {e.consequences.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <form method="post" action={`${SELF}/erase`} className="inline-fields" data-testid="erase-form">
          <label>
            {e.typeToConfirm(ERASE_CONFIRMATION)}
            <input name="confirm" required autoComplete="off" maxLength={40} placeholder={ERASE_CONFIRMATION} data-testid="erase-confirm" />
          </label>
          <button type="submit" className="button button-danger button-sm" data-testid="erase-button">
            {e.button}
          </button>
        </form>
        <FieldErrors t={t} errors={eraseErrors} />
      </section>
    </>
  );
}
