/**
 * The checkout and order-lookup part of `npm run bench`: checkouts per second through the gateway
 * over many products and on one hot product, and my orders / an order desk page at ×1 and ×100 order
 * history. Bounded: fixed counts against localhost, real Keycloak tokens.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { gql, signedGql, type GqlResponse } from '@alliance/testing';
import { addBulkProducts } from '../../subgraphs/merchants/src/seed/bulk.js';
import { step } from './log.js';
import { figuresRow, load, tokenCache, type Figures } from './bench-load.js';

export interface OrderBenchStack {
  gatewayUrl: string;
  merchantsUrl: string;
  keycloakUrl: string;
}


const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 400);
const HOT_CHECKOUTS = Number(process.env.BENCH_HOT_CHECKOUTS ?? 200);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 200);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 10);
const CONCURRENCY = 16;
const PLACE = `mutation Place($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id orders { id } } userErrors { code message } } }`;
const MY_ORDERS = `query MyOrders { myOrders(first: 10) { edges { node { id status total { amountFen } merchant { name } lines { productName quantity } } } pageInfo { hasNextPage } } }`;
const DESK = `query Desk { orderDesk(merchantId: "m-fruit", first: 10) { counts { status count } orders { edges { node { id status pickupCode buyer { name maskedPhone } total { amountFen } } } } } }`;


const placeFailed = (r: GqlResponse) => !!r.errors || !(r.data as { placeOrder?: { checkout: unknown } })?.placeOrder?.checkout;
const queryFailed = (r: GqlResponse) => !!r.errors;

export async function benchOrders(stack: OrderBenchStack, secret: string, conn: Connection): Promise<string> {
  const tokenOf = tokenCache(stack.keycloakUrl);
  const [alice, bob, owner] = ['alice', 'bob', 'fruit-owner'] as const;
  const place = async (user: string, lines: unknown[]) =>
    gql(stack.gatewayUrl, PLACE, { input: { lines, pickupPointId: 'pp-cuiyuan', paymentMethod: 'ON_HANDOVER', idempotencyKey: `bench-${randomUUID()}` } }, { token: await tokenOf(user) });
  // Stock for the run: 2,000 products of 8 shops with ample units, and the hot product restocked.
  await addBulkProducts(conn, 'demo', 2000, 'orders', 1_000_000);
  const restock = await gql(
    stack.gatewayUrl,
    `mutation { adjustStock(productId: "p-fruit-01", delta: 100000, reason: "bench", idempotencyKey: "bench-${randomUUID()}") { spec { stock } userErrors { code } } }`,
    {},
    { token: await tokenOf(owner) },
  );
  if (restock.errors) throw new Error(`restocking the hot product failed: ${JSON.stringify(restock.errors)}`);

  const directTrips = async (query: string, user: string) => {
    const r = (await signedGql(stack.merchantsUrl, secret, query, {}, { target: 'merchants', allianceId: 'demo', token: await tokenOf(user) })) as GqlResponse;
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return (r.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips;
  };
  const lookups = async (label: string) => {
    const mine = await load(`my orders (${label})`, LOOKUPS, 4, async () => gql(stack.gatewayUrl, MY_ORDERS, {}, { token: await tokenOf(alice) }), queryFailed);
    const desk = await load(`order desk (${label})`, LOOKUPS, 4, async () => gql(stack.gatewayUrl, DESK, {}, { token: await tokenOf(owner) }), queryFailed);
    return { mine, desk, mineTrips: await directTrips(MY_ORDERS, alice), deskTrips: await directTrips(DESK, owner) };
  };

  step(`Orders: alice's history ×1 (${HISTORY} orders), then ×100 (${HISTORY * 100})…`);
  // One shopper's history is built at the pace one person could: her own stream is not a contention test.
  const history = (n: number) => load('history', n, 4, () => place(alice, [{ productId: 'p-fruit-01', quantity: 1 }]), placeFailed);
  await history(HISTORY);
  const x1 = await lookups('×1');
  const grown = await history(HISTORY * 99);
  if (grown.errors) throw new Error(`${grown.errors} history checkouts failed, e.g. ${grown.firstFailure}`);
  const x100 = await lookups('×100');

  step(`Checkouts through the gateway: ${CHECKOUTS} over 2,000 products, ${HOT_CHECKOUTS} on one hot product, concurrency ${CONCURRENCY}…`);
  // The same one-line checkout over 2,000 products, then on one product: the difference is the
  // contention on that product's stock stream. A two-shop cart shows what a second order costs.
  const many = await load('checkout, 1 line, many products', CHECKOUTS, CONCURRENCY, (i) => place(bob, [{ productId: `orders-p-${(i * 7919) % 2000}`, quantity: 1 }]), placeFailed);
  const hot = await load('checkout, 1 line, one hot product', HOT_CHECKOUTS, CONCURRENCY, () => place(bob, [{ productId: 'p-fruit-01', quantity: 1 }]), placeFailed);
  const twoShops = await load('checkout, 2 shops (2 orders)', HOT_CHECKOUTS, CONCURRENCY, (i) => {
    const a = (i * 7919) % 2000;
    // Products rotate over the batch's 8 shops: the next product is another shop's.
    return place(bob, [
      { productId: `orders-p-${a}`, quantity: 1 },
      { productId: `orders-p-${(a + 1) % 2000}`, quantity: 1 },
    ]);
  }, placeFailed);

  const row = figuresRow;
  const ratio = (a: Figures, b: Figures) => `p50 ${(b.p50 / a.p50).toFixed(2)}×, p95 ${(b.p95 / a.p95).toFixed(2)}×`;
  if (many.errors || hot.errors || twoShops.errors || x1.mine.errors || x100.mine.errors || x1.desk.errors || x100.desk.errors) process.exitCode = 1;
  return `
Checkouts through the gateway (concurrency ${CONCURRENCY}; each places, reserves and lists its orders)
${row(many)}
${row(hot)}
${row(twoShops)}
  hot/many: ${ratio(many, hot)}; throughput ${(hot.rps / many.rps).toFixed(2)}×

Order lookups through the gateway as history grows (concurrency 4; 10 orders per page, full at ×1 and ×100)
${row(x1.mine)}
${row(x100.mine)}
  my orders ×100/×1: ${ratio(x1.mine, x100.mine)}; database round trips per request ${x1.mineTrips} → ${x100.mineTrips}
${row(x1.desk)}
${row(x100.desk)}
  order desk ×100/×1: ${ratio(x1.desk, x100.desk)}; database round trips per request ${x1.deskTrips} → ${x100.deskTrips}
`;
}
