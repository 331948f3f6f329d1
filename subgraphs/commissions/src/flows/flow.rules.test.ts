import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flowEntry, flowOf, flowProjection, type FlowEntry, type OrderFlow } from './flow.rules.js';
import { hundred, Order } from '../accounts/order-ledger.fixture.js';

test('an order at another shop inside the referral window flows from the referring shop, in the week it was placed', () => {
  const placedAtMs = Date.parse('2026-11-25T10:00:00Z');
  const order = { merchantId: 'm-bakery', placedAtMs, goodsNetFen: 2500 };
  assert.deepEqual(flowOf(order, { shop: 'm-fruit', untilMs: placedAtMs + 1 }), { period: '2026-W48', from: 'm-fruit', to: 'm-bakery', gmvFen: 2500 }, 'm-fruit → m-bakery');
  assert.equal(flowOf(order, { shop: 'm-bakery', untilMs: placedAtMs + 1 }), null, 'the referrer selling');
  assert.equal(flowOf(order, { shop: 'm-fruit', untilMs: placedAtMs }), null, 'the window closed');
  assert.equal(flowOf(order, null), null, 'no referrer');
});

test('the matrix sums orders and GMV per pair', () => {
  const m = [
    { orderId: 'a', from: 'm-fruit', to: 'm-bakery', gmvFen: 100 },
    { orderId: 'b', from: 'm-fruit', to: 'm-bakery', gmvFen: 50 },
    { orderId: 'c', from: 'm-tea', to: 'm-bakery', gmvFen: 10 },
    { orderId: 'd', from: 'm-bakery', to: 'm-fruit', gmvFen: 7 },
  ].reduce(flowProjection.evolve, flowProjection.initial);
  assert.deepEqual(m['m-fruit>m-bakery'], { from: 'm-fruit', to: 'm-bakery', orders: 2, gmvFen: 150 }, 'two orders of one pair');
  assert.deepEqual(m['m-bakery>m-fruit'], { from: 'm-bakery', to: 'm-fruit', orders: 1, gmvFen: 7 }, 'the reverse pair is its own');
  assert.equal(Object.keys(m).length, 3, 'one cell per pair');
});

test('a withdrawn order leaves its cell; a cell left with no orders is gone', () => {
  const flow = (gmvFen: number): OrderFlow => ({ period: '2026-W48', from: 'm-fruit', to: 'm-bakery', gmvFen });
  const entries: FlowEntry[] = [flowEntry('a', flow(100)), flowEntry('b', flow(50)), flowEntry('a', flow(100), true)];
  const m = entries.reduce(flowProjection.evolve, flowProjection.initial);
  assert.deepEqual(m['m-fruit>m-bakery'], { from: 'm-fruit', to: 'm-bakery', orders: 1, gmvFen: 50 }, 'one order and its GMV taken out');
  const empty = [...entries, flowEntry('b', flow(50), true)].reduce(flowProjection.evolve, flowProjection.initial);
  assert.deepEqual(empty, {}, 'no orders, no cell');
  // 100 unpaid orders that time out are no flow at all.
  const timedOut = Array.from({ length: 100 }, (_, i) => [flowEntry(`o${i}`, flow(990)), flowEntry(`o${i}`, flow(990), true)]).flat();
  assert.deepEqual(timedOut.reduce(flowProjection.evolve, flowProjection.initial), {}, 'cancelled orders leave nothing');
});

test('an order leaves the flow it was counted in once it is reversed in full, and only then', () => {
  const flow: OrderFlow = { period: '2026-W48', from: 'm-bakery', to: 'm-fruit', gmvFen: 100 };
  const withdrawn = (f: ReturnType<Order['cancel']>) => (f?.type === 'REVERSED' ? f.flowWithdrawn : undefined);

  const cancelled = new Order('o1', hundred(), 'ONLINE', 0, undefined, flow);
  assert.deepEqual(cancelled.state?.flow, flow, 'the accrual keeps the flow');
  assert.deepEqual(withdrawn(cancelled.cancel()), flow, 'a cancellation takes it out');
  assert.equal(cancelled.cancel(), null, 'a redelivered cancellation decides nothing more');

  const refunded = new Order('o2', hundred(), 'ONLINE', 0, undefined, flow);
  assert.equal(withdrawn(refunded.refund(1, 40)), undefined, 'a partial refund leaves it counted');
  assert.deepEqual(withdrawn(refunded.refund(2, 100)), flow, 'refunded to the order net: taken out');
  assert.equal(refunded.cancel(), null, 'a cancellation after that has nothing left to take out');

  const partlyThenCancelled = new Order('o3', hundred(), 'ON_HANDOVER', 0, undefined, flow);
  partlyThenCancelled.complete();
  partlyThenCancelled.refund(1, 30);
  assert.deepEqual(withdrawn(partlyThenCancelled.cancel()), flow, 'a cancellation after a partial refund takes it out');

  const noFlow = new Order('o4', hundred(), 'ONLINE', 0);
  assert.equal(withdrawn(noFlow.cancel()), undefined, 'an order that made no flow withdraws none');
});
