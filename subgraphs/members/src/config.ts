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
   * Off for a second instance a test boots beside the stack's own on the same NATS: a durable consumer
   * is shared by its instances, and the test's (with its own database) would take the stack's events.
   */
  CONSUME_EVENTS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export type MembersConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): MembersConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
