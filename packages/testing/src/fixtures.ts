import { randomUUID } from 'node:crypto';
import { keycloakAdmin } from '@alliance/auth/keycloak-admin';
import { pino } from 'pino';
import { getServiceToken, tokenCache, type TestEnv } from './index.js';

type Caller = (user: string | null, query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: unknown[] }>;

/**
 * Stock for a test's orders: the suites of one run share the demo products, so a suite that buys adds
 * what it needs first (as the shop's owner, through the gateway like any stock adjustment).
 */
export async function restock(call: Caller, owner: string, productId: string, delta = 200): Promise<void> {
  const r = await call(owner, 'mutation($p: ID!, $d: Int!, $k: String!) { adjustStock(productId: $p, delta: $d, reason: "test stock", idempotencyKey: $k) { userErrors { code } } }', { p: productId, d: delta, k: `restock-${randomUUID()}` });
  const errors = r.errors ?? r.data?.adjustStock?.userErrors ?? [];
  if (errors.length) throw new Error(`restocking ${productId} as ${owner} failed: ${JSON.stringify(errors)}`);
}

/**
 * The end of the settlement week the ledger books into now: this week, or the first after the last
 * settled one (other suites of a run settle weeks ahead), for an admin's preview of it.
 */
export async function openWeekEnd(call: Caller, nowMs = Date.now()): Promise<string> {
  const chinaNow = new Date(nowMs + 8 * 3_600_000);
  const daysToMonday = (8 - chinaNow.getUTCDay()) % 7 || 7;
  const monday = Date.UTC(chinaNow.getUTCFullYear(), chinaNow.getUTCMonth(), chinaNow.getUTCDate() + daysToMonday) - 8 * 3_600_000;
  const periods = ((await call('admin', '{ settlementPeriods { endsAt } }')).data?.settlementPeriods ?? []) as { endsAt: string }[];
  const lastSettled = Math.max(0, ...periods.map((p) => Date.parse(p.endsAt)));
  return new Date(Math.max(monday, lastSettled + 7 * 86_400_000)).toISOString();
}

export interface TestUser {
  username: string;
  /** An access token of hers, at most a minute old (one password grant at a time: Keycloak's brute-force guard). */
  token(): Promise<string>;
  /** Deletes her login, unless the test did (an erasure); safe to call twice. */
  remove(): Promise<void>;
}

export interface TestUserOptions {
  /** Realm roles besides the default ones, e.g. merchant-owner. */
  roles?: readonly string[];
  /** The shops she works for (the merchant_ids claim). */
  merchantIds?: readonly string[];
}

/**
 * A person of the demo alliance made for one test or benchmark run, in the stack's Keycloak, through
 * the same admin module the services use (as the members service account, which may manage users):
 * for a test whose member must start with no history, or whose erasure deletes the login, so the demo
 * users other suites rely on are left alone; or a shop owner of shops no demo user holds.
 */
export async function createTestUser(env: Pick<TestEnv, 'keycloakUrl'>, prefix: string, name: { firstName: string; lastName: string }, options: TestUserOptions = {}): Promise<TestUser> {
  const admin = keycloakAdmin({ keycloakUrl: env.keycloakUrl, realm: 'alliance', client: { token: () => getServiceToken(env.keycloakUrl, 'members') }, logger: pino({ level: 'warn' }) });
  const username = `${prefix}-${randomUUID().slice(0, 8)}`;
  const attributes: Record<string, string[]> = { alliance_id: ['demo'] };
  if (options.merchantIds?.length) attributes.merchant_ids = [...options.merchantIds];
  const created = await admin.createUser({ username, enabled: true, ...name, email: `${username}@demo.alliance.local`, emailVerified: true, attributes });
  if (!created.created) throw new Error(`Keycloak did not make the test user ${username}: ${created.reason}`);
  const password = await admin.setPassword(created.id, 'demo1234');
  if (!password.ok) throw new Error(`Keycloak refused the test user's password: ${password.reason}`);
  if (options.roles?.length) await admin.addRealmRoles(created.id, options.roles);
  const tokens = tokenCache(env.keycloakUrl);
  return {
    username,
    token: () => tokens(username),
    async remove() {
      await admin.deleteAccount(created.id);
    },
  };
}
