import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { createLogger, formatError, jsonBodyErrors, requestLogPlugin, type Logger } from '@alliance/runtime';
import { createTokenVerifier } from '@alliance/auth';
import type { GatewayConfig } from './config.js';
import { contextBuilder, type GatewayContext } from './context.js';
import { checkDocumentLimits, checkOperationLimits, MAX_TOKENS, type OperationLimits } from './limits.js';
import { SignedDataSource } from './signed-data-source.js';

const BODY_LIMIT = '256kb';

function refused(problems: string[]): GraphQLError {
  return new GraphQLError(`Operation refused: ${problems.join('; ')}`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/** Checks the operation the request runs, with its variables, once Apollo has picked it. */
function limitsPlugin(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) {
            // Without this the executor fails later and Apollo answers 500.
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}".`
                : 'Must provide operation name if query contains multiple operations.',
              { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
            );
          }
          const { problems } = checkOperationLimits(document, operation, request.variables ?? {}, limits);
          if (problems.length) throw refused(problems);
        },
      };
    },
  };
}

/**
 * Refuses a hostile document before Apollo validates it: graphql-js validation is quadratic in repeated
 * fields and fragment pairs, and a plugin hook before validation can only fail with a 500. The parse here is
 * bounded by the same token cap as Apollo's; a document that does not parse is left to Apollo to answer.
 */
function documentLimits(limits: OperationLimits, logger: Logger): RequestHandler {
  return (req, res, next) => {
    // A GET is read the way Apollo reads it (every `query` parameter, however many others come
    // first): Express's own query parser stops after 1,000 keys and would let one through unseen.
    const queries: unknown[] =
      req.method === 'GET' ? new URLSearchParams(req.originalUrl.split('?')[1] ?? '').getAll('query') : [req.body?.query];
    for (const query of queries) {
      if (typeof query !== 'string') continue;
      let document: DocumentNode;
      try {
        document = parse(query, { maxTokens: MAX_TOKENS });
      } catch {
        continue;
      }
      const { problems, visitedNodes } = checkDocumentLimits(document, limits);
      if (!problems.length) continue;
      logger.info({ status: 400, errors: ['BAD_USER_INPUT'], visitedNodes }, 'graphql document refused by limits');
      res.status(400).json({ errors: [{ message: refused(problems).message, extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    next();
  };
}


/** Adds how many subgraph fetches an operation cost; for benchmarks, never in production. */
const fetchCountPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...(response.body.singleResult.extensions ?? {}),
            metrics: { subgraphFetches: contextValue.metrics.subgraphFetches },
          };
        }
      },
    };
  },
};

async function subgraphsReady(urls: string[]): Promise<boolean> {
  const checks = urls.map((u) =>
    fetch(new URL('/readyz', u), { signal: AbortSignal.timeout(2000) })
      .then((r) => r.ok)
      .catch(() => false),
  );
  return (await Promise.all(checks)).every(Boolean);
}

export async function startGateway(cfg: GatewayConfig): Promise<{ url: string; stop: () => Promise<void> }> {
  const logger = createLogger('gateway', cfg.LOG_LEVEL);
  const production = cfg.NODE_ENV === 'production';
  const limits: OperationLimits = { maxDepth: cfg.MAX_DEPTH, maxAliases: cfg.MAX_ALIASES, maxListSize: cfg.MAX_LIST_SIZE };
  const subgraphUrls: Record<string, string> = { merchants: cfg.MERCHANTS_URL, members: cfg.MEMBERS_URL, promotions: cfg.PROMOTIONS_URL, commissions: cfg.COMMISSIONS_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(cfg.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL configured for subgraph ${name}`);
      return new SignedDataSource(name, target, cfg.GATEWAY_SECRET);
    },
  });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    limitsPlugin(limits),
    requestLogPlugin<GatewayContext>(logger),
  ];
  if (production) plugins.push(ApolloServerPluginLandingPageDisabled());
  if (cfg.EXPOSE_METRICS && !production) plugins.push(fetchCountPlugin);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: production,
    formatError: formatError(production),
    // Parsing stops at a fixed number of tokens, so nothing larger is ever walked, validated or planned.
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins,
  });
  await server.start();

  const verifier = createTokenVerifier({
    keycloakUrl: cfg.KEYCLOAK_URL,
    keycloakInternalUrl: cfg.KEYCLOAK_INTERNAL_URL,
    realm: cfg.KEYCLOAK_REALM,
    audience: cfg.KEYCLOAK_AUDIENCE,
  });
  const buildContext = contextBuilder(verifier, cfg.DEFAULT_ALLIANCE_ID, logger);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await subgraphsReady(Object.values(subgraphUrls));
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'subgraph unavailable', service: 'gateway' });
  });
  app.use(
    '/graphql',
    express.json({ limit: BODY_LIMIT }),
    documentLimits(limits, logger),
    expressMiddleware(server, { context: ({ req }) => buildContext(req.headers) }),
    jsonBodyErrors(BODY_LIMIT),
  );

  await new Promise<void>((resolve) => httpServer.listen(cfg.PORT, '0.0.0.0', resolve));
  const url = `http://localhost:${(httpServer.address() as AddressInfo).port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return { url, stop: () => server.stop() };
}
