import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { createLogger, formatError, requestLogPlugin } from '@alliance/runtime';
import { createTokenVerifier } from '@alliance/auth';
import type { GatewayConfig } from './config.js';
import { contextBuilder, type GatewayContext } from './context.js';
import { checkOperationLimits } from './limits.js';
import { SignedDataSource } from './signed-data-source.js';

function limitsPlugin(cfg: GatewayConfig): ApolloServerPlugin<GatewayContext> {
  const limits = { maxDepth: cfg.MAX_DEPTH, maxAliases: cfg.MAX_ALIASES, maxListSize: cfg.MAX_LIST_SIZE };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const problems = checkOperationLimits(document, operation, request.variables ?? {}, limits);
          if (problems.length) {
            throw new GraphQLError(`Operation refused: ${problems.join('; ')}`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
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
  const subgraphUrls: Record<string, string> = { merchants: cfg.MERCHANTS_URL, members: cfg.MEMBERS_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(cfg.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL configured for subgraph ${name}`);
      return new SignedDataSource(target, cfg.GATEWAY_SECRET);
    },
  });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    limitsPlugin(cfg),
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
  app.use('/graphql', express.json({ limit: '256kb' }), expressMiddleware(server, { context: ({ req }) => buildContext(req.headers) }));

  await new Promise<void>((resolve) => httpServer.listen(cfg.PORT, '0.0.0.0', resolve));
  const url = `http://localhost:${(httpServer.address() as AddressInfo).port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return { url, stop: () => server.stop() };
}
