import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { identityEnv, loadConfig, refuseDevSecrets } from '@alliance/runtime';

const schema = z.object({
  ...identityEnv,
  PORT: z.coerce.number().int().nonnegative().default(4000),
  MERCHANTS_URL: z.string().url().default('http://localhost:4001/graphql'),
  MEMBERS_URL: z.string().url().default('http://localhost:4002/graphql'),
  PROMOTIONS_URL: z.string().url().default('http://localhost:4003/graphql'),
  COMMISSIONS_URL: z.string().url().default('http://localhost:4004/graphql'),
  DEFAULT_ALLIANCE_ID: z.string().regex(/^[a-z0-9-]{1,40}$/).default('demo'),
  SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schemas/supergraph.graphql', import.meta.url))),
  MAX_DEPTH: z.coerce.number().int().positive().default(10),
  MAX_ALIASES: z.coerce.number().int().positive().default(30),
  MAX_LIST_SIZE: z.coerce.number().int().positive().default(100),
  EXPOSE_METRICS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type GatewayConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  return cfg;
}
