import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@alliance/testing/seeded-random';
import { assertBalanced, balances } from '../ledger/balances.js';
import type { PostingGroup } from '../ledger/ledger.types.js';
import { ALLIANCE, assertPostedOnce, hundred, Order, part, randomOrder, SELLER, total } from './order-ledger.fixture.js';
import { receiverKey, type SharingReturn } from './profit-sharing.rules.js';
import { returnUndoneId, sharingUndoneId } from './sharing-outcome.rules.js';

const SHOP = `SHOP:${SELLER}`;
const AL = `ALLIANCE:${ALLIANCE}`;
/** 100 fen: the shop keeps 80; the alliance's fee 5, bob's L1 10, m-bakery's referral fee 5; 30% cap → shares 20. */
const withReferrer = () => [part('SHOP', SELLER, 'REVENUE', 80), part('ALLIANCE', ALLIANCE, 'FEE', 5), part('MEMBER', 'bob', 'COMMISSION_L1', 10), part('SHOP', 'm-bakery', 'REFERRAL_FEE', 5)];
/** party → Σ PROFIT_SHARING (both stages). */
const shared = (groups: PostingGroup[]) =>
  Object.fromEntries(balances(groups).flatMap((b) => (b.accounts.PROFIT_SHARING ? [[`${b.party.kind}:${b.party.id}`, b.accounts.PROFIT_SHARING.CONFIRMED + b.accounts.PROFIT_SHARING.PENDING]] : [])));
/** Each party's total over `groups`, parties at 0 left out. */
const net = (groups: PostingGroup[]) => Object.fromEntries(balances(groups).flatMap((b) => (b.CONFIRMED + b.PENDING !== 0 ? [[`${b.party.kind}:${b.party.id}`, b.CONFIRMED + b.PENDING]] : [])));
/** As if the order had never been shared: every PROFIT_SHARING group left out. */
const unshared = (o: Order) => net(o.groups.filter((g) => g.kind !== 'PROFIT_SHARING'));
const totals = (o: Order) => net(o.groups);

test('a failed sharing is undone: the shop is back at its pre-sharing receivable, the alliance holds nothing of it', () => {
  const o = new Order('o1', hundred(), 'ONLINE', 3000);
  o.complete();
  const before = total(o.book()[SHOP]) - (o.book()[SHOP]!.PROFIT_SHARING ?? 0);
  assert.equal(before, -15, 'the shop owes the fee and the commission');
  const f = o.concluded('FAILED')!;
  assert.ok(f.type === 'SHARING_UNDONE');
  assert.equal(f.group.sourceEventId, sharingUndoneId(o.state!.sharing!.outOrderNo));
  assert.equal(f.group.kind, 'PROFIT_SHARING');
  assertBalanced(f.group);
  assert.deepEqual(o.book()[SHOP], { REVENUE: 85, COLLECTED: -100, PROFIT_SHARING: 0 });
  assert.equal(total(o.book()[SHOP]), before);
  assert.deepEqual(o.book()[AL], { FEE: 5, PROFIT_SHARING: 0 });
  // Redelivered, or another outcome for it: decided once.
  assert.equal(o.concluded('FAILED'), null);
  assert.equal(o.concluded('SKIPPED'), null);
});

test('FINISHED and PROCESSING change nothing; an outcome of another out_order_no or of an unshared order is ignored', () => {
  const o = new Order('o2', hundred(), 'ONLINE', 3000);
  assert.equal(o.concluded('FAILED'), null, 'not confirmed yet: nothing was shared');
  o.complete();
  assert.equal(o.concluded('FINISHED'), null);
  assert.equal(o.concluded('PROCESSING'), null);
  assert.equal(o.apply(null), null);
  const cash = new Order('o3', hundred(), 'ON_HANDOVER', 3000);
  cash.complete();
  assert.equal(cash.concluded('SKIPPED'), null);
});

