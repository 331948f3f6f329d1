import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, type SeededRandom } from '@alliance/testing/seeded-random';
import { assertBalanced } from '../ledger/balances.js';
import type { PostingGroup } from '../ledger/ledger.types.js';
import { outOrderNo, outReturnNo, receiverKey, sharingLimit } from './profit-sharing.rules.js';
import { ALLIANCE, assertPostedOnce, hundred, Order, OUT_NO, part, randomOrder, SELLER, total } from './order-ledger.fixture.js';

test('a completed online order: the shop holds 100, shares 15 to the alliance, and owes nothing; clearing nets to 0', () => {
  const o = new Order('o1', hundred(), 'ONLINE', 3000);
  const done = o.complete()!;
  assert.ok(done.type === 'CONFIRMED' && done.sharing);
  assert.deepEqual(done.sharing.receivers, [{ kind: 'ALLIANCE', id: ALLIANCE, amountFen: 15, description: '联盟服务费及推广佣金' }]);
  assert.deepEqual(done.more?.map((g) => g.kind), ['COLLECTION', 'PROFIT_SHARING']);
  o.groups.forEach(assertBalanced);
  const book = o.book();
  assert.deepEqual(book[`SHOP:${SELLER}`], { REVENUE: 85, COLLECTED: -100, PROFIT_SHARING: 15 });
  assert.deepEqual(book[`ALLIANCE:${ALLIANCE}`], { FEE: 5, PROFIT_SHARING: -15 });
  assert.deepEqual(book['MEMBER:bob'], { COMMISSION_L1: 10 });
  assert.deepEqual(book['CLEARING:orders'], { PAYMENT: -100, COLLECTED: 100 });
  assert.equal(total(book['CLEARING:orders']), 0);
  assert.equal(total(book[`ALLIANCE:${ALLIANCE}`]), -10, 'the alliance holds bob\'s 10 until he withdraws it');
});

test('a pay-at-pickup order is not shared: the shop keeps 100 in its till and owes 15 (a receivable)', () => {
  const o = new Order('o2', hundred(), 'ON_HANDOVER', 3000);
  const done = o.complete()!;
  assert.ok(done.type === 'CONFIRMED');
  assert.equal(done.sharing, null);
  assert.deepEqual(o.book()[`SHOP:${SELLER}`], { REVENUE: 85, COLLECTED: -100 });
  assert.equal(total(o.book()[`SHOP:${SELLER}`]), -15);
});

test('past the sub-merchant cap the shop shares the cap, split in proportion, and owes the rest', () => {
  const parts = [part('SHOP', SELLER, 'REVENUE', 60), part('ALLIANCE', ALLIANCE, 'FEE', 10), part('MEMBER', 'bob', 'COMMISSION_L1', 20), part('SHOP', 'm-bakery', 'REFERRAL_FEE', 10)];
  const o = new Order('o3', parts, 'ONLINE', 3000);
  const done = o.complete()!;
  assert.ok(done.type === 'CONFIRMED' && done.sharing);
  assert.equal(done.sharing.limitFen, 30);
  assert.equal(done.sharing.owedFen, 40);
  assert.deepEqual(done.sharing.receivers.map((r) => [r.kind, r.id, r.amountFen]), [['ALLIANCE', ALLIANCE, 23], ['SHOP', 'm-bakery', 7]]);
  assert.equal(total(o.book()[`SHOP:${SELLER}`]), -10, 'what passed the cap is a receivable');
  assert.deepEqual(o.book()['SHOP:m-bakery'], { REFERRAL_FEE: 10, PROFIT_SHARING: -7 });
});

test('refunds after sharing hand the money back and return the shares in proportion, once per (refund, receiver)', () => {
  const o = new Order('o4', hundred(), 'ONLINE', 3000);
  o.complete();
  const half = o.refund(1, 50)!;
  assert.ok(half.type === 'REVERSED');
  assert.deepEqual(half.returns?.map((r) => r.amountFen), [8]);
  // Shares and parts round on their own, so a partial refund may leave a fen either way; the last one ends at 0.
  assert.deepEqual(o.book()[`SHOP:${SELLER}`], { REVENUE: 42, COLLECTED: -50, PROFIT_SHARING: 7 });
  assert.equal(o.refund(1, 50), null, 'the same refund event again decides nothing');
  o.refund(2, 100);
  assert.deepEqual(o.returns.map((r) => r.amountFen), [8, 7]);
  const nos = o.returns.map((r) => r.outReturnNo);
  assert.equal(new Set(nos).size, 2);
  for (const no of nos) assert.match(no, OUT_NO);
  for (const [p, accounts] of Object.entries(o.book())) for (const [a, v] of Object.entries(accounts)) assert.equal(v, 0, `${p} ${a}`);
});

test('out_order_no and out_return_no: deterministic, WeChat-safe whatever the order id, distinct per alliance', () => {
  for (const id of ['co-1-1', 'co:1/1', '订单-1', 'x'.repeat(200)]) {
    const no = outOrderNo(ALLIANCE, id);
    assert.match(no, OUT_NO);
    assert.equal(no, outOrderNo(ALLIANCE, id));
    assert.notEqual(no, outOrderNo('al-2', id));
    const back = outReturnNo(no, `${ALLIANCE}:order:${id}:0000000009`, { kind: 'SHOP', id: 'm-bakery' });
    assert.match(back, OUT_NO);
    assert.notEqual(back, outReturnNo(no, `${ALLIANCE}:order:${id}:0000000009`, { kind: 'ALLIANCE', id: ALLIANCE }));
  }
  assert.equal(sharingLimit(100, 3000), 30);
  assert.equal(sharingLimit(99, 3000), 29, 'rounded down: never past the cap');
  assert.throws(() => sharingLimit(100, 10_001), RangeError);
});

