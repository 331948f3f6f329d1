import { z } from 'zod';
import { loadConfig, refuseDevSecrets, subgraphEnv } from '@alliance/runtime';

const schema = z.object({ ...subgraphEnv, PORT: z.coerce.number().int().nonnegative().default(4002) });
export type MembersConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): MembersConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
