import { StatementCard } from '@/components/StatementCard';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { earningLevel } from '@/lib/commission-view';
import type { MyNetworkData } from '@/lib/commission-reports-api';
import type { StatementView } from '@/lib/commissions-api';
import { formatDateTime } from '@/lib/datetime';
import { formatFen } from '@/lib/money';

type Entry = { orderId: string; account: string; stage: string; amount: { amountFen: number }; at: unknown };

/**
 * 我的 → 推广, below the link and the earnings: her earnings per kind, the shoppers her links bound
 * (code names only), a group leader's pickup-point commission, and her statements with their downloads.
 */
export function ShareNetwork({ t, lang, network, entries, leader, statements }: { t: Dictionary; lang: Lang; network: MyNetworkData; entries: readonly Entry[]; leader: boolean; statements: StatementView[] }) {
  const s = t.commissions.share;
  const bindings = network.myBindings;
  const byKind = network.myEarnings.byKind;
  const leaderKind = byKind.find((k) => k.account === 'LEADER_COMMISSION');
  const leaderEntries = entries.filter((e) => e.account === 'LEADER_COMMISSION');
  return (
    <>
      {byKind.length > 0 && (
        <section className="panel" data-testid="earnings-by-kind">
          <h2>{s.byKind}</h2>
          <table className="promo-funding small">
            <thead>
              <tr>
                <th>{s.level}</th>
                <th>{s.stages.PENDING}</th>
                <th>{s.stages.CONFIRMED}</th>
              </tr>
            </thead>
            <tbody>
              {byKind.map((k) => {
                const level = earningLevel(k.account);
                return (
                  <tr key={k.account} data-testid="earning-kind" data-account={k.account} data-pending-fen={k.pending.amountFen} data-confirmed-fen={k.confirmed.amountFen}>
                    <td>{level ? (s.levels[level] ?? level) : k.account}</td>
                    <td>{formatFen(k.pending.amountFen)}</td>
                    <td>{formatFen(k.confirmed.amountFen)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}

      {leader && (
        <section className="panel" data-testid="leader-earnings" data-pending-fen={leaderKind?.pending.amountFen ?? 0} data-confirmed-fen={leaderKind?.confirmed.amountFen ?? 0}>
          <h2>{s.leaderEarnings}</h2>
          <p className="small muted">{s.leaderHint}</p>
          <p>
            {s.pending} <strong className="price">{formatFen(leaderKind?.pending.amountFen ?? 0)}</strong> · {s.confirmed} <strong className="price">{formatFen(leaderKind?.confirmed.amountFen ?? 0)}</strong>
          </p>
          {leaderEntries.length === 0 ? (
            <p className="muted">{s.noLeader}</p>
          ) : (
            <ul className="earning-list">
              {leaderEntries.map((e, i) => (
                <li key={`${e.orderId}-${e.stage}-${i}`} className="earning" data-testid="leader-entry" data-order-id={e.orderId} data-stage={e.stage}>
                  <span className={e.stage === 'CONFIRMED' ? 'tag status-tag status-completed' : 'tag tag-muted'}>{s.stages[e.stage] ?? e.stage}</span> <span className="price">{formatFen(e.amount.amountFen)}</span>{' '}
                  <span className="small muted">
                    {s.order} <code>{e.orderId}</code> · {formatDateTime(e.at, lang)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section className="panel" data-testid="bound-shoppers" data-total={bindings.total} data-active={bindings.active}>
        <h2>{s.bound}</h2>
        <p className="small muted">{s.boundHint}</p>
        {bindings.total === 0 ? (
          <p className="muted" data-testid="bound-empty">
            {s.noBound}
          </p>
        ) : (
          <>
            <p className="small">{s.boundCount(bindings.total, bindings.active)}</p>
            <ul className="earning-list">
              {bindings.shoppers.map((b, i) => (
                <li key={`${b.label}-${i}`} className="earning" data-testid="bound-shopper" data-label={b.label} data-active={String(b.active)}>
                  <span className="tag">
                    {s.shopper} {b.label}
                  </span>{' '}
                  <span className="small muted">
                    {s.boundAt} {formatDateTime(b.boundAt, lang)} · {b.active ? `${s.boundUntil} ${formatDateTime(b.until, lang)}` : s.lapsed}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className="panel" data-testid="my-statements">
        <h2>{s.statements}</h2>
        <p className="small muted">{t.commissions.merchant.payableHint}</p>
        {statements.length === 0 ? <p className="muted">{s.noStatements}</p> : statements.map((st) => <StatementCard key={st.periodId} t={t} statement={st} />)}
      </section>
    </>
  );
}
