import type { Logger } from '@alliance/runtime';
import { CatalogProjection, type CatalogMerchant, type CatalogProduct } from './catalog.projection.js';
import type { CatalogChange, CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductDoc } from './product.model.js';
import { specsOf, summarizeSpecs } from './spec.rules.js';
import type { ProductRepository } from './product.repository.js';
import type { PriceHistorySource } from './price-history.repository.js';
import type { MerchantDoc } from '../merchant/merchant.model.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { isAnnounced } from '../merchant/onboarding.rules.js';

/** Beyond this many unseen changes a full reload is cheaper than reading each change by `_id`. */
const MAX_CATCH_UP = 500;

export const toCatalogProduct = (d: ProductDoc): CatalogProduct => {
  const specs = specsOf(d);
  return {
    id: d.id,
    merchantId: d.merchantId,
    name: d.name,
    description: d.description,
    unit: d.unit,
    ...summarizeSpecs(specs),
    specs,
    category: d.category,
    listKey: d.listKey,
    listed: d.listed ?? true,
    images: d.images ?? [],
    ...(d.code ? { code: d.code } : {}),
  };
};

export const toCatalogMerchant = (d: MerchantDoc): CatalogMerchant => ({
  id: d.id,
  name: d.name,
  kind: d.kind,
  neighborhood: d.neighborhood,
  address: d.address,
  badge: d.badge,
  description: d.description,
  status: d.status ?? 'ACTIVE',
  suspendedReason: d.suspendedReason ?? null,
  neighborhoodsServed: d.neighborhoodsServed?.length ? d.neighborhoodsServed : [d.neighborhood],
  delivery: d.delivery ?? null,
  licences: d.licences ?? null,
});

export interface ProjectionStats {
  alliances: number;
  products: number;
  fullLoads: number;
  catchUps: number;
  eventsApplied: number;
  /** Alliances whose projection is being rebuilt in the background right now. */
  rebuilding: number;
}

/**
 * Every alliance's catalogue projection in this process. A request asks `current(allianceId)`: one
 * `_id` read of the alliance's catalogue head, and when another replica changed something that this
 * one has not heard of yet (its event still in flight), the missing changes are read by `_id` and the
 * changed documents re-read by `_id`. Only a cold start or a bulk import loads a whole alliance.
 */
export class CatalogProjections {
  private readonly byAlliance = new Map<string, CatalogProjection>();
  /** One refresh per alliance at a time; concurrent requests wait for the same one. */
  private readonly refreshing = new Map<string, Promise<CatalogProjection>>();
  private readonly rebuilding = new Set<string>();
  readonly stats: ProjectionStats = { alliances: 0, products: 0, fullLoads: 0, catchUps: 0, eventsApplied: 0, rebuilding: 0 };

  constructor(
    private readonly products: Pick<ProductRepository, 'getMany' | 'listAll'>,
    private readonly merchants: Pick<MerchantRepository, 'get' | 'listAll'>,
    private readonly log: CatalogChangeLog,
    private readonly logger: Logger,
    /** Recent price histories, for reference prices (明码标价): read with the products they belong to. */
    private readonly priceHistories: PriceHistorySource,
  ) {}

  async current(allianceId: string): Promise<CatalogProjection> {
    const head = await this.log.head(allianceId);
    const known = this.byAlliance.get(allianceId);
    if (known && known.version >= head) return known;
    // An alliance without a catalogue (anyone may name one) is not cached: no memory per name.
    if (!known && head === 0) return new CatalogProjection(allianceId, 0);
    // A rebuild of this alliance is under way: serve what it had until the new one lands.
    if (known && this.rebuilding.has(allianceId)) return known;
    return this.refresh(allianceId, head);
  }

  private refresh(allianceId: string, head: number): Promise<CatalogProjection> {
    const running = this.refreshing.get(allianceId);
    if (running) return running.then((p) => (p.version >= head ? p : this.refresh(allianceId, head)));
    const job = this.bringUpTo(allianceId, head).finally(() => this.refreshing.delete(allianceId));
    this.refreshing.set(allianceId, job);
    return job;
  }

  private async bringUpTo(allianceId: string, head: number): Promise<CatalogProjection> {
    const known = this.byAlliance.get(allianceId);
    if (known && head - known.version <= MAX_CATCH_UP) {
      const changes = await this.log.changesAfter(allianceId, known.version, head);
      if (!changes.some((c) => c.kind === 'reload')) {
        await this.applyChanges(known, changes);
        known.version = Math.max(known.version, head);
        this.stats.catchUps += 1;
        return known;
      }
    }
    if (!known) return this.loadAll(allianceId, head);
    // A bulk import (or a long gap): rebuilding reads the whole collection on FerretDB, seconds at tens
    // of thousands of rows, so requests keep the projection they have meanwhile.
    this.rebuildInBackground(allianceId, head);
    return known;
  }

  private rebuildInBackground(allianceId: string, head: number): void {
    if (this.rebuilding.has(allianceId)) return;
    this.rebuilding.add(allianceId);
    this.countProducts();
    this.loadAll(allianceId, head)
      .catch((err: Error) => this.logger.error({ allianceId, err: err.message }, 'catalogue projection rebuild failed; the next change retries'))
      .finally(() => {
        this.rebuilding.delete(allianceId);
        this.countProducts();
      });
  }

