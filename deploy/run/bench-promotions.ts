/**
 * The promotions part of `npm run bench`: a 20-line quote through the gateway with 50 live
 * promotions, then again once the alliance has 5,000 ended promotions (which must not slow it), the
 * database round trips and subgraph fetches behind one quote, and checkouts per second with no live
 * promotion vs. one that every checkout redeems (one usage stream, the hot spot). Bounded: fixed
 * counts against localhost, real Keycloak tokens; every promotion made here is ended at the end.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Connection } from 'mongoose';
import { factId } from '@alliance/store';
import { getServiceToken, gql, signedGql, type GqlResponse } from '@alliance/testing';
import { DEMO_SHOPS } from '../../subgraphs/merchants/src/seed/demo-alliance.js';
import { PromotionRepository } from '../../subgraphs/promotions/src/promotion/promotion.repository.js';
import { promotionProjection, type PromotionFact } from '../../subgraphs/promotions/src/promotion/promotion.rules.js';
import { step } from './log.js';
import { burst, figuresRow, load, pct, tokenCache, type Figures } from './bench-load.js';

export interface PromotionBenchStack {
  gatewayUrl: string;
  merchantsUrl: string;
  promotionsUrl: string;
  keycloakUrl: string;
}


const QUOTES = Number(process.env.BENCH_QUOTES ?? 150);
const QUOTE_CONCURRENCY = 4;
const ENDED = Number(process.env.BENCH_ENDED_PROMOTIONS ?? 5000);
const CHECKOUTS = Number(process.env.BENCH_PROMOTION_CHECKOUTS ?? 100);
/** Sequential checkouts per side: what the promotion adds to one checkout without contention. */
const SEQUENTIAL = Number(process.env.BENCH_PROMOTION_SEQUENTIAL ?? 12);
const CONCURRENCY = 16;
const ALLIANCE = 'demo';
const DAY = 86_400_000;

const PROMOTION_FIELDS = 'id status live';
const PROPOSE = `mutation Propose($input: ProposePromotionInput!) { proposePromotion(input: $input) { promotion { ${PROMOTION_FIELDS} } userErrors { code field message } } }`;
const RESPOND = `mutation Respond($id: ID!) { respondToPromotion(id: $id, accept: true) { promotion { ${PROMOTION_FIELDS} } userErrors { code message } } }`;
const END = `mutation End($id: ID!) { endPromotion(id: $id) { promotion { ${PROMOTION_FIELDS} } userErrors { code } } }`;
const PAUSE = `mutation Pause($id: ID!) { pausePromotion(id: $id) { promotion { ${PROMOTION_FIELDS} } userErrors { code } } }`;
const RESUME = `mutation Resume($id: ID!) { resumePromotion(id: $id) { promotion { ${PROMOTION_FIELDS} } userErrors { code } } }`;
const USAGE = `query Usage($id: ID!) { promotion(id: $id) { usage { redemptions discountGiven { amountFen } } } }`;
// What the portal's cart asks (web/src/lib/quote-api.ts), with the funders of each applied promotion.
const QUOTE = `query Quote($lines: [OrderLineInput!]!) { quote(lines: $lines) { promotionsAvailable subtotal { amountFen } discountTotal { amountFen } total { amountFen }
  lines { index productId specId discount { amountFen } } applied { promotionId kind title explanation amount { amountFen } funders { merchant { id } cost { amountFen } } } userErrors { code } } }`;
