import { test } from 'node:test';
import { seededRandom, type SeededRandom } from '@alliance/testing/seeded-random';
import assert from 'node:assert/strict';
import { allocate } from '@alliance/money';
import { costByOrder, costReversal } from './cost-split.rules.js';
import { fundingWeight } from './funding.rules.js';
import { quoteDiscounts } from './quote.rules.js';
import { PROMOTION_KINDS, type Candidate, type FundingShare, type PromotionTerms, type QuoteContext, type QuoteLine, type QuoteResult } from './pricing.types.js';

const prng = seededRandom;
type Rng = SeededRandom;

const NOW = Date.UTC(2026, 11, 10);
const MERCHANTS = ['m0', 'm1', 'm2', 'm3', 'm4'];
const CATEGORIES = ['fruit', 'bakery', 'drink'];
const PRODUCTS = MERCHANTS.flatMap((m, i) => [0, 1, 2].map((k) => ({ id: `${m}-p${k}`, merchantId: m, category: CATEGORIES[(i + k) % 3]! })));
const NEIGHBORHOODS = ['望京', '国贸', '中关村'];
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function randomCart(r: Rng): QuoteLine[] {
  const n = r.int(1, 10);
  const indexes = r.shuffle(Array.from({ length: n }, (_, i) => i * 3 + r.int(0, 2)));
  return indexes.map((index) => {
    const p = r.pick(PRODUCTS);
    return { index, productId: p.id, merchantId: p.merchantId, category: p.category, quantity: r.int(1, 5), unitPriceFen: r.chance(0.05) ? 0 : r.int(1, 8000) };
  });
}

function randomFunding(r: Rng, merchants: readonly string[], discountFen: number | null): FundingShare[] {
  const funders = r.subset(merchants, 1, merchants.length);
  const cap = () => (r.chance(0.2) ? r.int(1, 8000) : null);
  if (discountFen !== null && discountFen >= funders.length && r.chance(0.4)) {
    const cuts = allocate(discountFen, funders.map(() => r.int(1, 9)));
    return funders.map((merchantId, i) => ({ merchantId, fixedFen: cuts[i]!, capFen: cap() }));
  }
  const percents = allocate(100, funders.map(() => r.int(1, 9)));
  return funders.map((merchantId, i) => ({ merchantId, percent: percents[i]!, capFen: cap() })).filter((f) => f.percent > 0);
}

function randomCandidate(r: Rng, id: string): Candidate {
  const kind = r.pick(PROMOTION_KINDS);
  const merchantIds = kind === 'CROSS_STORE_COUPON' ? r.subset(MERCHANTS, 2, 2) : r.subset(MERCHANTS, 1, 4);
  const theirProducts = PRODUCTS.filter((p) => merchantIds.includes(p.merchantId)).map((p) => p.id);
  const percent = r.chance(0.4);
  const discountFen = kind === 'BUNDLE' || percent ? null : r.int(1, 6000);
  const terms: PromotionTerms = {
    id,
    kind,
    title: id,
    merchantIds,
    funding: randomFunding(r, merchantIds, discountFen),
    discountFen,
    percentOff: kind !== 'BUNDLE' && percent ? r.int(1, 99) : null,
    maxDiscountFen: r.chance(0.3) ? r.int(1, 5000) : null,
    minSpendFen: kind === 'SPEND_ACROSS_SHOPS' || r.chance(0.2) ? r.int(1, 15000) : null,
    minShops: r.chance(0.5) ? r.int(1, 3) : null,
    productIds: kind === 'BUNDLE' ? r.subset(theirProducts, 2, 3) : r.chance(0.3) ? r.subset(theirProducts, 1, 4) : null,
    categories: kind !== 'BUNDLE' && r.chance(0.2) ? r.subset(CATEGORIES, 1, 2) : null,
    bundlePriceFen: kind === 'BUNDLE' ? r.int(1, 12000) : null,
    groupSize: kind === 'GROUP_BUY' ? r.int(2, 5) : null,
    neighborhoods: r.chance(0.1) ? r.subset(NEIGHBORHOODS, 1, 2) : null,
    stackGroup: r.chance(0.4) ? null : r.chance(0.8) ? 'g1' : 'g2',
    startsAt: r.chance(0.1) ? NOW + 1 : NOW - r.int(0, 10_000),
    endsAt: r.chance(0.1) ? NOW : NOW + r.int(1, 10_000),
  };
  const funderCostLeftFen: Record<string, number> = {};
  for (const f of terms.funding) if (r.chance(0.15)) funderCostLeftFen[f.merchantId] = r.int(0, 8000);
  return {
    terms,
    headroom: {
      redemptionsLeft: r.chance(0.75) ? null : r.int(0, 3),
      budgetLeftFen: r.chance(0.75) ? null : r.int(0, 15000),
      funderCostLeftFen,
    },
  };
}