// ---- property tests ----------------------------------------------------------------------------

const SEED = 20261129;
const RUNS = 500;


/** Three partial refunds, then the rest (some may be 0 fen); completion and the leader's handover fall anywhere. */
function life(r: SeededRandom, n: number) {
  const c = randomOrder(r, n);
  const cuts = [r.int(0, c.net), r.int(0, c.net), r.int(0, c.net)].sort((a, b) => a - b);
  const beforeCompletion = r.int(0, 4);
  const leaderAt = r.chance(0.5) ? r.int(0, beforeCompletion) : -1;
  const sharedLimit: number[] = [];
  [...cuts, c.net].forEach((soFar, i) => {
    if (i === leaderAt) c.order.leader('lea');
    if (i === beforeCompletion) {
      const f = c.order.complete();
      if (f?.type === 'CONFIRMED' && f.sharing) sharedLimit.push(f.sharing.limitFen);
    }
    c.order.refund(i, soFar);
  });
  if (beforeCompletion === 4) c.order.complete();
  return { ...c, sharedLimit };
}

test(`property: ${RUNS} orders, online and pay-at-pickup, any refund sequence: every group balances and every party and account nets to exactly 0`, () => {
  const r = seededRandom(SEED);
  for (let n = 0; n < RUNS; n++) {
    const { order } = life(r, n);
    try {
      order.groups.forEach(assertBalanced);
      for (const [p, accounts] of Object.entries(order.book())) for (const [a, v] of Object.entries(accounts)) assert.equal(v, 0, `${p} ${a}`);
    } catch (e) {
      throw new Error(`seed ${SEED} case ${n}: ${(e as Error).message}`);
    }
  }
});

test('property: shared never passes the cap nor what a receiver is owed; returns never pass what a receiver got; only online orders share', () => {
  const r = seededRandom(SEED + 1);
  for (let n = 0; n < RUNS; n++) {
    const { order, method } = life(r, n);
    const sharing = order.state!.sharing;
    if (method === 'ON_HANDOVER') assert.ok(!sharing, `case ${n}: pay-at-pickup is never shared`);
    if (!sharing) continue;
    const shared = sharing.receivers.reduce((s, x) => s + x.amountFen, 0);
    assert.ok(shared <= sharing.limitFen && shared <= sharing.owedFen, `case ${n}: ${shared} within ${sharing.limitFen} and ${sharing.owedFen}`);
    assert.ok(sharing.receivers.length <= 50 && sharing.receivers.every((x) => x.amountFen >= 1 && x.description.length <= 80));
    assert.match(sharing.outOrderNo, OUT_NO);
    const returned = new Map<string, number>();
    for (const back of order.returns) {
      assert.ok(back.amountFen >= 1);
      returned.set(receiverKey(back.receiver), (returned.get(receiverKey(back.receiver)) ?? 0) + back.amountFen);
    }
    // Every order here ends fully refunded: each receiver gave back exactly its share.
    for (const x of sharing.receivers) assert.equal(returned.get(receiverKey(x)) ?? 0, x.amountFen, `case ${n}: ${x.kind}:${x.id}`);
    assert.equal(new Set(order.returns.map((b) => b.outReturnNo)).size, order.returns.length, 'one out_return_no per (refund, receiver)');
  }
});

test('property: a completed order without refunds leaves the shop owing exactly what it did not share; clearing at 0', () => {
  const r = seededRandom(SEED + 2);
  for (let n = 0; n < RUNS; n++) {
    const { order, method } = randomOrder(r, n);
    if (r.chance(0.5)) order.leader('lea');
    const f = order.complete()!;
    assert.ok(f.type === 'CONFIRMED');
    const book = order.book();
    const shared = f.sharing ? f.sharing.receivers.reduce((s, x) => s + x.amountFen, 0) : 0;
    const owedByShop = Object.entries(book)
      .filter(([p]) => p !== `SHOP:${SELLER}` && p !== 'CLEARING:orders')
      .reduce((s, [, a]) => s + (a.FEE ?? 0) + (a.COMMISSION_L1 ?? 0) + (a.COMMISSION_L2 ?? 0) + (a.LEADER_COMMISSION ?? 0) + (a.REFERRAL_FEE ?? 0), 0);
    assert.equal(total(book[`SHOP:${SELLER}`]), shared - owedByShop, `case ${n}`);
    assert.equal(total(book['CLEARING:orders']), 0);
    if (method === 'ONLINE' && f.sharing) assert.ok(shared <= sharingLimit(order.state!.netFen, order.maxShareBp));
  }
});

test('property: replaying every decision and every group changes nothing', () => {
  const r = seededRandom(SEED + 3);
  const groups: PostingGroup[] = [];
  for (let n = 0; n < RUNS; n++) {
    const { order } = life(r, n);
    const before = order.facts.length;
    // The same events again, on the state they produced: nothing is decided twice.
    assert.equal(order.complete(), null);
    for (let i = 0; i < 4; i++) assert.equal(order.refund(i, order.state!.netFen), null);
    assert.equal(order.facts.length, before);
    groups.push(...order.groups);
  }
  assertPostedOnce(groups);
});
