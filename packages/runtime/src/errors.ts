import type { GraphQLFormattedError } from 'graphql';
import { DomainError } from './domain-error.js';

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/** The DomainError a resolver threw, however GraphQL wrapped it (as `originalError`). */
export function domainErrorOf(error: unknown): DomainError | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth += 1) {
    if (e instanceof DomainError) return e;
  }
  return null;
}

/** The stable code of an error as it leaves: a DomainError's own, a coded GraphQL error's, or INTERNAL_SERVER_ERROR. */
export function errorCodeOf(error: { extensions?: Record<string, unknown> | null }): string {
  return domainErrorOf(error)?.code ?? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
}

/**
 * The single edge where errors leave a service. A DomainError thrown by a service becomes its code
 * (and field) with its message, the same in development and production: it is an expected answer,
 * not a fault to debug. Other coded errors keep their message; anything else is an unexpected fault
 * and becomes a generic INTERNAL_SERVER_ERROR. Stack traces never leave in production.
 */
/**
 * Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED, also a literal a custom scalar
 * refused as bad input (`priceFen: 9.99`); that one keeps the scalar's BAD_USER_INPUT, as the same
 * value sent in a variable does.
 */
function refusedByScalar(raw: GraphQLFormattedError, error: unknown): boolean {
  if (raw.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return false;
  for (let e = (error as { originalError?: unknown })?.originalError, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth += 1) {
    if ((e as { extensions?: { code?: unknown } }).extensions?.code === 'BAD_USER_INPUT') return true;
  }
  return false;
}

export function formatError(production: boolean) {
  return (raw: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (refusedByScalar(raw, error)) raw = { ...raw, extensions: { ...raw.extensions, code: 'BAD_USER_INPUT' } };
    const domain = domainErrorOf(error);
    // Still through the allow-list below: a code missing from it stays inside in production.
    const formatted: GraphQLFormattedError = domain
      ? {
          message: domain.message,
          locations: raw.locations,
          path: raw.path,
          extensions: { code: domain.code, ...(domain.field !== undefined ? { field: domain.field } : {}) },
        }
      : raw;
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