function randomContext(r: Rng, ids: readonly string[]): QuoteContext {
  return {
    nowMs: NOW,
    firstOrder: r.chance(0.7),
    neighborhood: r.chance(0.7) ? r.pick(NEIGHBORHOODS) : null,
    couponPromotionIds: r.subset(ids, Math.floor(ids.length / 2), ids.length),
    groupBuyPromotionId: ids.length && r.chance(0.6) ? r.pick(ids) : null,
  };
}

function checkQuote(lines: readonly QuoteLine[], candidates: readonly Candidate[], q: QuoteResult, seed: number): void {
  const why = `seed ${seed}`;
  const amount = new Map(lines.map((l) => [l.index, l.quantity * l.unitPriceFen]));
  const byId = new Map(candidates.map((c) => [c.terms.id, c]));
  assert.deepEqual(q.lines.map((l) => l.index), lines.map((l) => l.index), why);
  for (const l of q.lines) assert.ok(l.discountFen >= 0 && l.discountFen <= amount.get(l.index)!, `${why}: line ${l.index} within 0..amount`);
  assert.equal(q.totalDiscountFen, sum(q.lines.map((l) => l.discountFen)), why);
  assert.equal(q.totalDiscountFen, sum(q.applied.map((a) => a.amountFen)), why);

  const perLine = new Map<number, number>();
  for (const a of q.applied) {
    const c = byId.get(a.promotionId)!;
    const t = c.terms;
    assert.ok(t.startsAt <= NOW && NOW < t.endsAt, `${why}: ${a.promotionId} is live`);
    assert.ok(a.amountFen > 0, why);
    assert.equal(sum(a.lines.map((l) => l.discountFen)), a.amountFen, `${why}: lines sum to the amount`);
    assert.equal(sum(a.funders.map((f) => f.costFen)), a.amountFen, `${why}: funders sum to the amount`);
    assert.deepEqual(a.funders.map((f) => f.merchantId), t.funding.map((f) => f.merchantId), `${why}: every funder in funding order`);
    assert.deepEqual(a.funders.map((f) => f.costFen), allocate(a.amountFen, t.funding.map(fundingWeight)), `${why}: split by the agreed shares`);
    const shops = t.kind === 'CROSS_STORE_COUPON' ? [t.merchantIds[1]] : t.merchantIds;
    let eligibleSubtotal = 0;
    for (const l of a.lines) {
      const ln = lines.find((x) => x.index === l.index)!;
      assert.ok(shops.includes(ln.merchantId), `${why}: ${a.promotionId} discounts only its shops`);
      assert.ok(l.discountFen > 0, why);
      eligibleSubtotal += amount.get(l.index)!;
      perLine.set(l.index, (perLine.get(l.index) ?? 0) + l.discountFen);
    }
    assert.ok(a.amountFen <= eligibleSubtotal, `${why}: never more than the eligible subtotal`);
    // Limits and caps.
    const h = c.headroom;
    assert.ok(h.redemptionsLeft === null || h.redemptionsLeft > 0, `${why}: redemptions left`);
    assert.ok(h.budgetLeftFen === null || h.budgetLeftFen >= a.amountFen, `${why}: budget`);
    a.funders.forEach((f, i) => {
      const left = Object.hasOwn(h.funderCostLeftFen, f.merchantId) ? h.funderCostLeftFen[f.merchantId]! : t.funding[i]!.capFen;
      assert.ok(left === null || left === undefined || f.costFen <= left, `${why}: ${f.merchantId} within its cap`);
    });
  }
  for (const l of q.lines) assert.equal(l.discountFen, perLine.get(l.index) ?? 0, `${why}: line = sum of its parts`);

  // One option only: a single exclusive, or members of one stack group.
  const groups = new Set(q.applied.map((a) => byId.get(a.promotionId)!.terms.stackGroup ?? null));
  assert.ok(groups.size <= 1, why);
  if (groups.has(null)) assert.equal(q.applied.length, 1, why);
  assert.deepEqual(q.applied.map((a) => a.promotionId), q.applied.map((a) => a.promotionId).sort(), `${why}: applied in id order`);
}

