import type { BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Connection } from 'mongoose';
import { createTokenVerifier } from '@alliance/auth';
import { createLogger } from './logger.js';
import { connectDatabase, ensureIndexes } from '@alliance/store';
import { startSubgraphService, type RequestIdentity, type RunningService } from './service.js';

export interface SubgraphBootConfig {
  NODE_ENV: string;
  LOG_LEVEL: string;
  PORT: number;
  MONGODB_URI: string;
  KEYCLOAK_URL: string;
  KEYCLOAK_INTERNAL_URL?: string;
  KEYCLOAK_REALM: string;
  KEYCLOAK_AUDIENCE: string;
  GATEWAY_SECRET: string;
  EXPOSE_METRICS: boolean;
}

export interface BootedSubgraph extends RunningService {
  connection: Connection;
}

/**
 * Starts one subgraph: database (indexes created from the models), token verifier, HTTP server.
 * `contextFactory` registers the subgraph's models on the connection and builds per-request services.
 */
export async function bootSubgraph<C extends BaseContext>(
  name: string,
  cfg: SubgraphBootConfig,
  schema: GraphQLSchema,
  contextFactory: (conn: Connection) => (identity: RequestIdentity) => C,
): Promise<BootedSubgraph> {
  const logger = createLogger(name, cfg.LOG_LEVEL);
  const db = await connectDatabase(cfg.MONGODB_URI, logger);
  const buildContext = contextFactory(db.connection);
  await ensureIndexes(db.connection);
  const service = await startSubgraphService({
    name,
    port: cfg.PORT,
    schema,
    production: cfg.NODE_ENV === 'production',
    gatewaySecret: cfg.GATEWAY_SECRET,
    verifier: createTokenVerifier({
      keycloakUrl: cfg.KEYCLOAK_URL,
      keycloakInternalUrl: cfg.KEYCLOAK_INTERNAL_URL,
      realm: cfg.KEYCLOAK_REALM,
      audience: cfg.KEYCLOAK_AUDIENCE,
    }),
    logger,
    exposeMetrics: cfg.EXPOSE_METRICS,
    isReady: db.ping,
    buildContext,
  });
  return {
    url: service.url,
    connection: db.connection,
    async stop() {
      await service.stop();
      await db.close();
    },
  };
}

/** Stops cleanly on SIGINT/SIGTERM so orchestrators and the local launcher can shut us down. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      // Drain in-flight requests, but never hang a shutdown on a stuck connection.
      setTimeout(() => process.exit(0), 5000).unref();
      stop().finally(() => process.exit(0));
    });
  }
}

/** Start-up failures print one clear line instead of a stack trace, and exit non-zero. */
export function exitOnStartupError(name: string) {
  return (err: unknown) => {
    console.error(`${name} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
}
