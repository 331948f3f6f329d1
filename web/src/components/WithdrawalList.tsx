import type { ReactNode } from 'react';
import type { Dictionary, Lang } from '@/i18n/dictionary';
import { formatDateTime } from '@/lib/datetime';
import { formatFen } from '@/lib/money';
import type { WithdrawalView } from '@/lib/withdrawals-api';

/** Withdrawals with gross, tax and net, newest first; shared by the member's page and the admin's. */
export function WithdrawalList({ t, lang, items, children }: { t: Dictionary; lang: Lang; items: readonly WithdrawalView[]; children?: (w: WithdrawalView) => ReactNode }) {
  const w = t.withdrawals;
  return (
    <ul className="earning-list" data-testid="withdrawal-list">
      {items.map((x) => (
        <li key={x.id} className="earning" data-testid="withdrawal" data-id={x.id} data-status={x.status} data-gross-fen={x.gross.amountFen}>
          <div className="earning-main">
            <span className={x.status === 'APPROVED' ? 'tag status-tag status-completed' : x.status === 'REJECTED' ? 'tag status-tag status-cancelled' : 'tag tag-muted'}>{w.status[x.status] ?? x.status}</span>
            <span className="price earning-amount">{formatFen(x.gross.amountFen)}</span>
          </div>
          <p className="small muted">
            {w.tax} {formatFen(x.taxWithheld.amountFen)} · {w.net} {formatFen(x.net.amountFen)} · {formatDateTime(x.requestedAt, lang)}
            {x.note && ` · ${x.note}`}
          </p>
          <p className="small muted">
            <code>{x.id}</code>
          </p>
          {children?.(x)}
        </li>
      ))}
    </ul>
  );
}
