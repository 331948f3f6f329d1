import { z } from 'zod';
import { loadConfig, refuseDevSecrets, subgraphEnv } from '@alliance/runtime';

const schema = z.object({ ...subgraphEnv, PORT: z.coerce.number().int().nonnegative().default(4001) });
export type MerchantsConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): MerchantsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
