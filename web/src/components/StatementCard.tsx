import type { Dictionary } from '@/i18n/dictionary';
import { sortLines } from '@/lib/commission-view';
import type { StatementView } from '@/lib/commissions-api';
import { formatFen } from '@/lib/money';

/** The statement's CSV or PDF (the party named explicitly: the subgraph checks who may read it). */
export const statementDownloadHref = (s: Pick<StatementView, 'periodId' | 'partyKind' | 'partyId'>, format: 'csv' | 'pdf') =>
  `/statements/${encodeURIComponent(s.periodId)}/${format}?${new URLSearchParams({ kind: s.partyKind, id: s.partyId })}`;

/**
 * One party's statement of a settled week: opening, this period's confirmed movement, closing, and
 * what is still pending (carried forward); the lines by account. Positive: the alliance owes the party.
 */
export function StatementCard({ t, statement: s }: { t: Dictionary; statement: StatementView }) {
  const m = t.commissions.merchant;
  const sign = (fen: number) => (fen < 0 ? 'amount negative' : 'amount');
  return (
    <article className="statement" data-testid="statement" data-period-id={s.periodId} data-party={`${s.partyKind}:${s.partyId}`} data-closing-fen={s.closing.amountFen}>
      <h3>
        {m.period} {s.periodId}
      </h3>
      <dl className="statement-totals">
        <div>
          <dt>{m.opening}</dt>
          <dd className={sign(s.opening.amountFen)}>{formatFen(s.opening.amountFen)}</dd>
        </div>
        <div>
          <dt>{m.movement}</dt>
          <dd className={sign(s.movement.amountFen)} data-testid="statement-movement">{formatFen(s.movement.amountFen)}</dd>
        </div>
        <div>
          <dt>{m.closing}</dt>
          <dd className={sign(s.closing.amountFen)} data-testid="statement-closing">{formatFen(s.closing.amountFen)}</dd>
        </div>
        {/* A shop holding shoppers' money (pay-at-pickup, or past the profit-sharing cap) owes the rest: a receivable. */}
        <div>
          <dt>{s.receivable.amountFen > 0 ? m.receivable : m.payable}</dt>
          <dd className={s.receivable.amountFen > 0 ? 'amount negative' : 'amount'} data-testid={s.receivable.amountFen > 0 ? 'statement-receivable' : 'statement-payable'}>
            {formatFen(s.receivable.amountFen > 0 ? s.receivable.amountFen : s.payable.amountFen)}
          </dd>
        </div>
        <div>
          <dt>{m.pendingCarried}</dt>
          <dd className={sign(s.pending.amountFen)}>{formatFen(s.pending.amountFen)}</dd>
        </div>
      </dl>
      <p className="small statement-downloads">
        <a href={statementDownloadHref(s, 'csv')} download data-testid="statement-csv">
          {m.downloadCsv}
        </a>{' '}
        ·{' '}
        <a href={statementDownloadHref(s, 'pdf')} download data-testid="statement-pdf">
          {m.downloadPdf}
        </a>
      </p>
      <table className="promo-funding small statement-lines">
        <thead>
          <tr>
            <th>{m.account}</th>
            <th>{m.confirmedCol}</th>
            <th>{m.pendingCol}</th>
          </tr>
        </thead>
        <tbody>
          {sortLines(s.lines).map((l) => (
            <tr key={l.account} data-testid="statement-line" data-account={l.account} data-confirmed-fen={l.confirmed.amountFen}>
              <td>{t.commissions.accounts[l.account] ?? l.account}</td>
              <td className={sign(l.confirmed.amountFen)}>{formatFen(l.confirmed.amountFen)}</td>
              <td className={sign(l.pending.amountFen)}>{formatFen(l.pending.amountFen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
