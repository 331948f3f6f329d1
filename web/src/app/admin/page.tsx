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

  let figures: PeriodFiguresView[];
  try {
    figures = await getPeriodFigures(PERIODS);
  } catch (err) {
    return <ErrorState t={t} code={errorCode(err)} retryHref={SELF} />;
  }
  if (figures.length === 0) {
    return (
      <StatePanel testId="period-figures-empty" icon="∅" title={f.empty} actions={[{ href: '/admin/settlement', label: f.toSettlement }]}>
        {f.emptyHint}
      </StatePanel>
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
    </div>
  );
}