const DISCOUNTS = `query Discounts($request: DiscountRequest!) { discounts(request: $request) { totalDiscountFen applied { promotionId amountFen } } }`;
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id discountTotal { amountFen } } userErrors { code message } } }`;
const RESTOCK = `mutation Restock($productId: ID!, $key: String!) { adjustStock(productId: $productId, delta: 100000, reason: "bench", idempotencyKey: $key) { spec { stock } userErrors { code } } }`;

/** The demo catalogue as promotions sees a priced line: shop, category and price of each product. */
const CATALOGUE = new Map<string, { merchantId: string; category: string; priceFen: number }>(
  DEMO_SHOPS.flatMap((shop) =>
    shop.products.map(([, , priceFen, , category], i) => [`p-${shop.id.slice(2)}-${String(i + 1).padStart(2, '0')}`, { merchantId: shop.id, category, priceFen }] as const),
  ),
);

/** 20 lines over all 8 demo shops (products with one spec, so no specId is needed). */
const CART = [
  'p-fruit-01', 'p-fruit-03', 'p-fruit-04', 'p-fruit-07', 'p-fruit-08',
  'p-bakery-01', 'p-bakery-02', 'p-bakery-04', 'p-bakery-08',
  'p-yogurt-02', 'p-yogurt-06', 'p-baby-02', 'p-fresh-03', 'p-fresh-06', 'p-fresh-07',
  'p-fruit2-02', 'p-fruit2-03', 'p-tea-01', 'p-tea-04', 'p-home-03',
].map((productId, i) => ({ productId, quantity: 1 + (i % 3 === 0 ? 1 : 0) }));

/** One-spec products of the two shops whose owners sign in (fruit-owner, bakery-owner): the checkout carts. */
const FRUIT = ['p-fruit-01', 'p-fruit-02', 'p-fruit-03', 'p-fruit-04', 'p-fruit-06', 'p-fruit-07', 'p-fruit-08', 'p-fruit-09', 'p-fruit-10'];
const BAKERY = ['p-bakery-01', 'p-bakery-02', 'p-bakery-03', 'p-bakery-04', 'p-bakery-05', 'p-bakery-06', 'p-bakery-08', 'p-bakery-09'];

type Input = Record<string, unknown>;
const split = (fruit = 50) => [
  { merchantId: 'm-fruit', percent: fruit },
  { merchantId: 'm-bakery', percent: 100 - fruit },
];

/**
 * 50 promotions between the fruit shop and the bakery (the demo shops whose owners can sign in), of
 * every kind: some apply to the cart above (a stack group of spend-and-save and presale that combine,
 * exclusive percent-off, bundles, limited ones), others cannot (a threshold out of reach, products or
 * categories not in the cart, a coupon or group-buy the shopper does not hold, a new-member price).
 */
function quotePromotions(): Input[] {
  const now = Date.now();
  const base = (i: number, over: Input): Input => ({
    title: `基准 ${i} ${String(over.kind).toLowerCase()}`.slice(0, 40),
    partnerIds: ['m-bakery'],
    funding: split(i % 2 ? 50 : 70),
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 7 * DAY).toISOString(),
    idempotencyKey: `bench-promo-${randomUUID()}`,
    ...over,
  });
  const templates: [count: number, make: (k: number) => Input][] = [
    // Applies, stacking with each other and with the presales below.
    [10, (k) => ({ kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 5000 + 100 * k, discountFen: 100 + 10 * k, stackGroup: 'bench-stack' })],
    // Out of reach: the two shops' lines come to about ¥150.
    [8, (k) => ({ kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 200_000 + 1000 * k, discountFen: 5000 })],
    // Applies alone (exclusive): percent off the fruit and bakery categories, capped.
    [5, (k) => ({ kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 3000, percentOff: 5 + k, maxDiscountFen: 600 + 100 * k, categories: ['fruit', 'bakery'] })],
    // Products not in the cart.
    [5, (k) => ({ kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 1000, discountFen: 200 + k, productIds: ['p-fruit-05', 'p-bakery-07'] })],
    // A bundle in the cart (赣南脐橙 + 芝士蛋挞), and one that is not.
    [4, (k) => ({ kind: 'BUNDLE', bundlePriceFen: 1100 + 10 * k, productIds: ['p-fruit-04', 'p-bakery-08'] })],
    [3, (k) => ({ kind: 'BUNDLE', bundlePriceFen: 5000 + k, productIds: ['p-fruit-10', 'p-bakery-09'] })],
    // Only for a member's first order in the alliance.
    [3, (k) => ({ kind: 'NEW_MEMBER', discountFen: 300 + k })],
    // Need a coupon or a group the shopper does not hold.
    [3, (k) => ({ kind: 'CROSS_STORE_COUPON', discountFen: 300 + k })],
    [3, (k) => ({ kind: 'GROUP_BUY', groupSize: 3, discountFen: 100 + k, productIds: ['p-fruit-01'] })],
    // Applies per unit, in the stack group.
    [3, (k) => ({ kind: 'PRESALE', discountFen: 50 + k, productIds: ['p-fruit-03', 'p-bakery-04'], totalLimit: 100_000, pickupDate: new Date(now + 8 * DAY).toISOString(), stackGroup: 'bench-stack' })],
    // Applies alone, limited per member and by budget (one more usage read per quote each).
    [3, (k) => ({ kind: 'SPEND_ACROSS_SHOPS', minSpendFen: 4000, discountFen: 700 + k, perMemberLimit: 1, budgetFen: 10_000_000, funding: [{ merchantId: 'm-fruit', percent: 50, capFen: 5_000_000 }, { merchantId: 'm-bakery', percent: 50 }] })],
  ];
  const out: Input[] = [];
  for (const [count, make] of templates) for (let k = 0; k < count; k++) out.push(base(out.length, make(k)));
  return out;
}

/**
 * The ended promotions of the second measurement, written straight to the store (not through the
 * API): each is the stream PromotionRepository keeps — a proposal fact, an end fact and the head with
 * the projected state — inserted in batches. Appending them one by one took 90 s for 5,000 on this
 * machine (8 round trips each), more than the whole part may take; a sample is then read back through
 * PromotionRepository, so a change of the stream layout fails here instead of measuring nothing.
 */
async function addEndedPromotions(conn: Connection, count: number): Promise<number> {
  const started = performance.now();
  const docs = conn.collection('promotions');
  const at = new Date(Date.now() - 30 * DAY).toISOString();
  const BATCH = 500;
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => {
      const id = `bench-ended-${from + k}`;
      const proposed: Extract<PromotionFact, { type: 'PROPOSED' }> = {
        type: 'PROPOSED',
        id,
        allianceId: ALLIANCE,
        terms: {
          id,
          kind: 'SPEND_ACROSS_SHOPS',
          title: `已结束 ${from + k}`,
          merchantIds: ['m-fruit', 'm-bakery'],
          funding: split(),
          minSpendFen: 2000,
          minShops: 2,
          discountFen: 300,
          startsAt: Date.now() - 60 * DAY,
          endsAt: Date.now() - 30 * DAY,
        },
        limits: { totalLimit: null, perMemberLimit: null, budgetFen: null },
        termsHash: id,
        proposerId: 'm-fruit',
        partnerIds: ['m-bakery'],
        needsApproval: false,
        counterTo: null,
        at,
        by: 'bench',
      };
      const ended: PromotionFact = { type: 'ENDED', at, by: 'bench' };
      const state = promotionProjection.evolve(promotionProjection.evolve(null, proposed), ended);
      const stream = `${ALLIANCE}:promo:${id}`;
      return [
        { _id: factId(stream, 1), kind: 'fact', streamId: stream, version: 1, data: proposed },
        { _id: factId(stream, 2), kind: 'fact', streamId: stream, version: 2, data: ended },
        { _id: stream, kind: 'head', version: 2, snapshot: { version: 2, state } },
      ];
    }).flat();
    await docs.insertMany(rows as never[], { ordered: false });
  }
  const repo = new PromotionRepository(conn);
  for (const i of [0, Math.floor(count / 2), count - 1]) {
    const read = await repo.get(ALLIANCE, `bench-ended-${i}`);
    if (read?.state.status !== 'ENDED' || read.version !== 2) throw new Error(`ended promotion bench-ended-${i} does not read back through PromotionRepository: ${JSON.stringify(read)?.slice(0, 200)}`);
  }
  return (performance.now() - started) / 1000;
}


/** Several bursts of one kind taken as one figure (their latencies pooled, their times summed). */
function pool(label: string, parts: Figures[], latencies: number[][]): Figures {
  const sorted = latencies.flat().sort((a, b) => a - b);
  const count = parts.reduce((s, p) => s + p.count, 0);
  const seconds = parts.reduce((s, p) => s + p.count / p.rps, 0);
  const failure = parts.find((p) => p.firstFailure)?.firstFailure;
  return { label, count, rps: count / seconds, p50: pct(sorted, 50), p95: pct(sorted, 95), errors: parts.reduce((s, p) => s + p.errors, 0), ...(failure ? { firstFailure: failure } : {}) };
}

interface QuoteData {
  quote: { promotionsAvailable: boolean; discountTotal: { amountFen: number }; subtotal: { amountFen: number }; applied: { promotionId: string; kind: string }[]; userErrors: unknown[] };
}
const quoteFailed = (r: GqlResponse) => {
  const q = (r.data as QuoteData | null | undefined)?.quote;
  return !!r.errors || !q || !q.promotionsAvailable || q.userErrors.length > 0 || q.discountTotal.amountFen <= 0;
};

/** The subject (Keycloak `sub`) of an access token: the member id merchants sends promotions. */
const subjectOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

export async function benchPromotions(stack: PromotionBenchStack, secret: string, conn: Connection): Promise<string> {
  const partStarted = performance.now();
  const loadBefore = os.loadavg()[0]!;
  const tokenOf = tokenCache(stack.keycloakUrl);
  const call = async (user: string, query: string, variables: Record<string, unknown>) => {
    const r = (await gql(stack.gatewayUrl, query, variables, { token: await tokenOf(user) })) as GqlResponse<Record<string, { promotion: { id: string; status: string; live: boolean } | null; userErrors: { code: string }[] }>>;
    const payload = r.data && Object.values(r.data)[0];
    if (r.errors || !payload || payload.userErrors.length) throw new Error(`${query.slice(0, 40)}… failed: ${JSON.stringify(r.errors ?? payload?.userErrors)}`);
    return payload.promotion!;
  };
  const created: string[] = [];
  const launch = async (input: Input) => {
    const p = await call('fruit-owner', PROPOSE, { input });
    created.push(p.id);
    const accepted = await call('bakery-owner', RESPOND, { id: p.id });
    if (!accepted.live) throw new Error(`promotion ${p.id} is ${accepted.status} after the bakery accepted`);
    return p.id;
  };
  const endAll = async () => {
    for (const id of created.splice(0)) await call('fruit-owner', END, { id });
  };

  try {
    step('Promotions: 50 live promotions proposed by fruit-owner and accepted by bakery-owner through the gateway…');
    const inputs = quotePromotions();
    let launched = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (launched < inputs.length) await launch(inputs[launched++]!);
      }),
    );

    const alice = 'alice';
    const quote = async () => gql(stack.gatewayUrl, QUOTE, { lines: CART }, { token: await tokenOf(alice) });
    const serviceToken = await getServiceToken(stack.keycloakUrl, 'merchants');
    const request = {
      lines: CART.map((l, index) => {
        const p = CATALOGUE.get(l.productId)!;
        return { index, productId: l.productId, merchantId: p.merchantId, category: p.category, quantity: l.quantity, unitPriceFen: p.priceFen };
      }),
      memberId: subjectOf(await tokenOf(alice)),
      firstOrder: false,
    };
    // The command merchants sends promotions for this cart, signed with merchants' service account.
    const discounts = () => signedGql(stack.promotionsUrl, secret, DISCOUNTS, { request }, { target: 'promotions', allianceId: ALLIANCE, token: serviceToken });
    const health = async () => ((await (await fetch(stack.promotionsUrl.replace(/\/graphql$/, '/healthz'))).json()) as { promotions?: { liveReloads: number } }).promotions?.liveReloads ?? NaN;
    /** Round trips and fetches of one quote, taken after a warm quote (the live set cached). */
    const counts = async () => {
      await quote();
      const g = await quote();
      if (quoteFailed(g)) throw new Error(`the benchmark quote failed: ${JSON.stringify(g.errors ?? g.data)}`);
      const m = (await signedGql(stack.merchantsUrl, secret, QUOTE, { lines: CART }, { target: 'merchants', allianceId: ALLIANCE, token: await tokenOf(alice) })) as GqlResponse;
      const p = (await discounts()) as GqlResponse;
      if (m.errors || p.errors) throw new Error(JSON.stringify(m.errors ?? p.errors));
      const q = (g.data as unknown as QuoteData).quote;
      const kinds = new Map<string, number>();
      for (const a of q.applied) kinds.set(a.kind, (kinds.get(a.kind) ?? 0) + 1);
      return {
        fetches: (g.extensions?.metrics as { subgraphFetches: number }).subgraphFetches,
        merchantsTrips: (m.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips,
        promotionsTrips: (p.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips,
        discountFen: q.discountTotal.amountFen,
        subtotalFen: q.subtotal.amountFen,
        applied: `${q.applied.length} applied (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})`,
      };
    };
    const quotes = async (label: string) => {
      for (let i = 0; i < 10; i++) await quote();
      const reloadsBefore = await health();
      const f = await load(`quote, ${label}`, QUOTES, QUOTE_CONCURRENCY, quote, quoteFailed);
      const command = await load(`  its discounts command, direct`, QUOTES / 3, QUOTE_CONCURRENCY, discounts, (r) => !!r.errors);
      return { f, command, reloads: (await health()) - reloadsBefore };
    };

    step(`Quotes: a ${CART.length}-line cart over the 8 demo shops, ${QUOTES} at concurrency ${QUOTE_CONCURRENCY}, with 50 live promotions…`);
    const before = await counts();
    const fresh = await quotes('50 live');

    step(`Writing ${ENDED} ENDED promotions (proposal + end facts) straight to the store…`);
    const endedSeconds = await addEndedPromotions(conn, ENDED);
    const promotionDocs = await conn.collection('promotions').estimatedDocumentCount();
    const after = await counts();
    const grown = await quotes(`50 live + ${ENDED} ended`);
    if (after.discountFen !== before.discountFen) throw new Error(`the quote changed with ended promotions: ${before.discountFen} → ${after.discountFen} fen off`);
    await endAll();

    step(`Checkouts (fruit + bakery line): ${CHECKOUTS} with no live promotion and ${CHECKOUTS} redeeming one SPEND_ACROSS_SHOPS promotion at concurrency ${CONCURRENCY}, then ${SEQUENTIAL} of each one at a time…`);
    for (const productId of [...FRUIT, ...BAKERY]) {
      const owner = productId.startsWith('p-fruit') ? 'fruit-owner' : 'bakery-owner';
      const r = await gql(stack.gatewayUrl, RESTOCK, { productId, key: `bench-${randomUUID()}` }, { token: await tokenOf(owner) });
      if (r.errors) throw new Error(`restocking ${productId} failed: ${JSON.stringify(r.errors)}`);
    }
    const hot = await launch({
      kind: 'SPEND_ACROSS_SHOPS',
      title: '基准 跨店满减（结账）',
      partnerIds: ['m-bakery'],
      funding: split(),
      minSpendFen: 1000,
      minShops: 2,
      discountFen: 100,
      totalLimit: 10_000_000,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + DAY).toISOString(),
      idempotencyKey: `bench-promo-${randomUUID()}`,
    });
    let cartNo = 0;
    const place = async () => {
      // Carts walk the 9 × 8 pairs of restocked products: the same carts on both sides.
      const i = cartNo++;
      const lines = [
        { productId: FRUIT[i % FRUIT.length]!, quantity: 1 },
        { productId: BAKERY[Math.floor(i / FRUIT.length) % BAKERY.length]!, quantity: 1 },
      ];
      return gql(stack.gatewayUrl, PLACE, { input: { lines, pickupPointId: 'pp-cuiyuan', paymentMethod: 'ON_HANDOVER', idempotencyKey: `bench-${randomUUID()}` } }, { token: await tokenOf('bob') });
    };
    const discountOf = (r: GqlResponse) => (r.data as { placeOrder?: { checkout: { discountTotal: { amountFen: number } } | null } } | null)?.placeOrder?.checkout?.discountTotal.amountFen;
    // With the promotion every checkout must be discounted (a redemption the usage stream refused
    // counts as a failure); without it none may be.
    const placed = (live: boolean) => (r: GqlResponse) => {
      const d = discountOf(r);
      return !!r.errors || d === undefined || (live ? d <= 0 : d !== 0);
    };
    const warmUp = await load('warm-up', 32, CONCURRENCY, place, placed(true));
    /**
     * Rounds alternate (the promotion paused = not live, then resumed) so drift on the shared machine
     * falls on both sides alike; each side's latencies are pooled.
     */
    const alternate = async (count: number, concurrency: number, rounds: number, label: string) => {
      const sides = [false, true].map((live) => ({ live, latencies: [] as number[], seconds: 0, errors: 0, firstFailure: undefined as string | undefined }));
      for (let round = 0; round < rounds; round++) {
        for (const side of sides) {
          await call('fruit-owner', side.live ? RESUME : PAUSE, { id: hot });
          const r = await burst(Math.ceil(count / rounds), place, side.latencies, concurrency, placed(side.live));
          side.seconds += r.seconds;
          side.errors += r.errors;
          side.firstFailure ??= r.firstFailure;
        }
      }
      return sides.map((side): Figures => {
        const sorted = side.latencies.sort((a, b) => a - b);
        return {
          label: `${label}, ${side.live ? 'one promotion redeemed' : 'no live promotion'}`,
          count: sorted.length,
          rps: sorted.length / side.seconds,
          p50: pct(sorted, 50),
          p95: pct(sorted, 95),
          errors: side.errors,
          ...(side.firstFailure ? { firstFailure: side.firstFailure } : {}),
        };
      }) as [Figures, Figures];
    };
    const [plain, promo] = await alternate(CHECKOUTS, CONCURRENCY, 2, `c${CONCURRENCY}`);
    const [plainOne, promoOne] = await alternate(SEQUENTIAL, 1, 2, 'c1');
    const usage = (await gql(stack.gatewayUrl, USAGE, { id: hot }, { token: await tokenOf('fruit-owner') })) as GqlResponse<{ promotion: { usage: { redemptions: number } } }>;
    const redemptions = usage.data?.promotion.usage.redemptions ?? NaN;
    const expected = warmUp.count - warmUp.errors + promo.count - promo.errors + promoOne.count - promoOne.errors;
    await endAll();

    const row = figuresRow;
    const ratio = (a: Figures, b: Figures) => `p50 ${(b.p50 / a.p50).toFixed(2)}×, p95 ${(b.p95 / a.p95).toFixed(2)}×`;
    const failures = [fresh.f, fresh.command, grown.f, grown.command, plain, promo, plainOne, promoOne].filter((f) => f.errors).map((f) => `  first failure of "${f.label.trim()}": ${f.firstFailure}`);
    if (failures.length || redemptions !== expected) process.exitCode = 1;
    const seconds = (performance.now() - partStarted) / 1000;
    return `
