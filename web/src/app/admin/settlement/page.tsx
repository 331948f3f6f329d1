import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { FlashNotice } from '@/components/Notices';
import { StatePanel } from '@/components/StatePanel';
import { StatementCard } from '@/components/StatementCard';
import { ShopFlowMatrix } from '@/components/ShopFlowMatrix';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { getI18n } from '@/i18n/server';
import { getConfig } from '@/config';
import { getPrincipal } from '@/lib/auth';
import { PERIOD_ID, lastEndedPeriodEnd, periodIdOf } from '@/lib/commission-view';
import { getShopFlows } from '@/lib/alliance-figures-api';
import { getAdminSettlement, getStatement, previewSettlement, type AdminSettlementData, type SettlementPreviewView, type StatementView } from '@/lib/commissions-api';
import { formatDateTime } from '@/lib/datetime';
import { errorCode } from '@/lib/gateway';
import type { PartyKind } from '@/lib/generated/operations';
import { formatFen } from '@/lib/money';
import { randomToken } from '@/lib/oidc';
import { getFlash } from '@/lib/page-state';
import { isAllianceAdmin } from '@/lib/principal';
import { ActionForm } from '@/components/ActionForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.commissions.admin.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SELF = '/admin/settlement';
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const KINDS: readonly PartyKind[] = ['ALLIANCE', 'SHOP', 'MEMBER', 'CLEARING'];
const PARTY_ID = /^[A-Za-z0-9._:-]{1,80}$/;

/** `KIND:id` from the viewer's choice; a typed member id wins over the list. */
function partyOf(raw: string | undefined, member: string | undefined): { kind: PartyKind; id: string } | null {
  const typed = member?.trim();
  if (typed && PARTY_ID.test(typed)) return { kind: 'MEMBER', id: typed };
  const m = /^([A-Z]+):(.+)$/.exec(raw ?? '');
  if (!m || !(KINDS as readonly string[]).includes(m[1]!) || !PARTY_ID.test(m[2]!)) return null;
  return { kind: m[1] as PartyKind, id: m[2]! };
}

/**
 * Alliance admin, desktop first: the settled weeks with their trial balance, settling the next ended
 * week, and any party's statement of a settled week (the alliance, a shop, order clearing, a member).
 */
