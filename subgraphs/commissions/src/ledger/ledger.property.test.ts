import { test } from 'node:test';
import { seededRandom, type SeededRandom } from '@alliance/testing/seeded-random';
import assert from 'node:assert/strict';
import { applyOnce, assertBalanced, balances, journalGroups } from './balances.js';
import { postingKey, type PostingGroup, type Stage } from './ledger.types.js';
import { accrualGroup, confirmationGroup, promotionCostGroup, reversalGroup } from './posting-groups.js';
import { BP_WHOLE, rateFor, ruleProblems, type AlliancePolicy, type CategoryRate, type CommissionRule } from './rules.js';
import { splitOrder, type Attribution, type OrderForSplit, type SplitPart } from './split.rules.js';

const prng = seededRandom;
type Rnd = SeededRandom;

const SEED = 20250601;
const RUNS = 600;
const ALLIANCE = 'al-1';
const MEMBERS = ['m1', 'm2', 'm3', 'm4'];
const SHOPS = ['s1', 's2', 's3'];
const CATEGORIES = ['fresh', 'toys', 'books', 'home'];
const T0 = 1_750_000_000_000;

interface Case {
  order: OrderForSplit;
  rule: CommissionRule;
  policy: AlliancePolicy;
  attribution: Attribution;
}

