import type { Metadata } from 'next';
import type { InputHTMLAttributes, ReactNode } from 'react';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { OneTimeLink } from '@/components/OneTimeLink';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { UploadField } from '@/components/UploadField';
import type { Dictionary } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { formatDateTime } from '@/lib/datetime';
import type { Flash } from '@/lib/flash';
import { errorCode } from '@/lib/gateway';
import { MERCHANT_KINDS } from '@/lib/onboard-form';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin } from '@/lib/principal';
import { getAdminMerchants, type AdminMerchantsData, type AdminMerchantView } from '@/lib/shop-admin-api';
import { errorsAt, unclaimedErrors, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.shops.admin.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/merchants';
const ACTION = `${SELF}/action`;
const UPLOAD = `${SELF}/licence-upload`;

/** The onboarding form's fields that userErrors name, as ['input', <field>, …]. */
const ONBOARD_FIELDS = ['id', 'name', 'kind', 'neighborhood', 'neighborhoodsServed', 'address', 'badge', 'description', 'delivery', 'businessLicenceNumber', 'businessLicenceUploadId', 'foodPermitNumber', 'foodPermitUploadId', 'ownerUsername', 'ownerEmail'];

/**
 * Alliance admin, desktop first: every shop with its status (suspend with a reason and a confirmation,
 * reinstate), and the onboarding form. After onboarding, the owner's one-time link is shown once.
 */
export default async function AdminMerchantsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const a = t.shops.admin;
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={a.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let data: AdminMerchantsData;
  try {
    data = await getAdminMerchants();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const op = flash?.values?.op;
  const errors = flash?.errors ?? [];
  const onboardErrors = op === 'onboard' ? errors : [];
  const rowErrors = op === 'suspend' || op === 'reinstate' || op === 'reissue' ? errors : [];
  const unclaimed = op === 'onboard' ? unclaimedErrors(errors, ONBOARD_FIELDS.map((f) => ['input', f])) : unclaimedErrors(errors, [['reason'], ['confirm']]);
  const onboarded = flash?.ok === 'onboarded' || flash?.ok === 'reissued' ? flash.values : undefined;
  const messages = a.errors;

  return (
    <div className="page desk-page admin-merchants" data-testid="admin-merchants">
      <h1 className="page-title">{a.title}</h1>
      <p className="small muted">{a.intro}</p>
      {onboarded ? (
        <>
          <p className="notice notice-ok" role="status" data-testid="flash-ok" data-ok={flash?.ok} data-merchant-id={onboarded.merchantId}>
            {flash?.ok === 'reissued' ? a.reissued(onboarded.name ?? '') : a.onboard.done(onboarded.name ?? '')}
          </p>
          {onboarded.link && (
            <OneTimeLink
              t={t}
              url={onboarded.link}
              title={a.onboard.ownerLink}
              hint={a.onboard.ownerLinkHint(onboarded.email ?? '', formatDateTime(onboarded.expiresAt, lang))}
              testId="owner-link"
            />
          )}
        </>
      ) : (
        <FlashNotice t={t} flash={flash} ok={a.ok} unclaimed={unclaimed} messages={messages} />
      )}

      <section className="panel">
        <h2>{a.list}</h2>
        {data.merchants.length === 0 ? (
          <StatePanel testId="admin-merchants-empty" icon="∅" title={a.empty} />
        ) : (
          <ul className="desk-list" data-testid="admin-merchant-list">
            {data.merchants.map((m) => (
              <MerchantRow key={m.id} t={t} merchant={m} errors={flash?.values?.id === m.id ? rowErrors : []} reason={flash?.values?.id === m.id ? (flash.values.reason ?? '') : ''} />
            ))}
          </ul>
        )}
      </section>

      <OnboardForm t={t} neighborhoods={data.neighborhoods} flash={op === 'onboard' ? flash : undefined} errors={onboardErrors} />
    </div>
  );
}

function MerchantRow({ t, merchant: m, errors, reason }: { t: Dictionary; merchant: AdminMerchantView; errors: readonly UserErrorLike[]; reason: string }) {
  const a = t.shops.admin;
  const suspended = m.status === 'SUSPENDED';
  return (
    <li className="desk-order" data-testid="admin-merchant" data-merchant-id={m.id} data-status={m.status}>
      <div className="desk-order-head">
        <ShopBadge badge={m.badge} kind={m.kind} />
        <a href={`/shops/${encodeURIComponent(m.id)}`} data-testid="admin-merchant-name">
          <strong>{m.name}</strong>
        </a>
        <span className="small muted">{m.id}</span>
        <span className="small muted">{t.kinds[m.kind] ?? m.kind}</span>
        <span className={suspended ? 'tag tag-warn' : 'tag'} data-testid="admin-merchant-status">
          {a.status[m.status] ?? m.status}
        </span>
        <span className="small muted">{a.products(m.productCount)}</span>
      </div>
      {suspended && m.suspendedReason && (
        <p className="small warn" data-testid="admin-merchant-reason">
          {a.reason}: {m.suspendedReason}
        </p>
      )}
      <p className="small">
        {m.neighborhood} · {m.address}
        {m.neighborhoodsServed.length > 0 && (
          <span className="muted">
            {' '}
            · {a.served}: {m.neighborhoodsServed.join('、')}
          </span>
        )}
      </p>
      {m.licences && (
        <p className="small muted">
          {a.businessLicence} {m.licences.businessLicenceNumber}
          {m.licences.foodPermitNumber && ` · ${a.foodPermit} ${m.licences.foodPermitNumber}`}
        </p>
      )}
      <div className="inline-fields">
        <a className="button button-ghost button-sm" href={`/merchant/audit?shop=${encodeURIComponent(m.id)}`} data-testid="admin-merchant-audit">
          {a.audit}
        </a>
        <ActionForm action={ACTION} className="inline-fields" title={a.reissueHint} fields={{ op: 'reissue', id: m.id, name: m.name, back: SELF }}>
          <button type="submit" className="button button-ghost button-sm" data-testid="admin-merchant-reissue">
            {a.reissue}
          </button>
        </ActionForm>
        {suspended ? (
          <ActionForm action={ACTION} className="inline-fields" fields={{ op: 'reinstate', id: m.id, back: SELF }}>
            <button type="submit" className="button button-sm" data-testid="admin-merchant-reinstate">
              {a.reinstate}
            </button>
          </ActionForm>
        ) : (
          <details className="suspend-form" open={errors.length > 0}>
            <summary className="button button-ghost button-sm" data-testid="admin-merchant-suspend-open">
              {a.suspend}
            </summary>
            <ActionForm action={ACTION} className="stack-form" data-testid="admin-merchant-suspend-form" fields={{ op: 'suspend', id: m.id, back: SELF }}>
              <label className="field">
                <span>{a.suspendReason}</span>
                <input name="reason" required maxLength={200} defaultValue={reason} data-testid="admin-merchant-reason-input" />
                <FieldErrors t={t} errors={errorsAt(errors, 'reason')} messages={a.errors} />
              </label>
              <label className="small">
                <input type="checkbox" name="confirm" value="yes" required data-testid="admin-merchant-confirm" /> {a.suspendConfirm(m.name)}
                <FieldErrors t={t} errors={errorsAt(errors, 'confirm')} messages={a.errors} />
              </label>
              <button type="submit" className="button button-sm button-danger" data-testid="admin-merchant-suspend">
                {a.suspend}
              </button>
            </ActionForm>
          </details>
        )}
      </div>
    </li>
  );
}

/** One labelled input of the onboarding form, with the userErrors at `['input', ...errorsAt]` under it. */
function Field({ label, hint, errors, ...input }: { label: string; hint?: string; errors: ReactNode } & InputHTMLAttributes<HTMLInputElement> & { 'data-testid': string }) {
  return (
    <label className="field">
      <span>
        {label} {hint && <span className="small muted">{hint}</span>}
      </span>
      <input autoComplete="off" {...input} />
      {errors}
    </label>
  );
}

function OnboardForm({ t, neighborhoods, flash, errors }: { t: Dictionary; neighborhoods: readonly string[]; flash: Flash | undefined; errors: readonly UserErrorLike[] }) {
  const o = t.shops.admin.onboard;
  const messages = t.shops.admin.errors;
  const v = flash?.values ?? {};
  const served = new Set((v.served ?? '').split('\n').filter(Boolean));
  const typedServed = [...served].filter((n) => !neighborhoods.includes(n)).join('，');
  const delivers = flash ? v.delivers === 'on' : true;
  const at = (...field: string[]) => <FieldErrors t={t} errors={errorsAt(errors, 'input', ...field)} messages={messages} />;
  const yuan = '¥?\\d{1,9}(\\.\\d{1,2})?';
  const photo = (name: 'businessLicenceUploadId' | 'foodPermitUploadId', label: string, testId: string) => (
    <div className="field">
      <span>{label}</span>
      <UploadField endpoint={UPLOAD} name={name} label={label} labels={t.shops.upload} testId={testId} />
      {at(name)}
    </div>
  );
  return (
    <section className="panel" id="onboard" data-testid="onboard">
      <h2>{o.title}</h2>
      <p className="small muted">{o.intro}</p>
      <ActionForm action={ACTION} className="stack-form" data-testid="onboard-form" fields={{ op: 'onboard', back: SELF }}>
        <Field label={o.id} hint={o.idHint} name="id" required maxLength={30} pattern="[a-z0-9-]{3,30}" spellCheck={false} defaultValue={v.id ?? ''} data-testid="onboard-id" errors={at('id')} />
        <Field label={o.name} name="name" required maxLength={40} defaultValue={v.name ?? ''} data-testid="onboard-name" errors={at('name')} />
        <label className="field">
          <span>{o.kind}</span>
          <select name="kind" required defaultValue={v.kind ?? 'FRUIT'} data-testid="onboard-kind">
            {MERCHANT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k] ?? k}
              </option>
            ))}
          </select>
          {at('kind')}
        </label>
        <Field label={o.neighborhood} name="neighborhood" required maxLength={40} list="onboard-neighborhoods" defaultValue={v.neighborhood ?? ''} data-testid="onboard-neighborhood" errors={at('neighborhood')} />
        <datalist id="onboard-neighborhoods">
          {neighborhoods.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <fieldset className="field">
          <legend>{o.served}</legend>
          <div className="chips wrap">
            {neighborhoods.map((n) => (
              <label key={n} className="chip">
                <input type="checkbox" name="served" value={n} defaultChecked={served.has(n)} data-testid="onboard-served" /> {n}
              </label>
            ))}
          </div>
          <input name="servedOther" maxLength={400} placeholder={o.servedOther} aria-label={o.servedOther} defaultValue={typedServed} data-testid="onboard-served-other" />
          {at('neighborhoodsServed')}
        </fieldset>
        <Field label={o.address} name="address" required maxLength={120} defaultValue={v.address ?? ''} data-testid="onboard-address" errors={at('address')} />
        <Field label={o.badge} hint={o.badgeHint} name="badge" maxLength={2} defaultValue={v.badge ?? ''} data-testid="onboard-badge" errors={at('badge')} />
        <label className="field">
          <span>{o.description}</span>
          <textarea name="description" maxLength={300} rows={2} defaultValue={v.description ?? ''} data-testid="onboard-description" />
          {at('description')}
        </label>

        <fieldset className="field">
          <legend>{o.delivery}</legend>
          <label className="small">
            <input type="checkbox" name="delivers" defaultChecked={delivers} data-testid="onboard-delivers" /> {o.delivers}
          </label>
          <Field label={o.fee} name="feeYuan" inputMode="decimal" pattern={yuan} defaultValue={v.feeYuan ?? ''} data-testid="onboard-fee" errors={at('delivery', 'feeFen')} />
          <Field label={o.freeFrom} name="freeFromYuan" inputMode="decimal" pattern={yuan} defaultValue={v.freeFromYuan ?? ''} data-testid="onboard-free-from" errors={at('delivery', 'freeFromFen')} />
          <FieldErrors t={t} errors={errorsAt(errors, 'input', 'delivery').filter((e) => (e.field?.length ?? 0) <= 2 || e.field?.[2] === 'delivers')} messages={messages} />
        </fieldset>

        <fieldset className="field">
          <legend>{o.licences}</legend>
          <Field label={o.businessLicenceNumber} name="businessLicenceNumber" required maxLength={30} spellCheck={false} defaultValue={v.businessLicenceNumber ?? ''} data-testid="onboard-licence-number" errors={at('businessLicenceNumber')} />
          {photo('businessLicenceUploadId', o.businessLicencePhoto, 'onboard-licence-photo')}
          <Field label={o.foodPermitNumber} hint={o.foodPermitHint} name="foodPermitNumber" maxLength={40} spellCheck={false} defaultValue={v.foodPermitNumber ?? ''} data-testid="onboard-food-permit-number" errors={at('foodPermitNumber')} />
          {photo('foodPermitUploadId', o.foodPermitPhoto, 'onboard-food-permit-photo')}
        </fieldset>

        <fieldset className="field">
          <legend>{o.owner}</legend>
          <Field label={o.ownerUsername} name="ownerUsername" required maxLength={60} spellCheck={false} defaultValue={v.ownerUsername ?? ''} data-testid="onboard-owner-username" errors={at('ownerUsername')} />
          <Field label={o.ownerEmail} name="ownerEmail" type="email" required maxLength={120} defaultValue={v.ownerEmail ?? ''} data-testid="onboard-owner-email" errors={at('ownerEmail')} />
        </fieldset>
        <button type="submit" className="button" data-testid="onboard-submit">
          {o.submit}
        </button>
      </ActionForm>
    </section>
  );
}
