import type { EventBus } from '@alliance/events';
import type { CatalogProjections } from './catalog-projections.js';
import { toCatalogProduct } from './catalog-projections.js';
import type { CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductRepository } from './product.repository.js';
import type { StockRepository } from './stock.repository.js';
import { summarizeSpecs, type Spec } from './spec.rules.js';

export interface Movement {
  applied: boolean;
  specId: string;
  /** The spec's level after the movement, or as it stood when it was refused. */
  level: number;
}

/**
 * Every change of a spec's stock, whoever makes it (a shop's adjustment, a checkout's reservation,
 * a cancellation's release): the stock stream decides (never below zero), then the product document,
 * this replica's projection and the others (by the stock-changed event) follow it.
 */
export class StockMovements {
  constructor(
    private readonly products: ProductRepository,
    private readonly stock: StockRepository,
    private readonly changes: CatalogChangeLog,
    private readonly projections: CatalogProjections,
    private readonly events: EventBus,
  ) {}

  async move(allianceId: string, productId: string, merchantId: string, spec: Spec, delta: number, reason: string, ref?: string): Promise<Movement> {
    const r = await this.stock.adjust(allianceId, productId, spec.id, spec.stock, delta, reason, ref);
    if (!r.applied) return { applied: false, specId: spec.id, level: r.level };
    const specs = await this.follow(allianceId, productId, spec.id, r.level);
    this.projections.applyStock(allianceId, productId, r.level, spec.id, r.version);
    await this.events.publish({
      id: `${allianceId}:stock:${productId}:${spec.id}:${r.version}`,
      type: 'catalog.stock-changed',
      allianceId,
      data: {
        allianceId,
        productId,
        merchantId,
        catalogVersion: Math.max(1, await this.changes.head(allianceId)),
        stock: summarizeSpecs(specs.length ? specs : [{ ...spec, stock: r.level }]).stock,
        specId: spec.id,
        specStock: r.level,
        specStockVersion: r.version,
      },
    });
    return { applied: true, specId: spec.id, level: r.level };
  }

  /**
   * Brings the product document and this replica's projection to the stream's level: after a crash
   * between a movement and its follow-up, the stream is right and the document may trail it.
   */
  async settle(allianceId: string, productId: string, spec: Spec): Promise<void> {
    const level = await this.stock.level(allianceId, productId, spec.id, spec.stock);
    await this.follow(allianceId, productId, spec.id, level);
    this.projections.applyStock(allianceId, productId, level, spec.id);
  }

  /** Whether the movement `ref` happened (crash recovery only: a scan). */
  hasMovement(allianceId: string, productId: string, specId: string, ref: string): Promise<boolean> {
    return this.stock.hasMovement(allianceId, productId, specId, ref);
  }

  /**
   * Copies the level into the product document, then checks the stream again: a concurrent writer
   * that appended after us but wrote the document before us would otherwise leave our older level.
   * Returns the product's specs as last written (for the event's product-level stock).
   */
  private async follow(allianceId: string, productId: string, specId: string, level: number): Promise<Spec[]> {
    let specs: Spec[] = [];
    for (let attempt = 0, written = level; attempt < 5; attempt += 1) {
      const doc = await this.products.get(allianceId, productId);
      if (!doc) return specs;
      specs = toCatalogProduct(doc).specs;
      const index = specs.findIndex((s) => s.id === specId);
      if (index < 0) return specs;
      await this.products.setSpecStock(allianceId, doc, specs, index, written);
      specs = specs.map((s, i) => (i === index ? { ...s, stock: written } : s));
      const latest = await this.stock.level(allianceId, productId, specId, written);
      if (latest === written) return specs;
      written = latest;
    }
    return specs;
  }
}
