import type { Dictionary } from '@/i18n/dictionary';
import type { ShopFlowView } from '@/lib/alliance-figures-api';
import { formatFen } from '@/lib/money';
import { flowMatrix, type FlowCell } from '@/lib/shop-flow-matrix';

/**
 * Alliance admin, /admin/settlement: who sent whom in a week — a row per referring shop, a column per
 * selling shop, each cell the orders and GMV of that pair, with totals. null flows: the call failed.
 */
export function ShopFlowMatrix({ t, periodId, flows }: { t: Dictionary; periodId: string; flows: ShopFlowView[] | null }) {
  const a = t.commissions.admin;
  const m = flows ? flowMatrix(flows) : null;
  const show = (c: FlowCell | null) => (c ? <>{a.flowCell(c.orders)}<br />{formatFen(c.gmvFen)}</> : <span className="muted">—</span>);
  return (
    <section className="panel" data-testid="shop-flows" data-period-id={periodId}>
      <h2>{a.flows(periodId)}</h2>
      <p className="small muted">{a.flowsHint}</p>
      {!m ? (
        <p className="muted" data-testid="shop-flows-error">{t.errors.title}</p>
      ) : m.rows.length === 0 ? (
        <p className="muted" data-testid="shop-flows-empty">
          {a.noFlows}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="flow-matrix small" data-testid="shop-flow-matrix">
            <caption className="visually-hidden">{a.flowsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{a.flowCorner}</th>
                {m.columns.map((c) => (
                  <th key={c.id} scope="col" data-to={c.id}>
                    {c.name}
                  </th>
                ))}
                <th scope="col">{a.flowSent}</th>
              </tr>
            </thead>
            <tbody>
              {m.rows.map((r) => (
                <tr key={r.shop.id} data-from={r.shop.id}>
                  <th scope="row">{r.shop.name}</th>
                  {r.cells.map((c, i) => (
                    <td key={m.columns[i]!.id} data-testid={c ? 'shop-flow' : undefined} data-from={r.shop.id} data-to={m.columns[i]!.id} data-orders={c?.orders} data-gmv-fen={c?.gmvFen}>
                      {show(c)}
                    </td>
                  ))}
                  <td>{show(r.total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{a.flowReceived}</th>
                {m.columnTotals.map((c, i) => (
                  <td key={m.columns[i]!.id}>{show(c)}</td>
                ))}
                <td data-testid="shop-flows-total">{show(m.total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
