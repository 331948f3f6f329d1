import type { UserError } from '@alliance/runtime/domain-error';
import { idempotencyKeyProblem } from '@alliance/runtime/idempotency-key';

/**
 * A spec's stock is a stream of movements appended with an expected version, never a number updated
 * in place: the unique `_id` of each fact decides between concurrent writers, so stock cannot go
 * below zero however many adjust (or, later, sell) at once. The first fact carries the opening
 * level (the stock the product was created or seeded with).
 */
export interface StockFact {
  delta: number;
  reason: string;
  /** Set on the stream's first fact only. */
  opening?: number;
  /**
   * What moved it when a checkout reserves or an order releases (`<checkoutId>:<line>`,
   * `release:<orderId>:<line>`): recovery after a crash finds by it whether the movement happened.
   */
  ref?: string;
}

export const stockProjection = {
  initial: 0,
  evolve: (level: number, fact: StockFact): number => (fact.opening ?? level) + fact.delta,
};

/** The movement to append, or null when it would take the stock below zero. */
export function decideAdjustment(level: number, version: number, openingLevel: number, delta: number, reason: string, ref?: string): StockFact | null {
  const current = version === 0 ? openingLevel : level;
  if (current + delta < 0) return null;
  return { ...(version === 0 ? { opening: openingLevel } : {}), delta, reason, ...(ref ? { ref } : {}) };
}

export const MAX_STOCK_DELTA = 100_000;

export function adjustmentProblems(delta: number, reason: string, idempotencyKey: string): UserError[] {
  const problems: UserError[] = [];
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK_DELTA) {
    problems.push({ code: 'INVALID_QUANTITY', message: `delta must be a whole number from -${MAX_STOCK_DELTA} to ${MAX_STOCK_DELTA}, not 0`, field: ['delta'] });
  }
  if (reason.trim().length === 0 || reason.length > 200) {
    problems.push({ code: 'INVALID_REASON', message: 'a reason of 1 to 200 characters is required', field: ['reason'] });
  }
  const keyProblem = idempotencyKeyProblem(idempotencyKey);
  if (keyProblem) problems.push(keyProblem);
  return problems;
}