test('property: random carts × random promotion sets keep every invariant', () => {
  let appliedSeen = 0;
  let stackedSeen = 0;
  let cappedRefusals = 0;
  for (let seed = 1; seed <= 600; seed++) {
    const r = prng(seed);
    const lines = randomCart(r);
    const ids = Array.from({ length: r.int(0, 10) }, (_, i) => `p${String(i).padStart(2, '0')}-${r.int(0, 99)}`).filter((v, i, xs) => xs.indexOf(v) === i);
    const candidates = ids.map((id) => randomCandidate(r, id));
    const ctx = randomContext(r, ids);
    const q = quoteDiscounts(lines, candidates, ctx);
    checkQuote(lines, candidates, q, seed);
    appliedSeen += q.applied.length;
    if (q.applied.length > 1) stackedSeen += 1;

    // Deterministic and independent of the candidates' order.
    assert.deepEqual(quoteDiscounts(lines, r.shuffle(candidates), ctx), q, `seed ${seed}: shuffled`);

    // The best option: no exclusive alone and no group alone does better.
    const live = candidates.filter((c) => c.terms.startsAt <= NOW && NOW < c.terms.endsAt);
    for (const c of live.filter((c) => !c.terms.stackGroup)) {
      assert.ok(quoteDiscounts(lines, [c], ctx).totalDiscountFen <= q.totalDiscountFen, `seed ${seed}: ${c.terms.id} alone beats the choice`);
    }
    for (const g of ['g1', 'g2']) {
      assert.ok(quoteDiscounts(lines, live.filter((c) => c.terms.stackGroup === g), ctx).totalDiscountFen <= q.totalDiscountFen, `seed ${seed}: group ${g} beats the choice`);
    }
    // Without limits, a refused promotion would have applied: count that caps really bite somewhere.
    const unlimited = candidates.map((c) => ({ terms: { ...c.terms, funding: c.terms.funding.map((f) => ({ ...f, capFen: null })) }, headroom: { redemptionsLeft: null, budgetLeftFen: null, funderCostLeftFen: {} } }));
    if (quoteDiscounts(lines, unlimited, ctx).totalDiscountFen > q.totalDiscountFen) cappedRefusals += 1;

    // Cost per order, then refunds.
    const merchantOf = new Map(lines.map((l) => [l.index, l.merchantId]));
    for (const a of q.applied) {
      const cells = costByOrder(a, (i) => `order-${merchantOf.get(i)}`);
      assert.ok(cells.every((c) => c.costFen > 0), `seed ${seed}: no zero or negative cells`);
      const orders = [...new Set(a.lines.map((l) => `order-${merchantOf.get(l.index)}`))];
      for (const o of orders) {
        const discountOnOrder = sum(a.lines.filter((l) => `order-${merchantOf.get(l.index)}` === o).map((l) => l.discountFen));
        assert.equal(sum(cells.filter((c) => c.orderKey === o).map((c) => c.costFen)), discountOnOrder, `seed ${seed}: row ${o}`);
      }
      for (const f of a.funders) assert.equal(sum(cells.filter((c) => c.merchantId === f.merchantId).map((c) => c.costFen)), f.costFen, `seed ${seed}: column ${f.merchantId}`);

      for (const o of orders) {
        const cost = a.funders.map((f) => ({ merchantId: f.merchantId, costFen: sum(cells.filter((c) => c.orderKey === o && c.merchantId === f.merchantId).map((c) => c.costFen)) }));
        const orderLines = lines.filter((l) => `order-${l.merchantId}` === o);
        const paid = sum(orderLines.map((l) => l.quantity * l.unitPriceFen)) - sum(orderLines.map((l) => q.lines.find((x) => x.index === l.index)!.discountFen));
        if (paid === 0) {
          // Fully discounted: nothing to refund in proportion; its cancellation reverses the cost once.
          assert.deepEqual(costReversal(cost, 0, 0, 0), cost, `seed ${seed}: zero-paid order reversed whole`);
          continue;
        }
        const partial = r.int(0, paid);
        const first = costReversal(cost, paid, 0, partial);
        const rest = costReversal(cost, paid, partial, paid - partial);
        cost.forEach((c, i) => {
          assert.ok(first[i]!.costFen >= 0 && rest[i]!.costFen >= 0, `seed ${seed}: reversals are never negative`);
          assert.equal(c.costFen - first[i]!.costFen - rest[i]!.costFen, 0, `seed ${seed}: ${c.merchantId} back to 0 on ${o}`);
        });
      }
    }
  }
  // The generator must exercise what the properties are about.
  assert.ok(appliedSeen > 300, `applied ${appliedSeen}`);
  assert.ok(stackedSeen > 30, `stacked ${stackedSeen}`);
  assert.ok(cappedRefusals > 30, `limits refused ${cappedRefusals}`);
});
