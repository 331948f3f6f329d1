/**
 * `npm run bench`: the storefront query (24 products with their merchants) through the gateway and
 * straight to the merchants subgraph under the same concurrent load, in one run, plus database round
 * trips per request at page sizes 24 and 96. Bounded: a fixed number of requests against localhost.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gql, signedGql, type GqlResponse } from '@alliance/testing';
import { step } from './log.js';
import { onShutdownSignals, stopAll } from './processes.js';
import { dropDatabase, startStack } from './stack.js';
import { withDatabase } from '@alliance/store';
import mongoose from 'mongoose';
import { addBulkProducts } from '../../subgraphs/merchants/src/seed/bulk.js';
import { burst, pct } from './bench-load.js';
import { benchOrders } from './bench-orders.js';
import { benchPromotions } from './bench-promotions.js';
import { benchSettlement } from './bench-settlement.js';
import { benchMembers } from './bench-members.js';
import { benchStorefrontPhotos } from './bench-storefront.js';
import { benchMedia } from './bench-media.js';

/**
 * BENCH_ONLY=orders, =promotions, =settlement, =members or =storefront: a short storefront part, no data
 * growth and only that part (iterating on its figures).
 */
const ONLY = process.env.BENCH_ONLY;
const PARTS = ['orders', 'promotions', 'settlement', 'members', 'storefront'];
if (ONLY !== undefined && !PARTS.includes(ONLY)) throw new Error(`BENCH_ONLY is one of ${PARTS.join(', ')}, not ${ONLY}`);
/** The phone LCP part needs the portal (and its build). */
const WITH_PORTAL = ONLY === undefined || ONLY === 'storefront';
const SHORT = ONLY !== undefined;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (SHORT ? 200 : 2000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const QUERY = `query Storefront($first: Int) { storefront(first: $first) { totalCount
  edges { node { id name price { amountFen currency } stock category merchant { id name neighborhood badge } } }
  pageInfo { hasNextPage endCursor } } }`;

const FILTERED = `query Filtered($filter: StorefrontFilter) { storefront(first: 24, filter: $filter) { totalCount
  edges { node { id name price { amountFen } merchant { id name } } } } }`;

interface Result {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  errors: number;
}

const GROWTH_REQUESTS = Number(process.env.BENCH_GROWTH_REQUESTS ?? 300);
const DEMO_PRODUCTS = 73;

interface Latency {
  p50: number;
  p95: number;
}

/** Latency of one query at a modest, fixed concurrency (the growth table compares sizes, not loads). */
async function measure(send: () => Promise<GqlResponse>, count = GROWTH_REQUESTS, concurrency = 4): Promise<Latency> {
  for (let i = 0; i < 20; i++) await send();
  const latencies: number[] = [];
  const { errors } = await burst(count, send, latencies, concurrency, (r) => !!r.errors);
  if (errors) throw new Error(`benchmark query failed ${errors} times`);
  const sorted = latencies.sort((x, y) => x - y);
  return { p50: pct(sorted, 50), p95: pct(sorted, 95) };
}


const storefrontFailed = (r: GqlResponse) => !!r.errors || (r.data as { storefront?: { edges: unknown[] } })?.storefront?.edges.length !== 24;

/**
 * Alternates short rounds of each target so drift on a shared machine (JIT, caches, other load)
 * falls on both alike, instead of on whichever target happened to run second.
 */
async function compare(targets: { label: string; send: () => Promise<GqlResponse> }[], rounds = 4): Promise<Result[]> {
  for (const t of targets) for (let i = 0; i < 50; i++) await t.send(); // warm-up
  const acc = targets.map(() => ({ latencies: [] as number[], seconds: 0, errors: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, t] of targets.entries()) {
      const a = acc[i]!;
      const r = await burst(Math.ceil(REQUESTS / rounds), t.send, a.latencies, CONCURRENCY, storefrontFailed);
      a.seconds += r.seconds;
      a.errors += r.errors;
    }
  }
  return targets.map((t, i) => {
    const a = acc[i]!;
    const sorted = a.latencies.sort((x, y) => x - y);
    return { label: t.label, rps: sorted.length / a.seconds, p50: pct(sorted, 50), p95: pct(sorted, 95), errors: a.errors };
  });
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'alliance-bench-'));
const secret = randomBytes(32).toString('hex');
const database = `alliance_bench_${Date.now().toString(36)}`;
// On a server we did not start, use a throw-away database and drop it afterwards.
const externalMongo = process.env.MONGODB_URI ? withDatabase(process.env.MONGODB_URI, database) : undefined;
async function cleanUp(): Promise<void> {
  await stopAll();
  rmSync(tmp, { recursive: true, force: true });
  if (externalMongo) await dropDatabase(externalMongo).catch((err) => console.error(`could not drop ${database}: ${(err as Error).message}`));
}
onShutdownSignals(cleanUp);
try {
  step(`Benchmark: ${REQUESTS} requests per target at concurrency ${CONCURRENCY} (2 cores shared by client and servers)`);
  const stack = await startStack({
    ports: { ferretdb: 27217, nats: 24222, natsMonitor: 28222, keycloak: 28080, keycloakManagement: 29000, merchants: 24001, members: 24002, promotions: 24003, commissions: 24004, gateway: 24000, web: 23000, s3: 25333 },
    mongodbUri: externalMongo,
    dataDir: tmp,
    database,
    reset: false,
    web: WITH_PORTAL,
    identity: true,
    echo: false,
    seed: true,
    serviceEnv: { GATEWAY_SECRET: secret, EXPOSE_METRICS: 'true', LOG_LEVEL: 'warn' },
  });
  const viaGateway = () => gql(stack.gatewayUrl, QUERY, { first: 24 }, { allianceId: 'demo' });
  const direct = () => signedGql(stack.merchantsUrl, secret, QUERY, { first: 24 }, { target: 'merchants', allianceId: 'demo' });

  const trips: Record<number, number> = {};
  const fetches: Record<number, number> = {};
  for (const first of [24, 96]) {
    const d = (await signedGql(stack.merchantsUrl, secret, QUERY, { first }, { target: 'merchants', allianceId: 'demo' })) as GqlResponse;
    const g = (await gql(stack.gatewayUrl, QUERY, { first }, { allianceId: 'demo' })) as GqlResponse;
    trips[first] = (d.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips;
    fetches[first] = (g.extensions?.metrics as { subgraphFetches: number }).subgraphFetches;
  }

  step('Loading the merchants subgraph directly and through the gateway, in alternating rounds…');
  const [d, g] = (await compare([
    { label: 'merchants subgraph (direct, signed)', send: direct },
    { label: 'gateway → merchants', send: viaGateway },
  ])) as [Result, Result];

  step('Data growth: storefront, category filter and search through the gateway as other alliances and this one grow…');
  const storefront = () => gql(stack.gatewayUrl, QUERY, { first: 24 }, { allianceId: 'demo' });
  const category = () => gql(stack.gatewayUrl, FILTERED, { filter: { category: 'bakery' } }, { allianceId: 'demo' });
  const search = () => gql(stack.gatewayUrl, FILTERED, { filter: { search: '黄桃' } }, { allianceId: 'demo' });
  let ordersReport = '';
  let promotionsReport = '';
  let settlementReport = '';
  let membersReport = '';
  let storefrontReport = '';
  const growth: { label: string; rows: number; storefront: Latency; category: Latency; search: Latency; trips: number }[] = [];
  const conn = await mongoose.createConnection(stack.mongodbUri).asPromise();
  let rows = DEMO_PRODUCTS;
  let demoRows = DEMO_PRODUCTS;
  const sample = async (label: string) => {
    // After a bulk load into this alliance, requests keep the old projection while the new one is
    // built in the background: time the first answer, and how long until the new rows are served.
    const firstStarted = performance.now();
    await storefront();
    const firstMs = performance.now() - firstStarted;
    let served = 0;
    for (let i = 0; i < 600 && served !== demoRows; i++) {
      const r = (await storefront()) as GqlResponse<{ storefront: { totalCount: number } }>;
      served = r.data?.storefront.totalCount ?? 0;
      if (served !== demoRows) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (served !== demoRows) throw new Error(`the storefront never showed the ${demoRows} products of the demo alliance (saw ${served})`);
    const rebuiltMs = performance.now() - firstStarted;
    const probe = (await signedGql(stack.merchantsUrl, secret, QUERY, { first: 24 }, { target: 'merchants', allianceId: 'demo' })) as GqlResponse;
    growth.push({ label, rows, storefront: await measure(storefront), category: await measure(category), search: await measure(search), trips: (probe.extensions?.metrics as { dbRoundTrips: number }).dbRoundTrips });
    console.log(`  ${label}: ${rows} products in the database; first answer after the load ${firstMs.toFixed(0)} ms, new rows served after ${rebuiltMs.toFixed(0)} ms`);
  };
  try {
    await sample('demo data (1×)');
    // Before the bulk loads: the phone sees the demo alliance's storefront, as a shopper would.
    if (WITH_PORTAL) {
      step('The storefront on a throttled phone, before and after photos on every card…');
      storefrontReport = (await benchStorefrontPhotos(stack, Number(process.env.BENCH_LCP_LOADS ?? 9))) + (await benchMedia());
    }
    for (const [alliance, batch, label] of (SHORT ? [] : [
      ['bench-other', 'other', 'other alliance'],
      ['demo', 'same', 'same alliance'],
    ]) as readonly (readonly ['bench-other' | 'demo', string, string])[]) {
      await addBulkProducts(conn, alliance, DEMO_PRODUCTS * 100, `${batch}100`);
      rows += DEMO_PRODUCTS * 100;
      if (alliance === 'demo') demoRows += DEMO_PRODUCTS * 100;
      await sample(`+ ${label} ×100`);
      await addBulkProducts(conn, alliance, DEMO_PRODUCTS * 300, `${batch}400`);
      rows += DEMO_PRODUCTS * 300;
      if (alliance === 'demo') demoRows += DEMO_PRODUCTS * 300;
      await sample(`+ ${label} ×400`);
    }
    if (ONLY === undefined || ONLY === 'orders') {
      step('Checkouts and order lookups…');
      ordersReport = await benchOrders(stack, secret, conn);
    }
    if (ONLY === undefined || ONLY === 'promotions') {
      step('Promotions: quotes and checkouts…');
      promotionsReport = await benchPromotions(stack, secret, conn);
    }
    if (ONLY === undefined || ONLY === 'settlement') {
      step('Settlement runs and ledger postings…');
      settlementReport = await benchSettlement(stack);
    }
    if (ONLY === undefined || ONLY === 'members') {
      step('The member pool: a shop’s consented members as the pool grows…');
      membersReport = await benchMembers(stack, secret, conn);
    }
  } finally {
    await conn.close();
  }
  const base = growth[0]!;
  const ms = (l: Latency) => `${l.p50.toFixed(1).padStart(6)} / ${l.p95.toFixed(1).padStart(6)} ms`;
  const growthTable = growth
    .map((g) => `  ${g.label.padEnd(24)} ${String(g.rows).padStart(7)}   ${ms(g.storefront)} (${(g.storefront.p50 / base.storefront.p50).toFixed(2)}×)   ${ms(g.category)}   ${ms(g.search)}   ${g.trips}`)
    .join('\n');

  const row = (r: Result) =>
    `  ${r.label.padEnd(36)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms   errors ${r.errors}`;
  console.log(`
Storefront, 24 products with their merchants (${REQUESTS} requests, concurrency ${CONCURRENCY})
${row(d)}
${row(g)}
  gateway/direct latency ratio: p50 ${(g.p50 / d.p50).toFixed(2)}×, p95 ${(g.p95 / d.p95).toFixed(2)}×; throughput ${(g.rps / d.rps).toFixed(2)}×

Database round trips per storefront request (merchants subgraph):
  first: 24 → ${trips[24]}    first: 96 → ${trips[96]}    ${trips[24] === trips[96] ? '(equal: merchants are batched, no N+1)' : '(NOT equal: N+1!)'}
Subgraph fetches per storefront operation at the gateway:
  first: 24 → ${fetches[24]}    first: 96 → ${fetches[96]}

Data growth, through the gateway (p50 / p95; ${GROWTH_REQUESTS} requests each at concurrency 4):
  data                      products   storefront (vs 1×)              category (bakery)   search 黄桃          db round trips
${growthTable}
${storefrontReport}${ordersReport}${promotionsReport}${settlementReport}${membersReport}`);
  if (trips[24] !== trips[96] || d.errors || g.errors) process.exitCode = 1;
} catch (err) {
  console.error(`✖ ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
