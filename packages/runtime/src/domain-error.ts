/**
 * What services throw when a request cannot be served, and what they return when a mutation fails
 * expectedly. Plain TypeScript, no GraphQL: the subgraph server maps a DomainError to a GraphQL error
 * with `extensions.code` (and `field`) once, at the edge (errors.ts).
 */
/** SERVICE_UNAVAILABLE: another service this one needs did not answer; the same request may work shortly. */
export type DomainErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'SERVICE_UNAVAILABLE';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The argument at fault, as a path such as `filter.category` (BAD_USER_INPUT). */
    readonly field?: string,
  ) {
    super(message);
  }

  static unauthenticated(message = 'Sign in to do this'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }

  static forbidden(message: string): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static badInput(message: string, field?: string): DomainError {
    return new DomainError('BAD_USER_INPUT', message, field);
  }

  static notFound(message: string): DomainError {
    return new DomainError('NOT_FOUND', message);
  }
}

/** An expected failure carried in a mutation payload (`userErrors`), never thrown. */
export interface UserError {
  code: string;
  message: string;
  field?: string[];
}
