import type { Metadata } from 'next';
import { ErrorState } from '@/components/ErrorState';
import { PeriodFiguresChart } from '@/components/PeriodFiguresChart';
import { StatePanel } from '@/components/StatePanel';
import { getI18n } from '@/i18n/server';
import { getPrincipal } from '@/lib/auth';
import { getPeriodFigures, type PeriodFiguresView } from '@/lib/alliance-figures-api';
import { errorCode } from '@/lib/gateway';
import { formatFen } from '@/lib/money';
import { figuresSeries } from '@/lib/period-figures-view';
import { isAllianceAdmin } from '@/lib/principal';
import { getMemberPoolStats, type MemberPoolStatsView } from '@/lib/member-pool-stats-api';
import type { Dictionary } from '@/i18n/dictionary';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.commissions.admin.figures.title };
}

const SELF = '/admin';
/** A quarter of weeks: what fits a desktop chart legibly. */
const PERIODS = 13;

/**
 * Alliance admin, desktop first: GMV, commissions, promotion cost and fees of the last settled weeks,
 * as a chart (ECharts, in the browser only) and the same figures as a table.
 */
export default async function AdminOverviewPage() {
  const { t } = await getI18n();
  const f = t.commissions.admin.figures;
  const principal = await getPrincipal();
  if (!principal) {
    return <StatePanel testId="admin-login" icon="?" title={f.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(SELF)}`, label: t.auth.login, plain: true }]} />;
  }
  if (!isAllianceAdmin(principal)) return <StatePanel testId="admin-forbidden" icon="!" title={t.admin.notAdmin} actions={[{ href: '/', label: t.errors.home }]} />;

  // The member pool's counts, asked beside the figures; the overview stands without them.
  const pool = getMemberPoolStats().catch((err: unknown) => {
    console.error(`[admin] member pool stats unavailable: ${errorCode(err)}`);
    return null;
  });
  let figures: PeriodFiguresView[];
  try {
    figures = await getPeriodFigures(PERIODS);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  const poolStats = await pool;
  if (figures.length === 0) {
    return (
      <>
        <StatePanel testId="period-figures-empty" icon="∅" title={f.empty} actions={[{ href: '/admin/settlement', label: f.toSettlement }]}>
          {f.emptyHint}
        </StatePanel>
        <div className="page desk-page">
          <MemberPoolPanel t={t} stats={poolStats} />
        </div>
      </>
    );
  }

  return (
    <div className="page desk-page admin-overview" data-testid="admin-overview">
      <h1 className="page-title">{f.title}</h1>
      <p className="muted">{f.intro}</p>
      <section className="panel">
        <PeriodFiguresChart
          series={figuresSeries(figures)}
          labels={{ chart: f.chartLabel(figures.length), gmv: f.gmv, commissions: f.commissions, promotionCost: f.promotionCost, fees: f.fees, loading: f.loading, failed: f.chartFailed }}
        />
      </section>
      <section className="panel">
        <div className="table-scroll">
          <table className="figures-table small" data-testid="period-figures-table">
            <caption>{f.tableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{f.period}</th>
                <th scope="col">{f.gmv}</th>
                <th scope="col">{f.commissions}</th>
                <th scope="col">{f.promotionCost}</th>
                <th scope="col">{f.fees}</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((p) => (
                <tr key={p.periodId} data-testid="period-figures-row" data-period-id={p.periodId}>
                  <th scope="row">
                    <a href={`/admin/settlement?period=${encodeURIComponent(p.periodId)}`}>{p.periodId}</a>
                  </th>
                  <td>{formatFen(p.gmv.amountFen)}</td>
                  <td>{formatFen(p.commissions.amountFen)}</td>
                  <td>{formatFen(p.promotionCost.amountFen)}</td>
                  <td>{formatFen(p.fees.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <MemberPoolPanel t={t} stats={poolStats} />
    </div>
  );
}

/** The member pool in aggregate: members, groups and consents per shop and purpose — counts, never a member. */
function MemberPoolPanel({ t, stats }: { t: Dictionary; stats: MemberPoolStatsView | null }) {
  const s = t.poolStats;
  if (!stats) {
    return (
      <p className="panel muted" data-testid="member-pool-unavailable">
        {s.unavailable}
      </p>
    );
  }
  return (
    <section className="panel" data-testid="member-pool-stats" data-members={stats.members} data-groups={stats.groups}>
      <h2>{s.adminTitle}</h2>
      <p className="small muted">{s.adminHint}</p>
      <dl className="earnings-totals">
        <div>
          <dt>{s.members}</dt>
          <dd className="price" data-testid="pool-members">{stats.members}</dd>
        </div>
        <div>
          <dt>{s.groups}</dt>
          <dd className="price" data-testid="pool-groups">{stats.groups}</dd>
        </div>
      </dl>
      <h3 className="small muted">{s.consentsTitle}</h3>
      {stats.consents.length === 0 ? (
        <p className="muted">{s.noConsents}</p>
      ) : (
        <div className="table-scroll">
          <table className="figures-table small" data-testid="pool-consents">
            <thead>
              <tr>
                <th scope="col">{s.shop}</th>
                <th scope="col">{s.profile}</th>
                <th scope="col">{s.orderHistory}</th>
                <th scope="col">{s.marketing}</th>
              </tr>
            </thead>
            <tbody>
              {stats.consents.map((c) => (
                <tr key={c.merchant.id} data-testid="pool-consent-row" data-merchant-id={c.merchant.id} data-profile={c.profile}>
                  <th scope="row">{c.merchant.name}</th>
                  <td>{c.profile}</td>
                  <td>{c.orderHistory}</td>
                  <td>{c.marketing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
