/**
 * `kill -9` of the merchants subgraph in the middle of checkouts, then a restart: no unit is lost or
 * reserved twice, no half-made checkout is left (the scheduler completes or compensates it), and
 * replaying each key returns the final result. The subgraph runs as a real child process.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import mongoose from 'mongoose';
import { withDatabase } from '@alliance/store';
import { getToken, signedGql, testEnv } from '@alliance/testing';
import { seedDemoAlliance } from '../seed/seed.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `crash_it_${Date.now().toString(36)}`);
const root = new URL('../../../../', import.meta.url).pathname;
let child: ChildProcess | undefined;
let port = 0;
let conn: mongoose.Connection;
let token = '';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

async function startMerchants(): Promise<void> {
  child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/merchants/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MONGODB_URI: dbUri,
      PORT: String(port),
      GATEWAY_SECRET: env.gatewaySecret,
      KEYCLOAK_URL: env.keycloakUrl,
      NATS_URL: env.natsUrl,
      PROMOTIONS_URL: env.promotionsUrl,
      LOG_LEVEL: 'error',
      CHECKOUT_LEASE_MS: '1500',
      ORDER_SWEEP_INTERVAL_MS: '300',
    },
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('merchants did not become ready');
}

const call = (query: string, variables: Record<string, unknown>) =>
  signedGql<any>(`http://127.0.0.1:${port}/graphql`, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token });
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id orders { id lines { productId specId quantity } } } userErrors { code } } }`;
const STOCK = `query($id: ID!) { product(id: $id) { specs { id stock } } }`;
const LINES = [
  { productId: 'p-fruit-02', quantity: 1 },
  { productId: 'p-bakery-03', quantity: 2 },
  { productId: 'p-yogurt-01', specId: 'p-yogurt-01-1', quantity: 1 },
];
const SPECS = [
  ['p-fruit-02', 'p-fruit-02-1'],
  ['p-bakery-03', 'p-bakery-03-1'],
  ['p-yogurt-01', 'p-yogurt-01-1'],
] as const;

/** Read from the stock streams' facts, not the product documents (which follow them). */
async function levels(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [productId, specId] of SPECS) {
    const r = await call(STOCK, { id: productId });
    out[specId] = r.data.product.specs.find((s: any) => s.id === specId).stock;
  }
  return out;
}

before(async () => {
  port = await freePort();
  conn = await mongoose.createConnection(dbUri).asPromise();
  await seedDemoAlliance(conn);
  token = await getToken(env.keycloakUrl, 'alice');
  await startMerchants();
});

after(async () => {
  child?.kill('SIGKILL');
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
});

test('kill -9 in the middle of checkouts: the restart completes or compensates each, and every unit is accounted for', async () => {
  const start = await levels();
  const keys = Array.from({ length: 12 }, () => `crash-${randomUUID()}`);
  const input = (k: string) => ({ lines: LINES, pickupPointId: 'pp-cuiyuan', paymentMethod: 'ON_HANDOVER', idempotencyKey: k });
  // Fire them all, and kill the process while they are under way.
  const inflight = keys.map((k) => call(PLACE, { input: input(k) }).catch(() => null));
  let pendingAtKill = 0;
  for (let i = 0; i < 200 && pendingAtKill === 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    pendingAtKill = await conn.collection('checkouts').countDocuments({ kind: 'checkout', status: 'pending' });
  }
  // Listen before killing: the exit can come before the in-flight requests have failed.
  const exited = new Promise((r) => (child!.exitCode !== null || child!.signalCode !== null ? r(null) : child!.once('exit', r)));
  child!.kill('SIGKILL');
  await Promise.all(inflight);
  await exited;
  const leftPending = await conn.collection('checkouts').countDocuments({ kind: 'checkout', status: 'pending' });
  assert.ok(pendingAtKill > 0, 'the kill landed while checkouts were being placed');

  await startMerchants();
  // Nobody replays yet: the scheduler alone must finish every pending checkout once its lease passed.
  for (let i = 0; i < 100; i++) {
    if ((await conn.collection('checkouts').countDocuments({ kind: 'checkout', status: 'pending' })) === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(await conn.collection('checkouts').countDocuments({ kind: 'checkout', status: 'pending' }), 0, `${leftPending} were left pending by the kill`);

  // Replaying every key returns its final result; a key the kill stopped before its claim places now.
  const results = [];
  for (const k of keys) results.push(await call(PLACE, { input: input(k) }));
  const again = [];
  for (const k of keys) again.push(await call(PLACE, { input: input(k) }));
  assert.deepEqual(
    again.map((r) => r.data.placeOrder.checkout?.id ?? r.data.placeOrder.userErrors.map((e: any) => e.code).join()),
    results.map((r) => r.data.placeOrder.checkout?.id ?? r.data.placeOrder.userErrors.map((e: any) => e.code).join()),
    'a replay returns the same final result',
  );
  const placed = results.filter((r) => r.data.placeOrder.checkout);
  assert.ok(placed.length > 0);

  // Every unit reserved is in exactly one placed order: nothing lost, nothing reserved twice.
  const end = await levels();
  for (const [, specId] of SPECS) {
    const sold = placed.flatMap((r) => r.data.placeOrder.checkout.orders.flatMap((o: any) => o.lines)).filter((l: any) => l.specId === specId).reduce((n: number, l: any) => n + l.quantity, 0);
    assert.equal(start[specId]! - end[specId]!, sold, `${specId}: ${start[specId]} − ${end[specId]} = ${sold} sold`);
  }
  const facts = await conn.collection('stock_streams').find({ kind: 'fact', 'data.ref': { $regex: '^reserve:' } }).toArray();
  const refs = facts.map((f: any) => f.data.ref as string);
  assert.equal(new Set(refs).size, refs.length, 'no reservation appended twice');
  // Each order is placed once and listed once in the shopper's orders.
  const orders = await conn.collection('orders').countDocuments({ kind: 'fact', 'data.type': 'placed' });
  assert.equal(orders, placed.reduce((n, r) => n + r.data.placeOrder.checkout.orders.length, 0));
});
