import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FieldErrors, FlashNotice } from '@/components/Notices';
import { ShopBadge } from '@/components/ShopBadge';
import { StatePanel } from '@/components/StatePanel';
import { StatementCard } from '@/components/StatementCard';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { RULE_ROWS, bpToPercent, rowOfRate, ruleFormValues, ruleInForce } from '@/lib/commission-view';
import { getReferralFees, type ReferralFeesView } from '@/lib/commission-reports-api';
import { getMerchantCommissions, getStatements, type MerchantCommissionsData, type RuleVersionView, type StatementView } from '@/lib/commissions-api';
import { formatDateTime } from '@/lib/datetime';
import type { Flash } from '@/lib/flash';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { getFlash } from '@/lib/page-state';
import { isShopStaff } from '@/lib/principal';
import { errorsAt, type UserErrorLike } from '@/lib/user-errors';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.commissions.merchant.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/merchant/commissions';
/** How many recent weeks the page looks up statements for (the API lists settled periods to admins only). */
const WEEKS = 8;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * 佣金 / 结算 of a shop: its commission rule (the version in force, scheduled and earlier versions; its
 * owner sets a new version) and its statements per settled week. Desktop first, usable on a phone.
 */
export default async function MerchantCommissionsPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const m = t.commissions.merchant;
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="commissions-login" icon="?" title={m.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isShopStaff(principal)) return <StatePanel testId="commissions-forbidden" icon="!" title={t.desk.notStaff} actions={[{ href: '/', label: t.errors.home }]} />;

  const shopParam = first(query.shop);
  const merchantId = shopParam && principal.merchantIds.includes(shopParam) ? shopParam : principal.merchantIds[0]!;
  const here = `${SELF}?shop=${encodeURIComponent(merchantId)}`;
  const flash = await getFlash(query.flash);
  const owner = principal.roles.includes('merchant-owner');
  const nowMs = Date.now();

  let data: MerchantCommissionsData;
  let statements: StatementView[];
  let referral: ReferralFeesView;
  try {
    const [d, s, r] = await Promise.all([getMerchantCommissions(merchantId), getStatements({ kind: 'SHOP', id: merchantId }, WEEKS), getReferralFees(merchantId)]);
    data = d;
    referral = r;
    statements = s;
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={here} />;
  }

  const shop = data.merchants.find((x) => x.id === merchantId);
  const versions = data.commissionRules;
  const current = ruleInForce(versions, nowMs);
  const scheduled = versions.filter((v) => Date.parse(String(v.effectiveFrom)) > nowMs);
  const earlier = versions.filter((v) => v !== current && !scheduled.includes(v));
  const categoryName = (code: string) => {
    if (code === '*') return m.anyCategory;
    const c = data.categories.find((x) => x.code === code);
    return c ? (lang === 'en' ? c.nameEn : c.name) : code;
  };
  const policy = data.commissionPolicy;

  return (
    <div className="page desk-page commissions-page" data-testid="merchant-commissions" data-merchant-id={merchantId}>
      <header className="desk-head">
        <h1 className="page-title">
          {shop && <ShopBadge badge={shop.badge} kind={shop.kind} />} {shop?.name ?? merchantId} · {m.title}
        </h1>
        {principal.merchantIds.length > 1 && (
          <nav className="chips">
            {principal.merchantIds.map((id) => (
              <a key={id} href={`${SELF}?shop=${encodeURIComponent(id)}`} className={id === merchantId ? 'chip active' : 'chip'}>
                {data.merchants.find((x) => x.id === id)?.name ?? id}
              </a>
            ))}
          </nav>
        )}
        <a className="button button-ghost button-sm" href={`/merchant?shop=${encodeURIComponent(merchantId)}`} data-testid="commissions-desk-link">
          {m.backToDesk}
        </a>
      </header>
      <FlashNotice t={t} flash={flash?.ok ? flash : undefined} ok={m.ok} />

      <section className="panel" data-testid="commission-rule" data-version={current?.version ?? 0}>
        <h2>{m.rule}</h2>
        <p className="small muted">{m.policy(bpToPercent(policy.referralBp), policy.referralDays, policy.bindingDays)}</p>
        {current ? (
          <>
            <p data-testid="rule-current">{m.current(current.version)}</p>
            <RuleTable t={t} lang={lang} rule={current} categoryName={categoryName} testId="rule-current-rates" />
          </>
        ) : (
          <p className="muted" data-testid="rule-none">
            {m.noRule}
          </p>
        )}
        {scheduled.map((v) => (
          <div key={v.version} data-testid="rule-scheduled" data-version={v.version} data-status={v.cancelled ? 'CANCELLED' : 'SCHEDULED'}>
            <div className={v.cancelled ? 'small muted' : 'small warn'}>
              {m.scheduled(v.version, formatDateTime(v.effectiveFrom, lang))}
              {v.cancelled ? ` · ${m.cancelled}` : null}
              {!v.cancelled && owner && (
                <ActionForm action={`${SELF}/action`} className="inline-form" fields={{ op: 'cancel', merchantId, version: v.version, back: here }}>
                  {' '}
                  <button type="submit" className="button button-ghost button-sm" data-testid="cancel-version">
                    {m.cancel}
                  </button>
                </ActionForm>
              )}
            </div>
            <RuleTable t={t} lang={lang} rule={v} categoryName={categoryName} />
          </div>
        ))}
        {earlier.length > 0 && (
          <details className="rule-history" data-testid="rule-history">
            <summary>
              {m.history} ({earlier.length})
            </summary>
            {earlier.map((v) => (
              <div key={v.version} data-version={v.version}>
                <p className="small muted" data-status={v.cancelled ? 'CANCELLED' : undefined}>
                  {m.version} {v.version} · {m.from} {formatDateTime(v.effectiveFrom, lang)}
                  {v.cancelled ? ` · ${m.cancelled}` : null}
                </p>
                <RuleTable t={t} lang={lang} rule={v} categoryName={categoryName} />
              </div>
            ))}
          </details>
        )}
      </section>

      {owner ? (
        <RuleForm t={t} merchantId={merchantId} data={data} flash={flash} current={current} back={here} categoryName={categoryName} />
      ) : (
        <p className="small muted">{m.ownerOnly}</p>
      )}

      <section className="panel" data-testid="shop-statements">
        <h2>{m.statements}</h2>
        <p className="small muted">
          {m.statementsHint} {m.payableHint}
        </p>
        {statements.length === 0 ? (
          <p className="muted" data-testid="statements-empty">
            {m.noStatements}
          </p>
        ) : (
          statements.map((s) => <StatementCard key={s.periodId} t={t} statement={s} />)
        )}
      </section>

      <ReferralFees t={t} fees={referral} />
    </div>
  );
}