function randomCase(r: Rnd, n: number): Case {
  const policy: AlliancePolicy = { referralBp: r.pick([0, 100, 200, 500]), referralDays: 90, allowSelfPurchase: r.chance(0.5), bindingDays: 15 };
  const feeBp = r.pick([0, 300, 550, r.int(0, 2000)]);
  const cap = () => (r.chance(0.4) ? r.int(1, 3000) : r.chance(0.5) ? null : undefined);
  const rate = (category: string): CategoryRate => {
    const room = BP_WHOLE - feeBp - policy.referralBp;
    // Sometimes the rates take the whole line, so the shop keeps exactly 0 of it.
    const l1Bp = r.chance(0.1) ? room : r.int(0, Math.min(room, 3000));
    const l2Bp = r.int(0, Math.min(room - l1Bp, 1500));
    const leaderBp = r.chance(0.1) ? room - l1Bp - l2Bp : r.int(0, Math.min(room - l1Bp - l2Bp, 1500));
    return { category, l1Bp, l2Bp, leaderBp, l1CapFen: cap(), l2CapFen: cap(), leaderCapFen: cap() };
  };
  const merchantId = r.pick(SHOPS);
  const rule: CommissionRule = { merchantId, version: 1, effectiveFrom: T0, feeBp, rates: [rate('*'), ...CATEGORIES.filter(() => r.chance(0.4)).map(rate)] };
  const member = () => (r.chance(0.75) ? r.pick(MEMBERS) : null);
  const placedAt = T0 + r.int(0, 10_000);
  const attribution: Attribution = {
    sharer: member(),
    sharerUpline: member(),
    leader: member(),
    referrerShop: r.chance(0.7) ? r.pick(SHOPS) : null,
    referralUntil: r.chance(0.8) ? placedAt + r.int(-3, 3) : null,
  };
  const big = r.chance(0.05);
  const lines = Array.from({ length: r.int(0, 5) }, () => ({
    category: r.chance(0.2) ? 'other' : r.pick(CATEGORIES),
    netFen: r.chance(0.1) ? r.int(0, 3) : big ? r.int(0, 2_000_000_000) : r.int(0, 200_000),
  }));
  return { order: { orderId: `o${n}`, merchantId, buyer: r.pick(MEMBERS), placedAt, lines }, rule, policy, attribution };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const partOf = (parts: SplitPart[], account: SplitPart['account']) => parts.filter((p) => p.account === account);

/** Bounds of a capped party's amount: each line's allocated share is the floor or the ceiling of its exact share. */
function bounds(c: Case, bp: (rate: CategoryRate) => number, capOf: (rate: CategoryRate) => number | null | undefined): [number, number] {
  const groups = new Map<CategoryRate, [number, number]>();
  for (const l of c.order.lines) {
    const rate = rateFor(c.rule, l.category);
    const exact = (l.netFen * bp(rate)) / BP_WHOLE;
    const g = groups.get(rate) ?? [0, 0];
    groups.set(rate, [g[0] + Math.floor(exact), g[1] + Math.ceil(exact)]);
  }
  let lo = 0;
  let hi = 0;
  for (const [rate, [a, b]] of groups) {
    const cap = capOf(rate) ?? Infinity;
    lo += Math.min(cap, a);
    hi += Math.min(cap, b);
  }
  return [lo, hi];
}

function checkSplit(c: Case, parts: SplitPart[]): void {
  const { order: o, policy, attribution: a } = c;
  const net = sum(o.lines.map((l) => l.netFen));
  assert.equal(sum(parts.map((p) => p.amountFen)), net, 'Σ parts = order net');
  for (const p of parts) assert.ok(Number.isSafeInteger(p.amountFen) && p.amountFen > 0, `part ${p.account} ${p.amountFen} is a positive integer`);
  const keys = parts.map((p) => `${p.party.kind}:${p.party.id}/${p.account}`);
  assert.equal(new Set(keys).size, keys.length, 'one part per (party, account)');
  for (const acc of ['COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION', 'REFERRAL_FEE', 'FEE'] as const) assert.ok(partOf(parts, acc).length <= 1);
  assert.ok(parts.every((p) => ['REVENUE', 'FEE', 'COMMISSION_L1', 'COMMISSION_L2', 'LEADER_COMMISSION', 'REFERRAL_FEE'].includes(p.account)));

  // Self-purchase, and the two levels.
  const l1 = partOf(parts, 'COMMISSION_L1')[0];
  const l2 = partOf(parts, 'COMMISSION_L2')[0];
  const leader = partOf(parts, 'LEADER_COMMISSION')[0];
  if (!policy.allowSelfPurchase) assert.ok(!parts.some((p) => p.party.kind === 'MEMBER' && p.party.id === o.buyer), 'no self-purchase commission');
  if (l1) assert.equal(l1.party.id, a.sharer);
  if (l2) {
    assert.ok(l1 || bounds(c, (r) => r.l1Bp, (r) => r.l1CapFen)[1] === 0, 'L2 only through an L1');
    assert.equal(l2.party.id, a.sharerUpline);
    assert.notEqual(l2.party.id, o.buyer);
    assert.notEqual(l2.party.id, a.sharer);
  }
  if (leader) assert.equal(leader.party.id, a.leader);

  // Caps and rates: each member's amount lies within the per-line floor/ceiling bounds, capped per rate.
  const l1On = !!a.sharer && (policy.allowSelfPurchase || a.sharer !== o.buyer);
  const l2On = l1On && !!a.sharerUpline && a.sharerUpline !== o.buyer && a.sharerUpline !== a.sharer;
  const leaderOn = !!a.leader && (policy.allowSelfPurchase || a.leader !== o.buyer);
  const within = (amount: number, on: boolean, [lo, hi]: [number, number], what: string) => {
    const [min, max] = on ? [lo, hi] : [0, 0];
    assert.ok(amount >= min && amount <= max, `${what} ${amount} within [${min}, ${max}]`);
  };
  within(l1?.amountFen ?? 0, l1On, bounds(c, (r) => r.l1Bp, (r) => r.l1CapFen), 'L1');
  within(l2?.amountFen ?? 0, l2On, bounds(c, (r) => r.l2Bp, (r) => r.l2CapFen), 'L2');
  within(leader?.amountFen ?? 0, leaderOn, bounds(c, (r) => r.leaderBp, (r) => r.leaderCapFen), 'leader');
  for (const [p, acc] of [[l1, 'l1CapFen'], [l2, 'l2CapFen'], [leader, 'leaderCapFen']] as const) {
    const caps = [...new Set(o.lines.map((l) => rateFor(c.rule, l.category)))].map((r) => r[acc]);
    if (p && caps.every((x) => x !== null && x !== undefined)) assert.ok(p.amountFen <= sum(caps as number[]), 'caps honoured');
  }

  // Referral window and shop.
  const ref = partOf(parts, 'REFERRAL_FEE')[0];
  const refOn = !!a.referrerShop && a.referrerShop !== o.merchantId && a.referralUntil !== null && o.placedAt < a.referralUntil;
  if (ref) {
    assert.ok(refOn, 'referral fee only inside its window and for another shop');
    assert.equal(ref.party.id, a.referrerShop);
  }
  const fee = partOf(parts, 'FEE')[0];
  if (fee) assert.deepEqual(fee.party, { kind: 'ALLIANCE', id: ALLIANCE });
  const rev = partOf(parts, 'REVENUE');
  assert.ok(rev.length <= 1 && (rev.length === 0 || rev[0]!.party.id === o.merchantId));
}

/** Three partial refunds, then the rest (some of them may be 0 fen, or the order may be 0). */
function refundSteps(r: Rnd, net: number): number[] {
  const cuts = [r.int(0, net), r.int(0, net), r.int(0, net)].sort((x, y) => x - y);
  return [cuts[0]!, cuts[1]! - cuts[0]!, cuts[2]! - cuts[1]!, net - cuts[2]!];
}

/** One order's life: accrual, maybe some refunds before completion, completion, the rest of the refunds. */
function lifecycle(r: Rnd, c: Case, parts: SplitPart[]): PostingGroup[] {
  const id = c.order.orderId;
  const net = sum(parts.map((p) => p.amountFen));
  const steps = refundSteps(r, net);
  // How many refunds happen before completion: 0..4 (4: the order is refunded in full before it completes).
  const beforeCompletion = r.int(0, 4);
  const groups: PostingGroup[] = [accrualGroup(`${id}:paid`, id, parts)];
  let refunded = 0;
  steps.forEach((step, i) => {
    if (i === beforeCompletion) groups.push(confirmationGroup(`${id}:completed`, id, parts, refunded));
    const stage: Stage = i < beforeCompletion ? 'PENDING' : 'CONFIRMED';
    groups.push(reversalGroup(`${id}:refund:${i}`, id, parts, net, refunded, step, stage));
    refunded += step;
  });
  if (beforeCompletion === 4) groups.push(confirmationGroup(`${id}:completed`, id, parts, refunded));
  return groups;
}

test(`property: ${RUNS} random orders, rules and attributions split exactly, honour caps, self-purchase and the referral window`, () => {
  const r = prng(SEED);
  for (let n = 0; n < RUNS; n++) {
    const c = randomCase(r, n);
    assert.deepEqual(ruleProblems(c.rule, c.policy, T0), [], `case ${n}: the generated rule is valid`);
    try {
      checkSplit(c, splitOrder(c.order, c.rule, c.policy, c.attribution, ALLIANCE));
    } catch (e) {
      throw new Error(`seed ${SEED} case ${n}: ${(e as Error).message}\n${JSON.stringify(c)}`);
    }
  }
});

test(`property: every group balances; three partial refunds then the rest net every party to 0, pending and confirmed`, () => {
  const r = prng(SEED + 1);
  for (let n = 0; n < RUNS; n++) {
    const c = randomCase(r, n);
    const parts = splitOrder(c.order, c.rule, c.policy, c.attribution, ALLIANCE);
    const groups = lifecycle(r, c, parts);
    const seen: PostingGroup[] = [];
    for (const g of groups) {
      assertBalanced(g);
      seen.push(g);
      // No party is ever reversed past what it was owed (nor clearing past what was paid).
      for (const b of balances(seen)) {
        for (const [acc, amounts] of Object.entries(b.accounts)) {
          for (const v of [amounts.PENDING, amounts.CONFIRMED, amounts.PENDING + amounts.CONFIRMED]) {
            assert.ok(acc === 'PAYMENT' ? v <= 0 : v >= 0, `case ${n} ${g.sourceEventId}: ${b.party.id}/${acc} at ${v}`);
          }
        }
      }
      if (g.kind === 'REVERSAL') for (const p of g.postings) assert.ok(p.party.kind === 'CLEARING' ? p.amountFen > 0 : p.amountFen < 0);
    }
    for (const b of balances(groups)) assert.deepEqual([b.PENDING, b.CONFIRMED], [0, 0], `case ${n}: ${b.party.kind}:${b.party.id}`);
  }
});

test('property: a completed order with no refund leaves every part confirmed, nothing pending; the trial balance is 0', () => {
  const r = prng(SEED + 2);
  const all: PostingGroup[] = [];
  for (let n = 0; n < RUNS; n++) {
    const c = randomCase(r, n);
    const parts = splitOrder(c.order, c.rule, c.policy, c.attribution, ALLIANCE);
    const groups = [accrualGroup(`o${n}:paid`, `o${n}`, parts), confirmationGroup(`o${n}:completed`, `o${n}`, parts)];
    const funder = r.pick(SHOPS);
    const cost = r.int(0, 5000);
    groups.push(promotionCostGroup(`o${n}:promo:${funder}`, `o${n}`, c.order.merchantId, funder, 'ALLOCATED', cost, 'CONFIRMED'));
    groups.forEach(assertBalanced);
    const bs = balances(groups.slice(0, 2));
    for (const p of parts) {
      const b = bs.find((x) => x.party.kind === p.party.kind && x.party.id === p.party.id)!;
      assert.deepEqual(b.accounts[p.account], { PENDING: 0, CONFIRMED: p.amountFen });
    }
    all.push(...groups);
  }
  const trial = balances(all);
  assert.equal(sum(trial.map((b) => b.PENDING)), 0);
  assert.equal(sum(trial.map((b) => b.CONFIRMED)), 0);
});

test('property: applying every group twice (and a shuffled replay) through applyOnce changes nothing', () => {
  const r = prng(SEED + 3);
  const groups: PostingGroup[] = [];
  for (let n = 0; n < RUNS; n++) {
    const c = randomCase(r, n);
    groups.push(...lifecycle(r, c, splitOrder(c.order, c.rule, c.policy, c.attribution, ALLIANCE)));
  }
  const first = applyOnce(groups);
  const postings = sum(groups.map((g) => g.postings.length));
  assert.equal(first.inserted, postings, 'every posting key is distinct across the stream');
  assert.equal(new Set(groups.flatMap((g) => g.postings.map((p) => postingKey(g, p)))).size, postings);
  const before = balances(journalGroups(first.journal));
  assert.deepEqual(before, balances(groups));

  const again = applyOnce(groups, first.journal);
  assert.deepEqual([again.inserted, again.replayed, again.conflicts], [0, postings, []]);
  const shuffled = groups.map((g) => ({ g, k: r.int(0, 1e9) })).sort((x, y) => x.k - y.k).map((x) => x.g);
  const replay = applyOnce(shuffled, first.journal);
  assert.deepEqual([replay.inserted, replay.conflicts], [0, []]);
  assert.deepEqual(balances(journalGroups(first.journal)), before);
});
