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

/**
 * Announces a change to a product other than its listed price (a member price, for one): the snapshot
 * after the change, though replicas re-read the product by `_id` from the change log anyway.
 */
export async function publishProductUpdated(events: EventBus, allianceId: string, version: number, product: CatalogProduct): Promise<void> {
  const { id: productId, merchantId, name, description, unit, priceFen, stock, category, listKey } = product;
  await events.publish({
    id: changeId(allianceId, version),
    type: 'catalog.product-updated',
    allianceId,
    data: { allianceId, productId, merchantId, catalogVersion: version, product: { productId, merchantId, name, description, unit, priceFen, stock, category, listKey } },
  });
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