test('a skipped sharing with a referring shop undoes every receiver; later refunds give nothing back', () => {
  const o = new Order('o4', withReferrer(), 'ONLINE', 3000);
  o.complete();
  assert.deepEqual(shared(o.groups), { [SHOP]: 20, [AL]: -15, 'SHOP:m-bakery': -5 });
  o.concluded('SKIPPED');
  assert.deepEqual(shared(o.groups), { [SHOP]: 0, [AL]: 0, 'SHOP:m-bakery': 0 });
  const refund = o.refund(1, 40)!;
  assert.ok(refund.type === 'REVERSED');
  assert.equal(refund.returns, undefined, 'no 分账回退 of a sharing never made');
  o.refund(2, 100);
  for (const [p, accounts] of Object.entries(o.book())) for (const [a, v] of Object.entries(accounts)) assert.equal(v, 0, `${p} ${a}`);
});

test('a sharing that fails after a refund undoes only what still stands (shared minus returned)', () => {
  const o = new Order('o5', hundred(), 'ONLINE', 3000);
  o.complete();
  o.refund(1, 50);
  assert.deepEqual(shared(o.groups), { [SHOP]: 7, [AL]: -7 });
  const f = o.concluded('FAILED')!;
  assert.deepEqual(f.group.postings.map((p) => [p.party.kind, p.amountFen]), [['SHOP', -7], ['ALLIANCE', 7]]);
  assert.deepEqual(shared(o.groups), { [SHOP]: 0, [AL]: 0 });
  assert.deepEqual(totals(o), unshared(o));
});

test('a failed return is re-posted: the receiver keeps the share and owes it to the shop; once only', () => {
  const o = new Order('o6', withReferrer(), 'ONLINE', 3000);
  o.complete();
  o.refund(1, 100);
  assert.deepEqual(shared(o.groups), { [SHOP]: 0, [AL]: 0, 'SHOP:m-bakery': 0 });
  const back = o.returns.find((r) => r.receiver.kind === 'SHOP')!;
  const f = o.returnConcluded(back, 'FAILED')!;
  assert.ok(f.type === 'RETURN_UNDONE');
  assert.equal(f.group.sourceEventId, returnUndoneId(back.outReturnNo));
  assertBalanced(f.group);
  assert.deepEqual(shared(o.groups), { [SHOP]: back.amountFen, [AL]: 0, 'SHOP:m-bakery': -back.amountFen });
  assert.equal(o.returnConcluded(back, 'FAILED'), null);
  assert.equal(o.returnConcluded(back, 'SKIPPED'), null);
  assert.equal(o.returnConcluded(o.returns[0]!, 'SUCCESS'), null);
  assert.equal(o.returnConcluded({ ...back, outReturnNo: 'PR_unknown' }, 'FAILED'), null, 'a return the order never asked for');
});

test('a sharing and its return both failing end at zero whichever outcome arrives first', () => {
  for (const sharingFirst of [true, false]) {
    const o = new Order('o7', withReferrer(), 'ONLINE', 3000);
    o.complete();
    o.refund(1, 60);
    const backs = o.returns;
    if (sharingFirst) o.concluded('FAILED');
    for (const b of backs) o.returnConcluded(b, 'SKIPPED');
    if (!sharingFirst) o.concluded('FAILED');
    o.groups.forEach(assertBalanced);
    assert.deepEqual(shared(o.groups), { [SHOP]: 0, [AL]: 0, 'SHOP:m-bakery': 0 }, `sharing first: ${sharingFirst}`);
    assert.deepEqual(totals(o), unshared(o));
  }
});

// ---- property tests ----------------------------------------------------------------------------

const SEED = 20261129;
const RUNS = 500;

/**
 * An online or pay-at-pickup order through three partial refunds and the rest, completed anywhere among
 * them; merchants' outcomes of the sharing and of each return land at random points after they are asked
 * for (FAILED / SKIPPED / FINISHED / SUCCESS), as a redelivering consumer would see them.
 */
