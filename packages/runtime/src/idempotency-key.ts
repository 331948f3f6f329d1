import type { UserError } from './domain-error.js';

/** What every money or stock mutation accepts as an idempotency key: printable, bounded, no spaces. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The userError for a malformed key, or null when it is well formed. */
export function idempotencyKeyProblem(key: string, field: string[] = ['idempotencyKey']): UserError | null {
  return IDEMPOTENCY_KEY.test(key) ? null : { code: 'INVALID_IDEMPOTENCY_KEY', message: 'idempotencyKey must be 8 to 100 of A-Z a-z 0-9 _ . : -', field };
}