export default async function AdminSettlementPage({ searchParams }: Props) {
  const { t, lang } = await getI18n();
  const a = t.commissions.admin;
  const query = await searchParams;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={a.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  const flash = await getFlash(query.flash);
  let data: AdminSettlementData;
  try {
    data = await getAdminSettlement();
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }

  const allianceId = getConfig().allianceId;
  // Weeks settle in order: the one after the newest settled (the subgraph, on its own clock, refuses
  // one that has not ended); before any, the last week ended here.
  const newest = data.settlementPeriods[0];
  const periodEnd = newest ? new Date(Date.parse(String(newest.endsAt)) + 7 * 86_400_000) : lastEndedPeriodEnd(Date.now());
  const nextPeriod = periodIdOf(periodEnd.getTime() - 1);
  const periodParam = first(query.period);
  const periodId = periodParam && PERIOD_ID.test(periodParam) ? periodParam : data.settlementPeriods[0]?.id;
  const memberParam = first(query.member);
  const party = partyOf(first(query.party) ?? `ALLIANCE:${allianceId}`, memberParam);

  // The flow of customers between shops: the week chosen in the list, else the one running now.
  const flowPeriod = periodParam && PERIOD_ID.test(periodParam) ? periodParam : periodIdOf(Date.now());
  const flows = await getShopFlows(flowPeriod).catch(() => null);

  // The preview is asked for (it reads every party of the week): what settling it would write.
  let preview: { ok: true; value: SettlementPreviewView } | { ok: false; code: string } | null = null;
  if (first(query.preview) === '1') {
    try {
      preview = { ok: true, value: await previewSettlement(periodEnd.toISOString()) };
    } catch (err) {
      preview = { ok: false, code: errorCode(err) };
    }
  }

  let statement: { ok: true; value: StatementView | null } | { ok: false; code: string } | null = null;
  if (periodId && party) {
    try {
      statement = { ok: true, value: await getStatement(periodId, party) };
    } catch (err) {
      statement = { ok: false, code: errorCode(err) };
    }
  }

  return (
    <div className="page desk-page settlement-page" data-testid="admin-settlement">
      <h1 className="page-title">{a.title}</h1>
      <p className="small muted">{a.intro}</p>
      <FlashNotice t={t} flash={flash} ok={a.ok} />

      <section className="panel" data-testid="settle-next" data-period-id={nextPeriod}>
        <h2>{a.settleNext}</h2>
        {/* One idempotency key per rendering: a double submit finishes the same run. */}
        <ActionForm action={`${SELF}/action`} className="inline-fields" fields={{ op: 'settle', periodEnd: periodEnd.toISOString(), idempotencyKey: `st-${randomToken(18)}`, back: SELF }}>
          <p className="small">{a.settleHint(nextPeriod, formatDateTime(periodEnd.toISOString(), lang))}</p>
          <button type="submit" className="button button-sm" data-testid="settle-button">
            {a.settle}
          </button>{' '}
          <a className="button button-ghost button-sm" href={`${SELF}?preview=1`} data-testid="preview-button">
            {a.preview}
          </a>
        </ActionForm>
        {preview && (preview.ok ? <PreviewTable t={t} preview={preview.value} /> : <ErrorState t={t} code={preview.code} retryHref={`${SELF}?preview=1`} />)}
      </section>

      <section className="panel" data-testid="settlement-periods">
        <h2>{a.periods}</h2>
        {data.settlementPeriods.length === 0 ? (
          <p className="muted" data-testid="settlement-periods-empty">
            {a.noPeriods}
          </p>
        ) : (
          <PeriodTable t={t} lang={lang} periods={data.settlementPeriods} allianceId={allianceId} selected={periodId} />
        )}
      </section>

      <ShopFlowMatrix t={t} periodId={flowPeriod} flows={flows} />

      <section className="panel" data-testid="statement-viewer">
        <h2>{a.viewer}</h2>
        <form method="get" action={SELF} className="inline-fields">
          <label className="field">
            <span className="small muted">{t.commissions.merchant.period}</span>
            <select name="period" defaultValue={periodId ?? ''} data-testid="viewer-period">
              {data.settlementPeriods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id}
                </option>
              ))}
              {periodId && !data.settlementPeriods.some((p) => p.id === periodId) && <option value={periodId}>{periodId}</option>}
            </select>
          </label>
          <label className="field">
            <span className="small muted">{a.partyId}</span>
            <select name="party" defaultValue={party && party.kind !== 'MEMBER' ? `${party.kind}:${party.id}` : `ALLIANCE:${allianceId}`} data-testid="viewer-party">
              <option value={`ALLIANCE:${allianceId}`}>
                {a.kinds.ALLIANCE} · {allianceId}
              </option>
              <option value="CLEARING:orders">{a.kinds.CLEARING}</option>
              {data.merchants.map((m) => (
                <option key={m.id} value={`SHOP:${m.id}`}>
                  {a.kinds.SHOP} · {m.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="small muted">
              {a.memberId} <span className="muted">({a.memberIdHint})</span>
            </span>
            <input name="member" defaultValue={party?.kind === 'MEMBER' ? party.id : ''} maxLength={80} data-testid="viewer-member" />
          </label>
          <button type="submit" className="button button-ghost button-sm" data-testid="viewer-show">
            {a.show}
          </button>
        </form>
        {!statement ? (
          <p className="muted">{a.chooseParty}</p>
        ) : !statement.ok ? (
          <ErrorState t={t} code={statement.code} retryHref={SELF} />
        ) : statement.value ? (
          <StatementCard t={t} statement={statement.value} />
        ) : (
          <p className="muted" data-testid="statement-none">
            {a.noStatement}
          </p>
        )}
      </section>
    </div>
  );
}

function PeriodTable({ t, lang, periods, allianceId, selected }: { t: Dictionary; lang: Lang; periods: AdminSettlementData['settlementPeriods']; allianceId: string; selected: string | undefined }) {
  const a = t.commissions.admin;
  return (
    <div className="table-scroll">
      <table className="promo-funding small period-table">
        <thead>
          <tr>
            <th>{t.commissions.merchant.period}</th>
            <th>{a.when}</th>
            <th>{a.statusCol}</th>
            <th>{a.parties}</th>
            <th>{a.trialBalance}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => {
            const tb = p.trialBalance;
            return (
              <tr key={p.id} className={p.id === selected ? 'mine' : undefined} data-testid="settlement-period" data-period-id={p.id} data-status={p.status} data-balanced={tb ? String(tb.balanced) : ''}>
                <td>{p.id}</td>
                <td>
                  {formatDateTime(p.startsAt, lang)} – {formatDateTime(p.endsAt, lang)}
                </td>
                <td>{a.status[p.status] ?? p.status}</td>
                <td>{tb?.parties ?? '—'}</td>
                <td>
                  {tb ? (
                    <>
                      <span className={tb.balanced ? 'tag status-tag status-completed' : 'tag tag-warn'} data-testid="trial-balance">
                        {tb.balanced ? a.balanced : a.unbalanced}
                      </span>{' '}
                      <span className="muted">
                        {formatFen(tb.confirmed.amountFen)} / {formatFen(tb.pending.amountFen)}
                      </span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <a href={`${SELF}?period=${encodeURIComponent(p.id)}&party=${encodeURIComponent(`ALLIANCE:${allianceId}`)}`}>{a.viewer}</a>
                  {p.status === 'SETTLED' && (
                    <ActionForm action={`${SELF}/action`} className="inline-form" fields={{ op: 'close', periodId: p.id, back: SELF }}>
                      <button type="submit" className="button button-ghost button-sm" data-testid="close-period">
                        {a.close}
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
  );
}

/** What a run would write for the offered week: each party's movement, and whether the books balance. */
function PreviewTable({ t, preview }: { t: Dictionary; preview: SettlementPreviewView }) {
  const a = t.commissions.admin;
  const tb = preview.trialBalance;
  // Alliance points cleared between shops (issue 9): a column of their own once any party has them.
  const line = (s: SettlementPreviewView['statements'][number], account: string) => s.lines.find((l) => l.account === account)?.confirmed.amountFen ?? 0;
  const pointsAccounts = ['POINTS_CLEARING', 'POINTS_BREAKAGE'].filter((acc) => preview.statements.some((s) => line(s, acc) !== 0));
  return (
    <div className="settlement-preview" data-testid="settlement-preview" data-period-id={preview.periodId} data-balanced={String(tb.balanced)} data-parties={tb.parties}>
      <h3>{a.previewOf(preview.periodId)}</h3>
      {preview.problem && (
        <p className="notice notice-warn" data-testid="preview-problem" data-code={preview.problem.code}>
          {preview.problem.message}
        </p>
      )}
      <p className="small">
        {a.parties}: {tb.parties} · {a.trialBalance}: {tb.balanced ? a.balanced : a.unbalanced} ({formatFen(tb.confirmed.amountFen)} / {formatFen(tb.pending.amountFen)})
      </p>
      {preview.statements.length === 0 ? (
        <p className="muted">{a.previewEmpty}</p>
      ) : (
        <div className="table-scroll">
          <table className="promo-funding small">
            <thead>
              <tr>
                <th>{a.partyId}</th>
                <th>{t.commissions.merchant.movement}</th>
                <th>{t.commissions.merchant.pendingCarried}</th>
                <th>{t.commissions.merchant.closing}</th>
                {pointsAccounts.map((acc) => (
                  <th key={acc}>{t.commissions.accounts[acc] ?? acc}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.statements.map((s) => (
                <tr
                  key={`${s.partyKind}:${s.partyId}`}
                  data-testid="preview-party"
                  data-party={`${s.partyKind}:${s.partyId}`}
                  data-points-clearing-fen={line(s, 'POINTS_CLEARING')}
                  data-points-breakage-fen={line(s, 'POINTS_BREAKAGE')}
                >
                  <td>
                    {a.kinds[s.partyKind] ?? s.partyKind} · {s.partyId}
                  </td>
                  <td>{formatFen(s.movement.amountFen)}</td>
                  <td>{formatFen(s.pending.amountFen)}</td>
                  <td>{formatFen(s.closing.amountFen)}</td>
                  {pointsAccounts.map((acc) => (
                    <td key={acc}>{formatFen(line(s, acc))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
