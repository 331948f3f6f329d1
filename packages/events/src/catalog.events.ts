/**
 * Catalogue facts the merchants subgraph publishes. Consumers: every merchants replica's storefront
 * projection (ephemeral subscription), later promotions and search. JSON Schemas:
 * schemas/events/catalog.*.v1.json. `catalogVersion` is the alliance's catalogue head after the
 * change, so a replica that sees a gap knows to catch up from the change log.
 */
export interface ProductSnapshotV1 {
  productId: string;
  merchantId: string;
  name: string;
  description: string;
  unit: string;
  priceFen: number;
  stock: number;
  category: string;
  /** Storefront order key (rank then id). */
  listKey: string;
}

interface CatalogFact {
  allianceId: string;
  productId: string;
  merchantId: string;
  catalogVersion: number;
}

export interface ProductCreatedV1 extends CatalogFact {
  product: ProductSnapshotV1;
}

export interface ProductUpdatedV1 extends CatalogFact {
  product: ProductSnapshotV1;
}

export interface PriceChangedV1 extends CatalogFact {
  /** Integer fen. */
  priceFen: number;
  previousPriceFen: number;
}

export interface StockChangedV1 extends CatalogFact {
  /** The product's stock over all its specs, as the writer saw it. */
  stock: number;
  /** The spec (规格) whose stock moved, and its stock after the change (absent before specs). */
  specId?: string;
  specStock?: number;
  /** The spec's stock stream version at `specStock`: events can arrive out of order, the highest wins. */
  specStockVersion?: number;
}
