import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { bpToPercent, ruleInForce } from '@/lib/commission-view';
import { formatDateTime } from '@/lib/datetime';
import type { Flash } from '@/lib/flash';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin } from '@/lib/principal';
import { getAllianceSettings, getShopFeeVersions, type AllianceSettingsData, type CommissionPolicyView, type ShopFeeVersion } from '@/lib/settings-api';
import { commissionPolicyFormValues } from '@/lib/settings-form';
import { errorsAt, unclaimedErrors, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.settings.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/settings';

interface VersionRow {
  version: number;
  effectiveFrom: unknown;
  setBy?: string | null;
  inForce: boolean;
  scheduled: boolean;
  cancelled?: boolean | null;
}

type VersionStatus = 'IN_FORCE' | 'SCHEDULED' | 'SUPERSEDED' | 'CANCELLED';

/** A small form whose one button cancels a scheduled version (the action route's `cancel-*` kinds). */
function CancelVersionForm({ t, op, version, merchantId }: { t: Dictionary; op: 'cancel-commission' | 'cancel-promotion' | 'cancel-fee'; version: number; merchantId?: string }) {
  return (
    <ActionForm action={`${SELF}/action`} className="inline-form" data-testid="cancel-version-form" fields={{ op, version, merchantId, back: SELF }}>
      <button type="submit" className="button button-ghost button-sm" data-testid="cancel-version" aria-label={t.settings.cancelVersion(version)}>
        {t.settings.cancel}
      </button>
    </ActionForm>
  );
}

/**
 * Alliance admin: the commission and promotion policies in force, a form for a new version of each
 * (from now or a later time), each one's versions below it, and each shop's alliance fee with a form
 * for a new version of the shop's commission rule that changes only the fee.
 */
export default async function AdminSettingsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const s = t.settings;
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={s.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let data: AllianceSettingsData;
  let fees: ShopFeeVersion[][];
  try {
    data = await getAllianceSettings();
    fees = await Promise.all(data.merchants.map((m) => getShopFeeVersions(m.id)));
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const errors: UserErrorLike[] = flash?.errors ?? [];
  const commissionErrors = errorsAt(errors, 'commission');
  const promotionErrors = errorsAt(errors, 'promotion');
  const typed = (prefix: string) => Object.fromEntries(Object.entries(flash?.values ?? {}).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));
  const cTyped = typed('commission');
  const cValues = Object.keys(cTyped).length ? cTyped : commissionPolicyFormValues(data.commissionPolicy);
  const pTyped = typed('promotion');
  const cv = (n: string) => cValues[n] ?? '';
  const messages = { EFFECTIVE_IN_PAST: s.inPast, ...s.cancelErrors };
  const feeMessages = { ...messages, INVALID_FEE: s.fees.invalidFee, BP_RANGE: s.fees.invalidFee, NO_RULE: s.fees.noRule, RATE_SUM: s.fees.rateSum };
  const fieldErrors = (form: UserErrorLike[], ...path: string[]) => <FieldErrors t={t} errors={errorsAt(form, ...path)} messages={path[0] === 'fee' ? feeMessages : messages} />;
  const nowMs = Date.now();
  const c = s.commission;

  return (
    <div className="page desk-page" data-testid="admin-settings">
      <h1 className="page-title">{s.title}</h1>
      <p className="small muted">{s.intro}</p>
      <FlashNotice t={t} flash={flash?.ok ? flash : undefined} ok={s.ok} />

      <section className="panel" data-testid="commission-policy">
        <h2>{c.title}</h2>
        <p className="small">
          <strong>{s.inForce}:</strong> {describeCommission(t, data.commissionPolicy)}
        </p>
        <ActionForm action={`${SELF}/action`} data-testid="commission-policy-form" fields={{ op: 'commission', back: SELF }}>
          <FlashNotice t={t} flash={commissionErrors.length ? ({ ...flash, ok: undefined } as Flash) : undefined} unclaimed={unclaimedOf(commissionErrors, 'commission')} heading={s.fixErrors} messages={messages} />
          <div className="inline-fields">
            {(
              [
                ['bindingDays', c.bindingDays, 'bindingDays', 'numeric'],
                ['referral', c.referral, 'referralBp', 'decimal'],
                ['referralDays', c.referralDays, 'referralDays', 'numeric'],
                ['withdrawalMin', c.withdrawalMin, 'withdrawalMinFen', 'decimal'],
                ['tax', c.tax, 'taxBp', 'decimal'],
                ['breakage', c.breakage, 'pointsBreakageBp', 'decimal'],
              ] as const
            ).map(([name, label, apiField, mode]) => (
              <label className="field" key={name}>
                <span className="small muted">{label}</span>
                <input name={name} inputMode={mode} size={8} defaultValue={cv(name)} required data-testid={`policy-${name}`} />
                {fieldErrors(commissionErrors, 'commission', 'input', apiField)}
              </label>
            ))}
            <label className="field">
              <span className="small muted">{c.allowSelfPurchase}</span>
              <select name="allowSelfPurchase" defaultValue={cv('allowSelfPurchase')} data-testid="policy-allowSelfPurchase">
                <option value="false">{c.no}</option>
                <option value="true">{c.yes}</option>
              </select>
            </label>
            <label className="field">
              <span className="small muted">
                {s.from} <span className="muted">({s.fromHint})</span>
              </span>
              <input type="datetime-local" name="effectiveFrom" defaultValue={cv('effectiveFrom')} data-testid="commission-from-input" />
              {fieldErrors(commissionErrors, 'commission', 'input', 'effectiveFrom')}
            </label>
          </div>
          <button type="submit" className="button button-sm" data-testid="commission-policy-save">
            {s.save}
          </button>
        </ActionForm>
        <VersionTable t={t} lang={lang} testId="commission-policy-versions" cancelOp="cancel-commission" rows={data.commissionPolicyVersions} describe={(v) => describeCommission(t, (v as (typeof data.commissionPolicyVersions)[number]).policy)} />
      </section>

      <section className="panel" data-testid="promotion-policy" data-require-approval={data.promotionPolicy.requireApproval}>
        <h2>{s.promotion.title}</h2>
        <p className="small">
          <strong>{s.inForce}:</strong> {data.promotionPolicy.requireApproval ? s.promotion.on : s.promotion.off}
        </p>
        <ActionForm action={`${SELF}/action`} data-testid="promotion-policy-form" fields={{ op: 'promotion', back: SELF }}>
          <FlashNotice t={t} flash={promotionErrors.length ? ({ ...flash, ok: undefined } as Flash) : undefined} unclaimed={unclaimedOf(promotionErrors, 'promotion')} heading={s.fixErrors} messages={messages} />
          <div className="inline-fields">
            <label className="field">
              <span className="small muted">{s.promotion.requireApproval}</span>
              <select name="requireApproval" defaultValue={pTyped.requireApproval || String(data.promotionPolicy.requireApproval)} data-testid="policy-requireApproval">
                <option value="false">{s.promotion.off}</option>
                <option value="true">{s.promotion.on}</option>
              </select>
            </label>
            <label className="field">
              <span className="small muted">
                {s.from} <span className="muted">({s.fromHint})</span>
              </span>
              <input type="datetime-local" name="effectiveFrom" defaultValue={pTyped.effectiveFrom ?? ''} data-testid="promotion-from-input" />
              {fieldErrors(promotionErrors, 'promotion', 'effectiveFrom')}
            </label>
          </div>
          <button type="submit" className="button button-sm" data-testid="promotion-policy-save">
            {s.save}
          </button>
        </ActionForm>
        <VersionTable t={t} lang={lang} testId="promotion-policy-versions" cancelOp="cancel-promotion" rows={data.promotionPolicyVersions} describe={(v) => ((v as (typeof data.promotionPolicyVersions)[number]).policy.requireApproval ? s.promotion.on : s.promotion.off)} />
      </section>

      <section className="panel" data-testid="shop-fees">
        <h2>{s.fees.title}</h2>
        <p className="small muted">{s.fees.intro}</p>
        <div className="table-scroll">
          <table className="small">
            <thead>
              <tr>
                <th>{s.fees.shop}</th>
                <th>{s.fees.fee}</th>
                <th>{s.fees.change}</th>
              </tr>
            </thead>
            <tbody>
              {data.merchants.map((m, i) => {
                const versions = fees[i] ?? [];
                const current = ruleInForce(versions, nowMs);
                // Every version still to come, soonest first: scheduled ones can be cancelled, cancelled ones say so.
                const ahead = versions
                  .filter((v) => Date.parse(String(v.effectiveFrom)) > nowMs)
                  .sort((a, b) => Date.parse(String(a.effectiveFrom)) - Date.parse(String(b.effectiveFrom)) || a.version - b.version);
                const rowErrors = errorsAt(errors, 'fee', m.id);
                const rowTyped = typed(`fee.${m.id}`);
                return (
                  <tr key={m.id} data-testid="shop-fee" data-merchant-id={m.id} data-fee-bp={current?.feeBp ?? ''}>
                    <td>{m.name}</td>
                    <td>
                      <span data-testid="shop-fee-in-force">{current ? `${bpToPercent(current.feeBp)}%` : s.fees.none}</span>
                      {ahead.map((v) => (
                        <span key={v.version} className="muted" data-testid="shop-fee-scheduled" data-version={v.version} data-status={v.cancelled ? 'CANCELLED' : 'SCHEDULED'} data-fee-bp={v.feeBp}>
                          {' '}
                          · {s.fees.scheduledFee(bpToPercent(v.feeBp), formatDateTime(v.effectiveFrom, lang))}
                          {v.cancelled ? ` (${s.status.CANCELLED})` : <CancelVersionForm t={t} op="cancel-fee" version={v.version} merchantId={m.id} />}
                        </span>
                      ))}
                    </td>
                    <td>
                      {versions.every((v) => v.cancelled) ? (
                        <span className="muted" data-testid="shop-fee-no-rule">
                          {s.fees.noRule}
                        </span>
                      ) : (
                        <ActionForm action={`${SELF}/action`} data-testid="shop-fee-form" fields={{ op: 'fee', merchantId: m.id, back: SELF }}>
                          <FlashNotice t={t} flash={rowErrors.length ? ({ ...flash, ok: undefined } as Flash) : undefined} unclaimed={unclaimedErrors(rowErrors, [['fee', m.id, 'input', 'feeBp'], ['fee', m.id, 'input', 'effectiveFrom']])} heading={s.fixErrors} messages={feeMessages} />
                          <div className="inline-fields">
                            <label className="field">
                              <span className="small muted">{s.fees.newFee}</span>
                              <input name="fee" inputMode="decimal" size={6} required defaultValue={rowTyped.fee ?? (current ? bpToPercent(current.feeBp) : '')} data-testid="shop-fee-input" />
                              {fieldErrors(rowErrors, 'fee', m.id, 'input', 'feeBp')}
                            </label>
                            <label className="field">
                              <span className="small muted">
                                {s.from} <span className="muted">({s.fromHint})</span>
                              </span>
                              <input type="datetime-local" name="effectiveFrom" defaultValue={rowTyped.effectiveFrom ?? ''} data-testid="shop-fee-from-input" />
                              {fieldErrors(rowErrors, 'fee', m.id, 'input', 'effectiveFrom')}
                            </label>
                          </div>
                          <button type="submit" className="button button-sm" data-testid="shop-fee-save">
                            {s.fees.save}
                          </button>
                        </ActionForm>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

/** The errors of one form no field of it shows (a field the page has no input for). */
function unclaimedOf(errors: UserErrorLike[], form: string): UserErrorLike[] {
  const fields = new Set(['bindingDays', 'referralBp', 'referralDays', 'withdrawalMinFen', 'taxBp', 'pointsBreakageBp', 'effectiveFrom']);
  return errors.filter((e) => {
    const f = e.field ?? [];
    return !(f[0] === form && fields.has(String(f.at(-1))));
  });
}

function describeCommission(t: Dictionary, p: CommissionPolicyView): string {
  const c = t.settings.commission;
  return [
    `${c.bindingDays} ${p.bindingDays}`,
    `${c.referral} ${bpToPercent(p.referralBp)}`,
    `${c.referralDays} ${p.referralDays}`,
    `${c.withdrawalMin} ${formatFen(p.withdrawalMinFen)}`,
    `${c.tax} ${bpToPercent(p.taxBp)}`,
    `${c.breakage} ${bpToPercent(p.pointsBreakageBp)}`,
    `${c.allowSelfPurchase}: ${p.allowSelfPurchase ? c.yes : c.no}`,
  ].join(' · ');
}

function VersionTable({ t, lang, testId, cancelOp, rows, describe }: { t: Dictionary; lang: Lang; testId: string; cancelOp: 'cancel-commission' | 'cancel-promotion'; rows: readonly VersionRow[]; describe: (v: VersionRow) => string }) {
  const s = t.settings;
  return (
    <>
      <h3>{s.history}</h3>
      {rows.length === 0 ? (
        <p className="small muted">
          {s.noHistory} · {s.defaults}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="small" data-testid={testId}>
            <thead>
              <tr>
                <th>{s.version}</th>
                <th>{s.from}</th>
                <th>{s.setBy}</th>
                <th />
                <th />
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((v) => {
                const status: VersionStatus = v.cancelled ? 'CANCELLED' : v.inForce ? 'IN_FORCE' : v.scheduled ? 'SCHEDULED' : 'SUPERSEDED';
                return (
                  <tr key={v.version} data-testid="policy-version" data-version={v.version} data-status={status}>
                    <td>{v.version}</td>
                    <td>{v.version === 0 ? s.sinceEver : formatDateTime(v.effectiveFrom, lang)}</td>
                    <td>{v.setBy ?? '—'}</td>
                    <td className={status === 'SCHEDULED' ? 'warn' : status === 'IN_FORCE' ? '' : 'muted'}>{s.status[status]}</td>
                    <td className="muted">{describe(v)}</td>
                    <td>{status === 'SCHEDULED' && <CancelVersionForm t={t} op={cancelOp} version={v.version} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
