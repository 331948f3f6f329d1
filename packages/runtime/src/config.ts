import { z } from 'zod';
import { isDevServiceSecret } from './service-client-config.js';

/**
 * The one place that reads process.env. Each service declares its schema in its own config.ts and
 * calls this once at start-up, so a bad setting stops the process with every problem listed at once.
 */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

const DEV_GATEWAY_SECRET = 'dev-only-gateway-secret-change-me-0123456789';

/** Settings every service that validates tokens shares. */
export const identityEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KEYCLOAK_URL: z.string().url().default('http://localhost:8080'),
  KEYCLOAK_INTERNAL_URL: z.string().url().optional(),
  KEYCLOAK_REALM: z.string().min(1).default('alliance'),
  KEYCLOAK_AUDIENCE: z.string().min(1).default('alliance-api'),
  GATEWAY_SECRET: z.string().min(32).default(DEV_GATEWAY_SECRET),
};

/** Production must not run on the published development secrets. */
export function refuseDevSecrets(cfg: { NODE_ENV: string; GATEWAY_SECRET: string; SERVICE_CLIENT_ID?: string; SERVICE_CLIENT_SECRET?: string }): void {
  if (cfg.NODE_ENV === 'production' && cfg.GATEWAY_SECRET === DEV_GATEWAY_SECRET) {
    throw new Error('Invalid configuration:\n  GATEWAY_SECRET: the development default cannot be used in production');
  }
  if (cfg.NODE_ENV === 'production' && cfg.SERVICE_CLIENT_SECRET !== undefined && isDevServiceSecret(cfg.SERVICE_CLIENT_ID ?? '', cfg.SERVICE_CLIENT_SECRET)) {
    throw new Error('Invalid configuration:\n  SERVICE_CLIENT_SECRET: the development realm secret cannot be used in production');
  }
}

export const subgraphEnv = {
  ...identityEnv,
  MONGODB_URI: z.string().min(1).default('mongodb://127.0.0.1:27017/alliance'),
  /** NATS with JetStream (events between subgraphs); a comma-separated list of servers for a cluster. */
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** Replicas of the event stream: 1 on a single server, 3 in a cluster (compose, Kubernetes). */
  EVENTS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** A durable consumer parks an event after this many failed deliveries. */
  EVENTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Development/test only: follow the stack's dev clock (production refuses to start with it on). */
  CLOCK_CONTROL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Adds per-request database round-trip counts to responses; for benchmarks, never in production. */
  EXPOSE_METRICS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
};
