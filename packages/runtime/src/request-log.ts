import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { errorCodeOf } from './errors.js';
import type { Logger } from './logger.js';

/** One structured line per GraphQL operation: name, duration and error codes (never variables or tokens). */
export function requestLogPlugin<C extends BaseContext>(logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, errors, contextValue }) {
          const codes = (errors ?? []).map(errorCodeOf);
          // A subgraph's context carries the request id (RequestContext); the gateway's may not.
          const requestId = (contextValue as { requestId?: unknown } | undefined)?.requestId;
          const line = {
            ...(typeof requestId === 'string' ? { requestId } : {}),
            op: request.operationName ?? null,
            ms: Math.round((performance.now() - started) * 10) / 10,
            status: response.http.status ?? 200,
            ...(codes.length ? { errors: codes } : {}),
          };
          if (codes.includes('INTERNAL_SERVER_ERROR')) logger.error({ ...line, messages: errors?.map((e) => e.message) }, 'graphql operation failed');
          else logger.info(line, 'graphql operation');
        },
      };
    },
  };
}
