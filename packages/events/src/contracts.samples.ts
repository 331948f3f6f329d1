import type { EventEnvelope, EventType, EventVersion } from './envelope.js';

/**
 * One valid example per contract: the contract test validates each against its JSON Schema, and the
 * TS types check it against the contract, so the two cannot drift apart silently.
 */
type Samples = { [T in EventType]: { [V in EventVersion<T>]: EventEnvelope<T, V> } };

const product = {
  productId: 'p-peach',
  merchantId: 'm-fruit',
  name: '锦绣黄桃',
  description: '当季黄桃，约 250 g 一个',
  unit: '斤',
  priceFen: 1280,
  stock: 40,
  category: 'fruit',
  listKey: '0001:p-peach',
};
const fact = { allianceId: 'demo', productId: 'p-peach', merchantId: 'm-fruit' };
const at = '2025-06-01T08:00:00.000Z';

export const SAMPLES: Samples = {
  'catalog.product-created': {
    1: { id: 'demo:catalog:0000000001', type: 'catalog.product-created', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 1, product } },
  },
  'catalog.product-updated': {
    1: { id: 'demo:catalog:0000000002', type: 'catalog.product-updated', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 2, product: { ...product, name: '锦绣黄桃（大果）' } } },
  },
  'catalog.price-changed': {
    1: { id: 'demo:catalog:0000000003', type: 'catalog.price-changed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 3, priceFen: 1180, previousPriceFen: 1280 } },
  },
  'catalog.stock-changed': {
    1: { id: 'demo:stock:p-peach:0000000017', type: 'catalog.stock-changed', version: 1, allianceId: 'demo', occurredAt: at, data: { ...fact, catalogVersion: 3, stock: 39, specId: 'p-peach-2', specStock: 9, specStockVersion: 4 } },
  },
};

/** Envelopes that must fail validation (a contract test that cannot fail proves nothing). */
export const INVALID_SAMPLES: Array<{ why: string; envelope: unknown }> = [
  { why: 'price in yuan (a float)', envelope: { ...SAMPLES['catalog.price-changed'][1], data: { ...SAMPLES['catalog.price-changed'][1].data, priceFen: 11.8 } } },
  { why: 'negative stock', envelope: { ...SAMPLES['catalog.stock-changed'][1], data: { ...SAMPLES['catalog.stock-changed'][1].data, stock: -1 } } },
  { why: 'missing productId', envelope: { ...SAMPLES['catalog.product-created'][1], data: { ...SAMPLES['catalog.product-created'][1].data, productId: undefined } } },
  { why: 'wrong version', envelope: { ...SAMPLES['catalog.product-updated'][1], version: 2 } },
  { why: 'an unknown field', envelope: { ...SAMPLES['catalog.stock-changed'][1], data: { ...SAMPLES['catalog.stock-changed'][1].data, reserved: 2 } } },
];