function RuleTable({ t, rule, categoryName, testId }: { t: Dictionary; lang: Lang; rule: RuleVersionView; categoryName: (c: string) => string; testId?: string }) {
  const m = t.commissions.merchant;
  const capped = (bp: number, cap: { amountFen: number } | null | undefined) => `${bpToPercent(bp)}%${cap ? ` (≤ ${formatFen(cap.amountFen)})` : ''}`;
  return (
    <table className="promo-funding small rule-table" data-testid={testId}>
      <caption className="small">
        {m.fee}: <strong data-testid="rule-fee">{bpToPercent(rule.feeBp)}%</strong>
      </caption>
      <thead>
        <tr>
          <th>{m.category}</th>
          <th>{m.l1}</th>
          <th>{m.l2}</th>
          <th>{m.leader}</th>
        </tr>
      </thead>
      <tbody>
        {rule.rates.map((r) => (
          <tr key={r.category} data-testid="rule-rate" data-category={r.category} data-l1-bp={r.l1Bp}>
            <td>{categoryName(r.category)}</td>
            <td>{capped(r.l1Bp, r.l1Cap)}</td>
            <td>{capped(r.l2Bp, r.l2Cap)}</td>
            <td>{capped(r.leaderBp, r.leaderCap)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Referral fees this shop earned (other shops' orders of members it brought) and its own orders paid. */
function ReferralFees({ t, fees }: { t: Dictionary; fees: ReferralFeesView }) {
  const m = t.commissions.merchant;
  const s = t.commissions.share;
  const rows = [
    ['earned', m.referralEarned, fees.earnedPending, fees.earnedConfirmed],
    ['paid', m.referralPaid, fees.paidPending, fees.paidConfirmed],
  ] as const;
  return (
    <section className="panel" data-testid="referral-fees">
      <h2>{m.referral}</h2>
      <p className="small muted">
        {m.referralHint} {m.referralPaidHint}
      </p>
      <table className="promo-funding small">
        <thead>
          <tr>
            <th />
            <th>{s.stages.PENDING}</th>
            <th>{s.stages.CONFIRMED}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, label, pending, confirmed]) => (
            <tr key={key} data-testid={`referral-${key}`} data-pending-fen={pending.amountFen} data-confirmed-fen={confirmed.amountFen}>
              <td>{label}</td>
              <td>{formatFen(pending.amountFen)}</td>
              <td>{formatFen(confirmed.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const RATE_KEYS = [
  ['l1', 'l1Bp', 'l1Cap', 'l1CapFen'],
  ['l2', 'l2Bp', 'l2Cap', 'l2CapFen'],
  ['leader', 'leaderBp', 'leaderCap', 'leaderCapFen'],
] as const;

/** A new version: fee %, and per category L1 / L2 / leader % with optional caps in yuan. */
function RuleForm(props: {
  t: Dictionary;
  merchantId: string;
  data: MerchantCommissionsData;
  flash: Flash | undefined;
  current: RuleVersionView | null;
  back: string;
  categoryName: (c: string) => string;
}) {
  const { t, merchantId, data, flash, current, back, categoryName } = props;
  const m = t.commissions.merchant;
  const errors: UserErrorLike[] = flash?.errors ?? [];
  const values = flash?.values ?? ruleFormValues(current);
  const v = (name: string) => values[name] ?? '';
  // The API numbers the rates it received (the filled rows); map each back to its row on the form.
  const rowErrors = (row: number) => errors.filter((e) => e.field?.[1] === 'rates' && e.field[2] !== undefined && rowOfRate(v, Number(e.field[2])) === row);
  const claimed = new Set<UserErrorLike>([...errorsAt(errors, 'input', 'feeBp'), ...errorsAt(errors, 'input', 'effectiveFrom'), ...Array.from({ length: RULE_ROWS }, (_, i) => rowErrors(i)).flat()]);
  const unclaimed = errors.filter((e) => !claimed.has(e));
  const options = ['*', ...data.categories.map((c) => c.code)];
  return (
    <ActionForm action={`${SELF}/action`} className="panel rule-form" data-testid="rule-form" fields={{ op: 'rule', merchantId, back }}>
      <h2>{m.newVersion}</h2>
      <p className="small muted">{m.newVersionHint}</p>
      <FlashNotice t={t} flash={flash?.ok ? undefined : flash} unclaimed={unclaimed} heading={m.fixErrors} />
      <div className="inline-fields">
        <label className="field">
          <span className="small muted">{m.fee} (%)</span>
          <input name="fee" inputMode="decimal" size={6} defaultValue={v('fee')} required data-testid="rule-fee-input" />
          <FieldErrors t={t} errors={errorsAt(errors, 'input', 'feeBp')} />
        </label>
        <label className="field">
          <span className="small muted">
            {m.from} <span className="muted">({m.fromHint})</span>
          </span>
          <input type="datetime-local" name="effectiveFrom" defaultValue={v('effectiveFrom')} data-testid="rule-from-input" />
          <FieldErrors t={t} errors={errorsAt(errors, 'input', 'effectiveFrom')} />
        </label>
      </div>
      <div className="table-scroll">
        <table className="promo-funding small rule-form-rows">
          <thead>
            <tr>
              <th>{m.category}</th>
              {RATE_KEYS.map(([k]) => (
                <th key={k}>
                  {m[k]} (%) / {m.cap} (¥)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: RULE_ROWS }, (_, i) => (
              <tr key={i} data-testid="rule-row" data-row={i}>
                <td>
                  <select name={`category.${i}`} defaultValue={v(`category.${i}`)} aria-label={m.category} data-testid="rule-category">
                    <option value="">—</option>
                    {options.map((c) => (
                      <option key={c} value={c}>
                        {categoryName(c)}
                      </option>
                    ))}
                  </select>
                  <FieldErrors t={t} errors={rowErrors(i)} />
                </td>
                {RATE_KEYS.map(([k, , cap]) => (
                  <td key={k} className="rule-cell">
                    <input name={`${k}.${i}`} inputMode="decimal" size={5} defaultValue={v(`${k}.${i}`)} aria-label={`${m[k]} %`} placeholder="0" data-testid={`rule-${k}`} />
                    <input name={`${cap}.${i}`} inputMode="decimal" size={6} defaultValue={v(`${cap}.${i}`)} aria-label={`${m[k]} ${m.cap}`} placeholder={m.noCap} data-testid={`rule-${cap}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" className="button" data-testid="rule-save">
        {m.save}
      </button>
    </ActionForm>
  );
}
