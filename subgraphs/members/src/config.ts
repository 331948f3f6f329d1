import { z } from 'zod';
import { loadConfig, refuseDevSecrets, serviceClientEnv, subgraphEnv } from '@alliance/runtime';

const schema = z.object({
  ...subgraphEnv,
  ...serviceClientEnv('members'),
  PORT: z.coerce.number().int().nonnegative().default(4002),
  /** The merchants subgraph: the consent centre lists (and a consent must name) a shop of the alliance. */
  MERCHANTS_URL: z.string().url().default('http://localhost:4001/graphql'),
  /** Where the development SMS provider also writes each message as a JSON line (the tests read codes there). */
  DEV_SMS_FILE: z.string().optional(),
  /**
   * `dev` writes codes to the log (development and tests only: refused in production, where codes in a
   * log would let anyone with the log claim a phone); `none` sends nothing and says so. A carrier's
   * provider (阿里云短信, 腾讯云短信) is the next value here.
   */
  SMS_PROVIDER: z.enum(['dev', 'none']).optional(),
  /** The portal as members reach it: the guardian's SMS links to its confirmation page. */
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
  /** Points a shop gives until its owner sets a rate: basis points of the order total (100 = 1%). */
  POINTS_DEFAULT_RATE_BP: z.coerce.number().int().min(0).max(2000).default(100),
  /** Calendar months a lot of points lives (PRODUCT.md: 24–36). */
  POINTS_EXPIRY_MONTHS: z.coerce.number().int().min(1).max(60).default(24),
  /** How often the points expiry pass runs. */
  POINTS_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(200).default(60_000),
  /**
   * Off for a second instance a test boots beside the stack's own on the same NATS: a durable consumer
   * is shared by its instances, and the test's (with its own database) would take the stack's events.
   */
  CONSUME_EVENTS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export type MembersConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): MembersConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  if (cfg.NODE_ENV === 'production' && cfg.SMS_PROVIDER === 'dev') throw new Error('SMS_PROVIDER=dev writes one-time codes to the log: refused in production');
  return { ...cfg, SMS_PROVIDER: cfg.SMS_PROVIDER ?? (cfg.NODE_ENV === 'production' ? 'none' : 'dev') };
}
