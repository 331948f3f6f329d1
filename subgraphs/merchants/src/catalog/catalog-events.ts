import type { AnyEventEnvelope, EventBus, ProductSnapshotV1, Subscription } from '@alliance/events';
import type { CatalogProduct } from './catalog.projection.js';
import type { CatalogProjections } from './catalog-projections.js';

const fromSnapshot = ({ productId, ...rest }: ProductSnapshotV1): CatalogProduct => ({ id: productId, ...rest });

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

/** Applies one catalogue event to this replica's projections. */
export function applyCatalogEvent(projections: CatalogProjections, event: AnyEventEnvelope): void {
  switch (event.type) {
    case 'catalog.product-created':
    case 'catalog.product-updated':
      projections.applyInOrder(event.allianceId, event.data.catalogVersion, (p) => p.putProduct(fromSnapshot(event.data.product)));
      return;
    case 'catalog.price-changed': {
      const { productId, priceFen } = event.data;
      projections.applyInOrder(event.allianceId, event.data.catalogVersion, (p) => {
        const current = p.product(productId);
        if (current) p.putProduct({ ...current, priceFen });
      });
      return;
    }
    case 'catalog.stock-changed':
      projections.applyStock(event.allianceId, event.data.productId, event.data.stock);
      return;
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
