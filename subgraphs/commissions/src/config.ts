import { z } from 'zod';
import { loadConfig, refuseDevSecrets, subgraphEnv } from '@alliance/runtime';

const schema = z.object({
  ...subgraphEnv,
  PORT: z.coerce.number().int().nonnegative().default(4004),
  /** Where share links point: the portal as shoppers reach it. */
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
});
export type CommissionsConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): CommissionsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