function life(r: ReturnType<typeof seededRandom>, n: number) {
  const c = randomOrder(r, n);
  const o = c.order;
  const cuts = [r.int(0, c.net), r.int(0, c.net), r.int(0, c.net), c.net].sort((a, b) => a - b);
  const completeAt = r.int(0, 4);
  const sharingOutcome = r.pick(['FAILED', 'SKIPPED', 'FINISHED', 'PROCESSING'] as const);
  const outcomeAt = r.int(completeAt, 4);
  const failedReturns: SharingReturn[] = [];
  /** Every outcome delivered, to be delivered again. */
  const delivered: Array<() => unknown> = [];
  let asked = 0;
  const settleReturns = () => {
    for (const back of o.returns.slice(asked)) {
      const status = r.pick(['SUCCESS', 'FAILED', 'SKIPPED'] as const);
      delivered.push(() => o.returnConcluded(back, status));
      if (o.returnConcluded(back, status)) failedReturns.push(back);
    }
    asked = o.returns.length;
  };
  let undone = false;
  for (let i = 0; i <= 4; i++) {
    if (i === completeAt) o.complete();
    if (i === outcomeAt) delivered.push(() => o.concluded(sharingOutcome));
    if (i === outcomeAt && o.concluded(sharingOutcome)) undone = true;
    if (r.chance(0.5)) settleReturns();
    if (i < 4) o.refund(i, cuts[i]!);
  }
  settleReturns();
  return { ...c, undone, failedReturns, delivered };
}

test(`property: ${RUNS} orders with random outcomes: every group balances; a sharing not made leaves every party as if never shared`, () => {
  const r = seededRandom(SEED);
  let undoneCases = 0;
  for (let n = 0; n < RUNS; n++) {
    const { order, undone, failedReturns } = life(r, n);
    try {
      order.groups.forEach(assertBalanced);
      if (undone) {
        undoneCases += 1;
        assert.deepEqual(totals(order), unshared(order));
        for (const v of Object.values(shared(order.groups))) assert.equal(v, 0);
        continue;
      }
      // Made: what stands of each share is what was shared, less what refunds took back, plus failed returns.
      const expected = new Map<string, number>();
      const add = (k: string, fen: number) => expected.set(k, (expected.get(k) ?? 0) + fen);
      for (const x of order.state!.sharing?.receivers ?? []) add(receiverKey(x), x.amountFen);
      for (const b of order.returns) add(receiverKey(b.receiver), -b.amountFen);
      for (const b of failedReturns) add(receiverKey(b.receiver), b.amountFen);
      const book = shared(order.groups);
      let owedBack = 0;
      for (const [k, fen] of expected) {
        assert.equal(0 - (book[k] ?? 0), fen, k);
        owedBack += fen;
      }
      assert.equal(book[SHOP] ?? 0, owedBack, 'the shop is owed back exactly what its receivers still hold');
    } catch (e) {
      throw new Error(`seed ${SEED} case ${n}: ${(e as Error).message}`);
    }
  }
  assert.ok(undoneCases > 50, `enough undone sharings exercised (${undoneCases})`);
});

test('property: requested → failed nets the shop to its pre-sharing receivable exactly', () => {
  const r = seededRandom(SEED + 1);
  for (let n = 0; n < RUNS; n++) {
    const { order } = randomOrder(r, n);
    if (r.chance(0.5)) order.leader('lea');
    order.complete();
    const pre = unshared(order)[SHOP] ?? 0;
    if (!order.state!.sharing) continue;
    order.concluded(r.pick(['FAILED', 'SKIPPED'] as const));
    assert.equal(totals(order)[SHOP] ?? 0, pre, `case ${n}`);
    assert.equal(total(order.book()[SHOP]), pre);
  }
});

test('property: replaying every outcome twice decides and posts nothing more', () => {
  const r = seededRandom(SEED + 2);
  const groups: PostingGroup[] = [];
  for (let n = 0; n < RUNS; n++) {
    const { order, delivered } = life(r, n);
    const before = order.facts.length;
    for (let k = 0; k < 2; k++) for (const again of delivered) assert.equal(again(), null);
    assert.equal(order.facts.length, before);
    groups.push(...order.groups);
  }
  assertPostedOnce(groups);
});
