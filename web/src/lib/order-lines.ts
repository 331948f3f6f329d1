/** How an order line is named everywhere in the portal: the product, then its spec (规格) if any. */
export const lineName = (l: { productName: string; specName?: string | null }) => `${l.productName}${l.specName ? ` ${l.specName}` : ''}`;

/** An order's lines on one row: 锦绣黄桃 斤 ×2，原味可颂 ×1 */
export const linesSummary = (lines: readonly { productName: string; specName?: string | null; quantity: number }[]) =>
  lines.map((l) => `${lineName(l)} ×${l.quantity}`).join('，');
