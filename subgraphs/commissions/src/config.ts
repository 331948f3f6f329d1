import { z } from 'zod';
import { loadConfig, refuseDevSecrets, subgraphEnv } from '@alliance/runtime';

/** The development default, published here: production refuses to start with it. */
const DEV_PAYOUT_IDENTITY_KEY = 'ZGV2LW9ubHktcGF5b3V0LWlkZW50aXR5LWtleS0zMmI=';

const schema = z.object({
  ...subgraphEnv,
  PORT: z.coerce.number().int().nonnegative().default(4004),
  /** Where share links point: the portal as shoppers reach it. */
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
  /**
   * The most of an online order WeChat Pay lets the alliance share out of the shop's sub-merchant
   * account (分账比例上限), in basis points: 30% unless the alliance agreed another with WeChat.
   * What the shop owes past it stays a receivable on its statement.
   */
  PROFIT_SHARING_MAX_BP: z.coerce.number().int().min(0).max(10_000).default(3000),
  /**
   * Seals members' payout identities (real name, ID number) with AES-256-GCM: 32 bytes, base64
   * (`openssl rand -base64 32`). Losing it makes stored identities unreadable: members give them again.
   */
  PAYOUT_IDENTITY_KEY: z
    .string()
    .default(DEV_PAYOUT_IDENTITY_KEY)
    .refine((v) => Buffer.from(v, 'base64').length === 32, '32 bytes, base64-encoded (openssl rand -base64 32)'),
});
export type CommissionsConfig = z.infer<typeof schema>;

export function readConfig(env: NodeJS.ProcessEnv = process.env): CommissionsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  if (cfg.NODE_ENV === 'production' && cfg.PAYOUT_IDENTITY_KEY === DEV_PAYOUT_IDENTITY_KEY) {
    throw new Error('Invalid configuration:\n  PAYOUT_IDENTITY_KEY: the development default cannot be used in production');
  }
  return cfg;
}
