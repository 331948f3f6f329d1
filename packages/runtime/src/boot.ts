import type { BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import type { Connection } from 'mongoose';
import { createTokenVerifier } from '@alliance/auth';
import { connectEventBus, watchDevClock, type EventBus } from '@alliance/events';
import { assertClockControlAllowed, clockOffset, now, setClockOffset } from './clock.js';
import { createLogger, type Logger } from './logger.js';
import { connectDatabase, ensureIndexes, Sweeper } from '@alliance/store';
import { startSubgraphService, type HttpRoute, type RunningService } from './service.js';
import type { RequestContext } from './request-context.js';

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
  NATS_URL: string;
  EVENTS_STREAM_REPLICAS: number;
  EVENTS_MAX_ATTEMPTS: number;
  CLOCK_CONTROL: boolean;
}

export interface BootedSubgraph extends RunningService {
  connection: Connection;
  events: EventBus;
}

/** What a subgraph's context factory gets once, at start-up. */
export interface SubgraphResources {
  connection: Connection;
  events: EventBus;
  logger: Logger;
  /** Adds in-memory figures of the subgraph's own (e.g. its projections) to /healthz. */
  reportHealth(key: string, figures: () => unknown): void;
  /**
   * Deletes expired records (`expiresAt` past, on the service clock) of the collections registered
   * here — idempotency keys, reservations — in the background: FerretDB has no TTL indexes.
   */
  sweeper: Sweeper;
  /** Adds a plain HTTP endpoint (a payment provider's callback) beside /graphql. */
  addRoute(route: HttpRoute): void;
  /** The base URL this subgraph's HTTP server answers on (known once it listens; port 0 in tests). */
  selfUrl(): string;
  /** Background work of the subgraph's own (a scheduler) to stop before the bus and database close. */
  onStop(stop: () => Promise<void>): void;
}

/** Runs once at start-up (it may subscribe to events first) and returns the per-request builder. */
export type SubgraphContextFactory<C> = (resources: SubgraphResources) => ContextBuilder<C> | Promise<ContextBuilder<C>>;
type ContextBuilder<C> = (request: RequestContext) => C;

/**
 * Starts one subgraph: database (indexes created from the models), NATS JetStream (the event stream,
 * the outbox relay, the dev clock when enabled), token verifier, HTTP server. `contextFactory`
 * registers the subgraph's models, subscribes its consumers and builds per-request services.
 */
export async function bootSubgraph<C extends BaseContext>(
  name: string,
  cfg: SubgraphBootConfig,
  schema: GraphQLSchema,
  contextFactory: SubgraphContextFactory<C>,
): Promise<BootedSubgraph> {
  const production = cfg.NODE_ENV === 'production';
  assertClockControlAllowed(production, cfg.CLOCK_CONTROL);
  const logger = createLogger(name, cfg.LOG_LEVEL);
  const db = await connectDatabase(cfg.MONGODB_URI, logger);
  let events: EventBus | undefined;
  try {
    events = await connectEventBus({
      url: cfg.NATS_URL,
      service: name,
      connection: db.connection,
      logger,
      now,
      streamReplicas: cfg.EVENTS_STREAM_REPLICAS,
      maxAttempts: cfg.EVENTS_MAX_ATTEMPTS,
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  // Before the context factory, so projections built at start-up already read the stack's time.
  const clock = cfg.CLOCK_CONTROL
    ? await watchDevClock(events.nats, { service: name, secret: cfg.GATEWAY_SECRET, logger, apply: setClockOffset, current: clockOffset })
    : null;
  const bus = events;
  const ownHealth = new Map<string, () => unknown>();
  const sweeper = new Sweeper({ now, logger });
  const routes: HttpRoute[] = [];
  const ownStops: (() => Promise<void>)[] = [];
  let selfUrl = `http://127.0.0.1:${cfg.PORT}`;
  const buildContext = await contextFactory({
    connection: db.connection,
    events: bus,
    logger,
    reportHealth: (key, figures) => ownHealth.set(key, figures),
    sweeper,
    addRoute: (route) => routes.push(route),
    selfUrl: () => selfUrl,
    onStop: (stop) => ownStops.push(stop),
  });
  await ensureIndexes(db.connection);
  bus.startRelay();
  sweeper.start();
  const service = await startSubgraphService({
    name,
    port: cfg.PORT,
    schema,
    production,
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
    health: () => ({
      events: bus.health(),
      ...(clock ? { clock: { offsetMs: clockOffset() } } : {}),
      ...Object.fromEntries([...ownHealth].map(([key, figures]) => [key, figures()])),
    }),
    buildContext,
    routes,
  });
  selfUrl = service.url.replace(/\/graphql$/, '').replace('localhost', '127.0.0.1');
  return {
    url: service.url,
    connection: db.connection,
    events: bus,
    async stop() {
      await service.stop();
      for (const stop of ownStops) await stop();
      await clock?.stop();
      await sweeper.stop();
      await bus.close();
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