Promotions (${seconds.toFixed(0)} s for this part; 1-minute load average ${loadBefore.toFixed(1)} at its start, ${os.loadavg()[0]!.toFixed(1)} at its end)

Quotes through the gateway: ${CART.length} lines over the 8 demo shops (subtotal ¥${(before.subtotalFen / 100).toFixed(2)}), alice, concurrency ${QUOTE_CONCURRENCY};
50 live promotions of the fruit shop and the bakery, every kind: ${before.applied}, ¥${(before.discountFen / 100).toFixed(2)} off
${row(fresh.f)}
${row(fresh.command)}
${row(grown.f)}
${row(grown.command)}
  ×${ENDED} ended / before: ${ratio(fresh.f, grown.f)} (the ${ENDED} ENDED promotions — a proposal fact and an end fact each — were
  written straight to the database, not through the API, in ${endedSeconds.toFixed(1)} s; ${promotionDocs} documents in promotions)
  live-set reloads during the quotes: ${fresh.reloads} → ${grown.reloads}
  per quote: subgraph fetches at the gateway ${before.fetches} → ${after.fetches}; database round trips in merchants ${before.merchantsTrips} → ${after.merchantsTrips},
  in promotions (its discounts command) ${before.promotionsTrips} → ${after.promotionsTrips}

Checkouts through the gateway with and without a live promotion (a fruit line and a bakery line: two orders; the
same carts on both sides, in 2 alternating rounds; without = the promotion paused)
${row(plain)}
${row(promo)}
  with/without at c${CONCURRENCY}: ${ratio(plain, promo)}; throughput ${(promo.rps / plain.rps).toFixed(2)}×
${row(plainOne)}
${row(promoOne)}
  with/without at c1: ${ratio(plainOne, promoOne)}
  redemptions on the promotion's usage stream: ${redemptions} (expected ${expected}: every discounted checkout, warm-up included)
${failures.join('\n')}`;
  } finally {
    // Whatever happened, the alliance's carts price as before the benchmark.
    await endAll().catch((err) => console.error(`could not end the benchmark's promotions: ${(err as Error).message}`));
  }
}
