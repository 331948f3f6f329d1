/**
 * The week's flow of customers as a matrix: a row per referring shop, a column per selling shop, each
 * cell the orders and GMV of that pair (empty where none), with totals per row and per column. Shops
 * are ordered by the GMV they sent (rows) or received (columns), then by name.
 */
export interface FlowShop {
  id: string;
  name: string;
}

export interface FlowPair {
  fromId: string;
  toId: string;
  from: { name: string } | null;
  to: { name: string } | null;
  orders: number;
  gmv: { amountFen: number };
}

export interface FlowCell {
  orders: number;
  gmvFen: number;
}

export interface FlowMatrix {
  /** Selling shops. */
  columns: FlowShop[];
  rows: { shop: FlowShop; cells: (FlowCell | null)[]; total: FlowCell }[];
  columnTotals: FlowCell[];
  total: FlowCell;
}

const add = (a: FlowCell, b: FlowCell): FlowCell => ({ orders: a.orders + b.orders, gmvFen: a.gmvFen + b.gmvFen });
const ZERO: FlowCell = { orders: 0, gmvFen: 0 };

export function flowMatrix(pairs: readonly FlowPair[]): FlowMatrix {
  const names = new Map<string, string>();
  const sent = new Map<string, number>();
  const received = new Map<string, number>();
  const cells = new Map<string, FlowCell>();
  for (const p of pairs) {
    names.set(p.fromId, p.from?.name || p.fromId);
    names.set(p.toId, p.to?.name || p.toId);
    sent.set(p.fromId, (sent.get(p.fromId) ?? 0) + p.gmv.amountFen);
    received.set(p.toId, (received.get(p.toId) ?? 0) + p.gmv.amountFen);
    const key = `${p.fromId}>${p.toId}`;
    cells.set(key, add(cells.get(key) ?? ZERO, { orders: p.orders, gmvFen: p.gmv.amountFen }));
  }
  const order = (by: Map<string, number>) => [...by.keys()].sort((a, b) => by.get(b)! - by.get(a)! || names.get(a)!.localeCompare(names.get(b)!)).map((id) => ({ id, name: names.get(id)! }));
  const columns = order(received);
  const rows = order(sent).map((shop) => {
    const row = columns.map((c) => cells.get(`${shop.id}>${c.id}`) ?? null);
    return { shop, cells: row, total: row.reduce<FlowCell>((t, c) => (c ? add(t, c) : t), ZERO) };
  });
  const columnTotals = columns.map((_, i) => rows.reduce<FlowCell>((t, r) => (r.cells[i] ? add(t, r.cells[i]!) : t), ZERO));
  return { columns, rows, columnTotals, total: rows.reduce<FlowCell>((t, r) => add(t, r.total), ZERO) };
}
