import type { AnyEventEnvelope, EventBus, Subscription } from '@alliance/events';
import type { CatalogProduct } from './catalog.projection.js';
import type { CatalogProjections } from './catalog-projections.js';

/** The event id of a catalogue change is its place in the alliance's change log: one fact, one id. */
const changeId = (allianceId: string, version: number) => `${allianceId}:catalog:${version}`;

/** Announces a price change (stored in the outbox first, then published; the relay retries). */
export async function publishPriceChanged(events: EventBus, allianceId: string, version: number, product: CatalogProduct, previousPriceFen: number): Promise<void> {
  await events.publish({
    id: changeId(allianceId, version),
    type: 'catalog.price-changed',
    allianceId,
    data: { allianceId, productId: product.id, merchantId: product.merchantId, catalogVersion: version, priceFen: product.priceFen, previousPriceFen },
  });
}

/** The product as catalogue events carry it (replicas re-read it by `_id` from the change log anyway). */
function productFact(allianceId: string, version: number, product: CatalogProduct) {
  const { id: productId, merchantId, name, description, unit, priceFen, stock, category, listKey } = product;
  return { allianceId, productId, merchantId, catalogVersion: version, product: { productId, merchantId, name, description, unit, priceFen, stock, category, listKey } };
}

/**
 * Announces a change to a product other than its listed price (a member price, for one): the snapshot
 * after the change, though replicas re-read the product by `_id` from the change log anyway.
 */
export async function publishProductUpdated(events: EventBus, allianceId: string, version: number, product: CatalogProduct): Promise<void> {
  await events.publish({ id: changeId(allianceId, version), type: 'catalog.product-updated', allianceId, data: productFact(allianceId, version, product) });
}

/**
 * Announces a new product (or, for an import, the batch logged at `version`: one event per change-log
 * entry, carrying one of its products; replicas catch up on all of them from the log).
 */
export async function publishProductCreated(events: EventBus, allianceId: string, version: number, product: CatalogProduct): Promise<void> {
  await events.publish({ id: changeId(allianceId, version), type: 'catalog.product-created', allianceId, data: productFact(allianceId, version, product) });
}

/** Applies one catalogue event to this replica's projections. */
export async function applyCatalogEvent(projections: CatalogProjections, event: AnyEventEnvelope): Promise<void> {
  if (event.type === 'catalog.stock-changed') {
    const { productId, specId, specStock, specStockVersion, stock } = event.data;
    if (specId !== undefined && specStock !== undefined) projections.applyStock(event.allianceId, productId, specStock, specId, specStockVersion);
    else projections.applyStock(event.allianceId, productId, stock);
    return;
  }
  if (event.type === 'catalog.product-created' || event.type === 'catalog.product-updated' || event.type === 'catalog.price-changed') {
    await projections.advanceTo(event.allianceId, event.data.catalogVersion);
  }
}

/**
 * Every replica reads catalogue events through its own ephemeral consumer (a shared durable one
 * would reach only one replica), so a change made through any replica reaches all projections.
 */
export function subscribeCatalogEvents(events: EventBus, projections: CatalogProjections): Promise<Subscription> {
  return events.subscribeEphemeral(['catalog.product-created', 'catalog.product-updated', 'catalog.price-changed', 'catalog.stock-changed'], (event) =>
    applyCatalogEvent(projections, event),
  );
}