  /** Resolves once no rebuild of this alliance is running (tests and the benchmark). */
  async settled(allianceId: string): Promise<void> {
    while (this.rebuilding.has(allianceId) || this.refreshing.has(allianceId)) await new Promise((r) => setTimeout(r, 10));
  }

  private async applyChanges(p: CatalogProjection, changes: readonly CatalogChange[]): Promise<void> {
    const productIds = [...new Set(changes.filter((c) => c.kind === 'product').flatMap((c) => c.ids))];
    const merchantIds = [...new Set(changes.filter((c) => c.kind === 'merchant').flatMap((c) => c.ids))];
    const [products, merchants] = await Promise.all([
      this.products.getMany(p.allianceId, productIds),
      Promise.all(merchantIds.map((id) => this.merchants.get(p.allianceId, id))),
    ]);
    const rows = products.map((doc) => (doc ? toCatalogProduct(doc) : null));
    // A price change is logged after its history is written, so the history read here includes it.
    const histories = await this.priceHistories.ofSpecs(p.allianceId, rows.flatMap((r) => (r ? r.specs.map((s) => ({ productId: r.id, specId: s.id })) : [])));
    rows.forEach((row, i) => (row ? p.putProduct(row) : p.removeProduct(productIds[i]!)));
    for (const h of histories) p.putPriceHistory(h.specId, h.entries);
    for (const doc of merchants) if (doc && isAnnounced(doc)) p.putMerchant(toCatalogMerchant(doc));
    this.countProducts();
  }

  /** A whole alliance from the database: cold start and bulk imports only (it scans on FerretDB). */
  private async loadAll(allianceId: string, head: number): Promise<CatalogProjection> {
    const started = performance.now();
    // Read the head before the rows: a change landing meanwhile leaves the projection behind its
    // data, never ahead of it, so the next request still catches up.
    const [merchants, products, histories] = await Promise.all([this.merchants.listAll(allianceId), this.products.listAll(allianceId), this.priceHistories.listAll(allianceId)]);
    const p = CatalogProjection.build(allianceId, head, merchants.filter(isAnnounced).map(toCatalogMerchant), products.map(toCatalogProduct), histories);
    this.stats.fullLoads += 1;
    this.logger.info({ allianceId, products: p.productCount, version: head, ms: Math.round(performance.now() - started) }, 'catalogue projection loaded');
    return this.install(p);
  }

  private install(p: CatalogProjection): CatalogProjection {
    this.byAlliance.set(p.allianceId, p);
    this.countProducts();
    return p;
  }

  private countProducts(): void {
    this.stats.alliances = this.byAlliance.size;
    this.stats.rebuilding = this.rebuilding.size;
    let products = 0;
    for (const p of this.byAlliance.values()) products += p.productCount;
    this.stats.products = products;
  }

  /**
   * A catalogue change event (from any replica, this one included) says "the catalogue is at
   * `version` now". The projection catches up from the change log, re-reading the changed documents
   * by `_id`: never from the event's payload, so concurrent writers cannot leave a replica with the
   * price that was written first but logged last, and a forged event can only cause a re-read.
   * The version it names is a hint too: the log's own head decides how far to go. An event from
   * another deployment on the same bus (test suites share one NATS, each with its own database) once
   * named version 10^9, the projection believed it and then ignored every real change below it.
   */
  async advanceTo(allianceId: string, version: number): Promise<void> {
    const known = this.byAlliance.get(allianceId);
    if (!known || known.version >= version) return;
    this.stats.eventsApplied += 1;
    const head = await this.log.head(allianceId);
    if (head > known.version) await this.refresh(allianceId, Math.min(head, version));
  }

  /** Stock moves with every sale; it never changes the version, and listings may show it a moment late. */
  applyStock(allianceId: string, productId: string, stock: number, specId?: string, stockVersion?: number): void {
    this.byAlliance.get(allianceId)?.setStock(productId, stock, specId, stockVersion);
  }


  /**
   * Warms every alliance that has a catalogue before the service takes requests: one scan of each
   * collection for all of them (on FerretDB a query per alliance would read every row each time).
   */
  async preload(): Promise<void> {
    const alliances = await this.log.alliances();
    if (!alliances.length) return;
    const started = performance.now();
    const heads = await Promise.all(alliances.map((id) => this.log.head(id)));
    const [merchants, products, histories] = await Promise.all([this.merchants.listAll(), this.products.listAll(), this.priceHistories.listAll()]);
    const group = <T extends { allianceId: string }>(rows: T[]) => {
      const by = new Map<string, T[]>();
      for (const r of rows) {
        const list = by.get(r.allianceId);
        if (list) list.push(r);
        else by.set(r.allianceId, [r]);
      }
      return by;
    };
    const shopsOf = group(merchants);
    const productsOf = group(products);
    const historiesOf = group(histories);
    alliances.forEach((id, i) => {
      this.install(
        CatalogProjection.build(id, heads[i]!, (shopsOf.get(id) ?? []).filter(isAnnounced).map(toCatalogMerchant), (productsOf.get(id) ?? []).map(toCatalogProduct), historiesOf.get(id) ?? []),
      );
    });
    this.stats.fullLoads += 1;
    this.logger.info({ alliances: alliances.length, products: products.length, ms: Math.round(performance.now() - started) }, 'catalogue projections loaded');
  }
}
