import { z } from 'zod';
import { loadConfig, refuseDevSecrets, subgraphEnv } from '@alliance/runtime';

const schema = z.object({ ...subgraphEnv, PORT: z.coerce.number().int().nonnegative().default(4003) });
export type PromotionsConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): PromotionsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
