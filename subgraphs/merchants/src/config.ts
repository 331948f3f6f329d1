import { z } from 'zod';
import { loadConfig, refuseDevSecrets, serviceClientEnv, subgraphEnv } from '@alliance/runtime';

/** The development storage's key pair (the launcher's SeaweedFS); production refuses it. */
export const DEV_S3_ACCESS_KEY_ID = 'alliance-dev';
export const DEV_S3_SECRET_ACCESS_KEY = 'alliance-dev-secret';
/** Photos browsers load live under `public/` in it; the launcher's storage lets anyone read those. */
export const DEV_S3_BUCKET = 'alliance-media';

const schema = z.object({
  ...subgraphEnv,
  ...serviceClientEnv('merchants'),
  PORT: z.coerce.number().int().nonnegative().default(4001),
  /** The promotions subgraph: quotes and checkouts ask it for discounts (service commands). */
  PROMOTIONS_URL: z.string().url().default('http://localhost:4003/graphql'),
  /** The members subgraph: checkout redeems alliance points there (a service command). */
  MEMBERS_URL: z.string().url().default('http://localhost:4002/graphql'),
  /** Unpaid online checkouts are cancelled (their stock released) after this many minutes. */
  UNPAID_TIMEOUT_MINUTES: z.coerce.number().positive().default(15),
  /** After handover, the order completes when this many days of after-sales have passed. */
  AFTER_SALES_DAYS: z.coerce.number().nonnegative().default(7),
  /** How often the background order work (timeouts, recovery, completion) runs. */
  ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
  /** Between passes deleting stale uploads and exports from object storage (media/storage-sweep.rules.ts). */
  STORAGE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).default(3_600_000),
  /** A fact whose effects are not marked done this long after it happened is presumed cut off by a crash. */
  ORDER_EFFECTS_GRACE_MS: z.coerce.number().int().min(100).default(300_000),
  /** A checkout still pending this long after it started is presumed crashed and recovered. */
  CHECKOUT_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** `sandbox` is for development and tests only: production refuses it. */
  PAYMENT_PROVIDER: z.enum(['sandbox', 'wechatpay']).default('sandbox'),
  WECHATPAY_SP_MCHID: z.string().optional(),
  WECHATPAY_SP_APPID: z.string().optional(),
  WECHATPAY_SERIAL_NO: z.string().optional(),
  WECHATPAY_PRIVATE_KEY_PEM: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  /** The platform certificate's public key and serial (`serial=PEM`). */
  WECHATPAY_PLATFORM_SERIAL: z.string().optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_PEM: z.string().optional(),
  /** The public base URL WeChat Pay calls back (https). */
  PAYMENT_NOTIFY_BASE_URL: z.string().url().optional(),
  /** The service provider's full registered name (商户全称): WeChat checks it when the alliance is added as a profit-sharing receiver. */
  WECHATPAY_SP_NAME: z.string().optional(),
  /** Profit-sharing calls that may pass (NOT_ENOUGH, rate limits, outages) are tried this often before the failure is recorded. */
  PROFIT_SHARING_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
  /** The first retry's delay; each next one is three times longer, up to 30 minutes. */
  PROFIT_SHARING_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5_000),
  /** S3-compatible object storage for photos, import sheets and exports, as the service reaches it. */
  S3_ENDPOINT: z.string().url().default('http://127.0.0.1:8333'),
  /** The same storage as browsers reach it (presigned uploads and downloads); left out: S3_ENDPOINT. */
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).default(DEV_S3_BUCKET),
  S3_ACCESS_KEY_ID: z.string().min(1).default(DEV_S3_ACCESS_KEY_ID),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default(DEV_S3_SECRET_ACCESS_KEY),
  /** Where browsers read photos from (a CDN in production); left out: `<S3_PUBLIC_ENDPOINT>/<S3_BUCKET>`, which must allow anonymous reads. */
  MEDIA_PUBLIC_URL: z.string().url().optional(),
  /** The portal, for the one-time invitation links owners pass on to their staff. */
  PORTAL_URL: z.string().url().default('http://localhost:3000'),
});
export type MerchantsConfig = z.infer<typeof schema>;


export function readConfig(env: NodeJS.ProcessEnv = process.env): MerchantsConfig {
  const cfg = loadConfig(schema, env);
  refuseDevSecrets(cfg);
  if (cfg.NODE_ENV === 'production' && cfg.S3_SECRET_ACCESS_KEY === DEV_S3_SECRET_ACCESS_KEY) {
    throw new Error('Invalid configuration:\n  S3_SECRET_ACCESS_KEY: the development key cannot be used in production');
  }
  return cfg;
}

/** Checked when the service starts (not by the seed, which shares this config): the provider's settings are whole. */
export function assertPaymentConfig(cfg: MerchantsConfig): void {
  if (cfg.NODE_ENV === 'production' && cfg.PAYMENT_PROVIDER === 'sandbox') {
    throw new Error('Invalid configuration:\n  PAYMENT_PROVIDER: the sandbox is for development only; production needs wechatpay');
  }
  if (cfg.PAYMENT_PROVIDER === 'wechatpay') {
    const missing = (['WECHATPAY_SP_MCHID', 'WECHATPAY_SP_APPID', 'WECHATPAY_SERIAL_NO', 'WECHATPAY_PRIVATE_KEY_PEM', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_PLATFORM_SERIAL', 'WECHATPAY_PLATFORM_PUBLIC_KEY_PEM', 'PAYMENT_NOTIFY_BASE_URL', 'WECHATPAY_SP_NAME'] as const).filter((k) => !cfg[k]);
    if (missing.length) throw new Error(`Invalid configuration:\n${missing.map((k) => `  ${k}: required with PAYMENT_PROVIDER=wechatpay`).join('\n')}`);
  }
}
