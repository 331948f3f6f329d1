import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@alliance/runtime';
import { CatalogProjections } from './catalog-projections.js';
import type { CatalogChange, CatalogChangeKind, CatalogChangeLog } from './catalog-change.repository.js';
import type { ProductDoc } from './product.model.js';
import type { PriceHistorySource, SpecPriceHistory } from './price-history.repository.js';

/** In-memory stand-ins with the repositories' contracts: the projection logic is what is under test. */
function world() {
  const products = new Map<string, ProductDoc>();
  const facts: CatalogChange[] = [];
  const log: CatalogChangeLog = {
    head: async () => facts.length,
    changesAfter: async (_a, from, to) => facts.slice(from, to),
    record: async (_a, kind: CatalogChangeKind, ids) => facts.push({ version: facts.length + 1, kind, ids: [...ids] }),
    alliances: async () => (facts.length ? ['demo'] : []),
  };
  const productRepo = {
    getMany: async (_a: string, ids: readonly string[]) => ids.map((id) => products.get(id) ?? null),
    listAll: async () => [...products.values()],
  };
  const merchantRepo = { get: async () => null, listAll: async () => [] };
  const histories = new Map<string, SpecPriceHistory>();
  const historyRepo: PriceHistorySource = {
    ofSpecs: async (_a, specs) => specs.flatMap((s) => histories.get(s.specId) ?? []),
    listAll: async () => [...histories.values()].map((h) => ({ ...h, allianceId: 'demo' })),
  };
  const projections = new CatalogProjections(productRepo, merchantRepo, log, createLogger('test', 'silent'), historyRepo);
  const put = (id: string, priceFen: number) =>
    products.set(id, { _id: `demo:${id}`, id, allianceId: 'demo', merchantId: 'm1', name: id, description: '', unit: '个', priceFen, stock: 1, category: 'fruit', listKey: id, createdAt: new Date() });
  return { products, log, projections, put, histories };
}

test('concurrent price writes logged out of order still leave every replica at the stored price', async () => {
  const { log, projections, put } = world();
  put('p1', 800);
  await log.record('demo', 'reload', []);
  await projections.preload();
  // Writer A stores 1000, writer B stores 1200; B logs its change first (v2), A second (v3).
  put('p1', 1000);
  put('p1', 1200);
  await log.record('demo', 'product', ['p1']);
  await log.record('demo', 'product', ['p1']);
  await projections.advanceTo('demo', 2);
  await projections.advanceTo('demo', 3);
  const p = await projections.current('demo');
  assert.equal(p.version, 3);
  assert.equal(p.product('p1')!.priceFen, 1200, 'the stored price, not the one logged last');
});

test('an event for a version already seen, or for an alliance not loaded, changes nothing', async () => {
  const { log, projections, put } = world();
  put('p1', 800);
  await log.record('demo', 'reload', []);
  await projections.preload();
  await projections.advanceTo('demo', 1);
  await projections.advanceTo('elsewhere', 5);
  assert.equal(projections.stats.eventsApplied, 0);
  assert.equal(projections.stats.alliances, 1);
});

test('alliances without a catalogue are answered empty and never cached', async () => {
  const { projections } = world();
  for (let i = 0; i < 1000; i++) assert.equal((await projections.current(`nobody-${i}`)).productCount, 0);
  assert.equal(projections.stats.alliances, 0);
});

test('after a bulk import requests keep the projection they have while it is rebuilt in the background', async () => {
  const { log, projections, put } = world();
  put('p1', 800);
  await log.record('demo', 'reload', []);
  await projections.preload();
  for (let i = 2; i <= 50; i++) put(`p${i}`, 100);
  await log.record('demo', 'reload', []);
  const during = await projections.current('demo');
  assert.equal(during.productCount, 1, 'served at once from what it had');
  await projections.settled('demo');
  const after = await projections.current('demo');
  assert.equal(after.productCount, 50);
  assert.equal(after.version, 2);
});

test('reference prices come from the histories loaded with the products and re-read with each change', async () => {
  const { log, projections, put, histories } = world();
  const day = 86_400_000;
  const t0 = Date.UTC(2025, 0, 1);
  put('p1', 1000);
  put('p2', 500);
  histories.set('p1-1', { productId: 'p1', specId: 'p1-1', entries: [{ priceFen: 800, at: t0 }, { priceFen: 1000, at: t0 + day }] });
  await log.record('demo', 'reload', []);
  await projections.preload();
  const p = await projections.current('demo');
  assert.equal(p.productReferencePriceFen(p.product('p1')!, t0 + 2 * day), 800, 'the lower price of the last 7 days');
  assert.equal(p.productReferencePriceFen(p.product('p2')!, t0 + 2 * day), 500, 'never re-priced: its price');
  assert.equal(p.productReferencePriceFen(p.product('p1')!, t0 + 9 * day), 1000, 'the window has moved past the change');

  // Another replica lowers p1 to 900: the history and the product are re-read together.
  put('p1', 900);
  histories.get('p1-1')!.entries.push({ priceFen: 900, at: t0 + 10 * day });
  await log.record('demo', 'product', ['p1']);
  await projections.advanceTo('demo', 2);
  const q = await projections.current('demo');
  assert.equal(q.product('p1')!.priceFen, 900);
  assert.equal(q.productReferencePriceFen(q.product('p1')!, t0 + 10 * day + 1), 900);
  assert.equal(q.productReferencePriceFen(q.product('p1')!, t0 + 9 * day), 900, 'set back in time: recomputed, never above the price');
});

test('an event naming a version beyond the change log (another deployment on the same bus) does not freeze the projection', async () => {
  const { log, projections, put } = world();
  put('p1', 800);
  await log.record('demo', 'reload', []);
  await projections.preload();
  await projections.advanceTo('demo', 1_000_000_000);
  assert.equal((await projections.current('demo')).version, 1, 'the log decides, not the event');
  put('p1', 900);
  await log.record('demo', 'product', ['p1']);
  const p = await projections.current('demo');
  assert.equal(p.version, 2);
  assert.equal(p.product('p1')!.priceFen, 900, 'a real change after the foreign event is served');
});
