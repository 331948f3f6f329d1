import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response, type NextFunction } from 'express';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { formatError } from './errors.js';
import type { Logger } from './logger.js';
import {
  identifyRequest,
  authorizeOperation,
  checkSignature,
  createReplayGuard,
  rootFieldsOf,
  serviceCommandsOf,
  ALLIANCE_HEADER,
  NONCE_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type Principal,
  type ReplayGuard,
  type TokenVerifier,
} from '@alliance/auth';
import { currentRoundTrips, withRoundTripCounter } from '@alliance/store';
import { requestLogPlugin } from './request-log.js';
import { jsonBodyErrors } from './body-errors.js';
import { REQUEST_ID_HEADER, requestIdFrom, type RequestContext } from './request-context.js';

export interface SubgraphServiceOptions<C extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  schema: GraphQLSchema;
  production: boolean;
  gatewaySecret: string;
  verifier: TokenVerifier;
  logger: Logger;
  exposeMetrics: boolean;
  isReady: () => Promise<boolean>;
  /** Figures added to /healthz (events: parked/unpublished, the dev clock offset); read from memory, no I/O. */
  health?: () => Record<string, unknown>;
  buildContext: (request: RequestContext) => C;
  /** Plain HTTP endpoints beside /graphql (payment providers' callbacks), unsigned by design. */
  routes?: readonly HttpRoute[];
}

/**
 * An endpoint called by someone other than the gateway (a payment provider's server), which proves
 * itself by its own means (the provider's signature over the raw body), so it gets the raw body.
 */
export interface HttpRoute {
  method: 'POST';
  /** Express path, e.g. /payments/:provider/notify */
  path: string;
  handle(req: { params: Record<string, string>; headers: Record<string, string | undefined>; rawBody: string }): Promise<{ status: number; body: unknown }>;
}

/**
 * Rejects, before Apollo sees it, anything not signed for this subgraph with the internal secret
 * (by the gateway, or by another service through its service client), and any replay of a request
 * this process already accepted. One HMAC and a Map lookup: no I/O on the hot path.
 */
function requireSignature(name: string, secret: string, guard: ReplayGuard, logger: Logger) {
  const refuse = (res: Response, message: string) =>
    res.status(403).json({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] });
  return (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
    const nonce = String(req.headers[NONCE_HEADER] ?? '');
    const check = checkSignature(
      secret,
      {
        target: name,
        timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ''),
        nonce,
        allianceId: String(req.headers[ALLIANCE_HEADER] ?? ''),
        authorization: req.headers.authorization ?? '',
        query: typeof body.query === 'string' ? body.query : '',
        operationName: typeof body.operationName === 'string' ? body.operationName : null,
        variables: body.variables ?? null,
      },
      req.headers[SIGNATURE_HEADER] as string | undefined,
    );
    if (!check.ok) {
      logger.warn({ ip: req.ip, reason: check.reason }, 'request without a valid signature refused');
      refuse(res, 'Subgraphs are reachable only through the gateway');
      return;
    }
    // Recorded only after the HMAC passed, so unsigned junk cannot fill the cache.
    if (!guard.firstUse(nonce)) {
      logger.warn({ ip: req.ip }, 'replayed signed request refused');
      refuse(res, 'This signed request was already used');
      return;
    }
    next();
  };
}

/** Where the verified caller rides on the context (a symbol: Apollo clones the context per operation). */
const CALLER = Symbol('caller');

/**
 * Service commands (root fields the SDL marks @inaccessible) are for service accounts only, and
 * service accounts may call nothing else. Decided once the operation is parsed and validated.
 */
function serviceCommandPlugin<C extends BaseContext>(commands: ReadonlySet<string>): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation) return;
          const caller = (contextValue as { [CALLER]?: Principal | null })[CALLER] ?? null;
          const decision = authorizeOperation(rootFieldsOf(document, operation), commands, caller);
          if (!decision.ok) {
            throw new GraphQLError(decision.message, {
              extensions: { code: decision.code, http: { status: decision.code === 'FORBIDDEN' ? 403 : 401 } },
            });
          }
        },
      };
    },
  };
}

const roundTripPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const counter = currentRoundTrips();
        if (counter && response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...(response.body.singleResult.extensions ?? {}),
            metrics: { dbRoundTrips: counter.count },
          };
        }
      },
    };
  },
};

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

export async function startSubgraphService<C extends BaseContext>(opts: SubgraphServiceOptions<C>): Promise<RunningService> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const serviceCommands = serviceCommandsOf(opts.schema);
  const plugins: ApolloServerPlugin<C>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    ApolloServerPluginInlineTraceDisabled(),
    requestLogPlugin<C>(opts.logger),
    serviceCommandPlugin<C>(serviceCommands),
  ];
  if (opts.production) plugins.push(ApolloServerPluginLandingPageDisabled());
  if (opts.exposeMetrics && !opts.production) plugins.push(roundTripPlugin as ApolloServerPlugin<C>);
  const server = new ApolloServer<C>({
    schema: opts.schema,
    introspection: !opts.production,
    includeStacktraceInErrorResponses: !opts.production,
    // bootSubgraph owns shutdown (HTTP server, then database); Apollo must not race it.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: opts.production,
    formatError: formatError(opts.production),
    plugins,
  });
  await server.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: opts.name, ...opts.health?.() });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await opts.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable', service: opts.name });
  });
  app.use(
    '/graphql',
    (req, res, next) => {
      // Only signed POSTs: a GET (which Apollo would also serve) cannot carry the signed body.
      if (req.method === 'POST') return next();
      res.status(405).set('allow', 'POST').json({ errors: [{ message: 'Use POST through the gateway', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
    },
    express.json({ limit: '1mb' }),
    requireSignature(opts.name, opts.gatewaySecret, createReplayGuard(), opts.logger),
    (req, res, next) => {
      // Every database call made while serving this request is counted against it.
      withRoundTripCounter(() => next());
    },
    expressMiddleware(server, {
      context: async ({ req }) => {
        // The gateway always names the tenant: a subgraph never falls back to a default alliance.
        // Service accounts act for the tenant of the request they signed (checked above).
        const { allianceId, principal } = await identifyRequest(req.headers, opts.verifier, opts.logger, null, { acceptServices: true });
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        return Object.assign(opts.buildContext({ allianceId, principal, requestId }), { [CALLER]: principal });
      },
    }),
  );
  for (const route of opts.routes ?? []) {
    app.post(route.path, express.text({ type: '*/*', limit: '256kb' }), async (req, res) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));
      try {
        const out = await route.handle({ params: req.params as Record<string, string>, headers, rawBody: typeof req.body === 'string' ? req.body : '' });
        res.status(out.status).json(out.body);
      } catch (err) {
        opts.logger.error({ err, path: route.path }, 'route failed');
        res.status(500).json({ code: 'INTERNAL', message: 'internal error' });
      }
    });
  }
  // After the chain: a body the parser refused (too large, not JSON) is answered in JSON.
  app.use(jsonBodyErrors('1mb'));

  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host ?? '0.0.0.0', resolve));
  // Port 0 (tests) means "any free port": report the one the OS chose.
  const url = `http://localhost:${(httpServer.address() as AddressInfo).port}/graphql`;
  opts.logger.info({ url, serviceCommands: [...serviceCommands] }, `${opts.name} subgraph ready`);
  return {
    url,
    async stop() {
      await server.stop();
    },
  };
}
