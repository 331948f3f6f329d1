import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response, type NextFunction } from 'express';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import { formatError } from './errors.js';
import type { Logger } from './logger.js';
import { identifyRequest, ALLIANCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type Principal, type TokenVerifier } from '@alliance/auth';
import { currentRoundTrips, withRoundTripCounter } from '@alliance/store';
import { requestLogPlugin } from './request-log.js';

/** What every subgraph resolver gets: the tenant and the caller, both established by the gateway. */
export interface RequestIdentity {
  allianceId: string;
  principal: Principal | null;
}

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
  buildContext: (identity: RequestIdentity) => C;
}

/** Rejects anything the gateway did not sign before Apollo sees it. */
function requireGatewaySignature(secret: string, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
    const ok = verifySignature(
      secret,
      {
        timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ''),
        allianceId: String(req.headers[ALLIANCE_HEADER] ?? ''),
        authorization: req.headers.authorization ?? '',
        query: typeof body.query === 'string' ? body.query : '',
        variables: body.variables ?? null,
      },
      req.headers[SIGNATURE_HEADER] as string | undefined,
    );
    if (!ok) {
      logger.warn({ ip: req.ip }, 'request without a valid gateway signature refused');
      res.status(403).json({
        errors: [{ message: 'Subgraphs are reachable only through the gateway', extensions: { code: 'FORBIDDEN' } }],
      });
      return;
    }
    next();
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
  const plugins: ApolloServerPlugin<C>[] = [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled(), requestLogPlugin<C>(opts.logger)];
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
    res.json({ status: 'ok', service: opts.name });
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
    requireGatewaySignature(opts.gatewaySecret, opts.logger),
    (req, res, next) => {
      // Every database call made while serving this request is counted against it.
      withRoundTripCounter(() => next());
    },
    expressMiddleware(server, {
      context: async ({ req }) => {
        // The gateway always names the tenant: a subgraph never falls back to a default alliance.
        const { allianceId, principal } = await identifyRequest(req.headers, opts.verifier, opts.logger, null);
        return opts.buildContext({ allianceId, principal });
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host ?? '0.0.0.0', resolve));
  // Port 0 (tests) means "any free port": report the one the OS chose.
  const url = `http://localhost:${(httpServer.address() as AddressInfo).port}/graphql`;
  opts.logger.info({ url }, `${opts.name} subgraph ready`);
  return {
    url,
    async stop() {
      await server.stop();
    },
  };
}
