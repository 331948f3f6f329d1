import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Stable codes clients can branch on; the message is for people. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'INTERNAL_SERVER_ERROR';

export function codedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = (message = 'Sign in to do this') => codedError('UNAUTHENTICATED', message);
export const badInput = (message: string, field?: string) =>
  codedError('BAD_USER_INPUT', message, field ? { field } : {});

/** An expected failure carried in a mutation payload (`userErrors`), never thrown. */
export interface UserError {
  code: string;
  message: string;
  field?: string[];
}

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * The single edge where errors leave a service: coded errors keep their message; anything else is an
 * unexpected fault and becomes a generic INTERNAL_SERVER_ERROR. Stack traces never leave in production.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    // Production keeps an allow-list (the code, and the field of bad input): stack traces, subgraph
    // names and downstream responses (internal URLs) stay inside.
    const extensions: Record<string, unknown> = production
      ? { code, ...(formatted.extensions?.field !== undefined ? { field: formatted.extensions.field } : {}) }
      : { ...(formatted.extensions ?? {}) };
    if (!KNOWN_CODES.has(code)) {
      return {
        message: production ? 'Internal server error' : formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: production ? { code: 'INTERNAL_SERVER_ERROR' } : { ...extensions, code },
      };
    }
    return { ...formatted, extensions };
  };
}
