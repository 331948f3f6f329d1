import { z } from 'zod';
import { loadConfig, refuseDevSecrets, serviceClientEnv, subgraphEnv } from '@alliance/runtime';

const schema = z.object({
  ...subgraphEnv,
  ...serviceClientEnv('promotions'),
  PORT: z.coerce.number().int().nonnegative().default(4003),
  /** The merchants subgraph: a proposal's partners must be shops of the alliance (a service command). */
  MERCHANTS_URL: z.string().url().default('http://localhost:4001/graphql'),
  /** The members subgraph: group-only offers ask which community groups a member is in (a service command). */
  MEMBERS_URL: z.string().url().default('http://localhost:4002/graphql'),
  /** How often group-buys past their 24 hours are failed (their orders cancelled) and promotions past their end ended. */
  PROMOTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
});
export type PromotionsConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): PromotionsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
