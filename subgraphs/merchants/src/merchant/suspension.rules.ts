import type { UserError } from '@alliance/runtime/domain-error';
import type { MerchantStatus } from './merchant.model.js';

/** One fact of a shop's status stream: who suspended or reinstated it, when and why. */
export interface StatusFact {
  status: MerchantStatus;
  reason: string | null;
  at: string;
  actor: string;
}

export interface ShopStatus {
  status: MerchantStatus;
  reason: string | null;
}

export const statusProjection = {
  initial: { status: 'ACTIVE', reason: null } as ShopStatus,
  evolve: (_: ShopStatus, fact: StatusFact): ShopStatus => ({ status: fact.status, reason: fact.reason }),
};

/** The next fact, or null when the shop is in that status already (suspending a suspended shop changes nothing). */
export function decideStatus(current: ShopStatus, target: MerchantStatus, reason: string | null, at: Date, actor: string): StatusFact | null {
  if (current.status === target) return null;
  return { status: target, reason: target === 'SUSPENDED' ? reason : null, at: at.toISOString(), actor };
}

export const MAX_REASON = 200;

export function reasonProblems(reason: string): UserError[] {
  const r = reason.trim();
  if (r.length === 0 || r.length > MAX_REASON) return [{ code: 'INVALID_REASON', message: `say why, in 1 to ${MAX_REASON} characters: the shop's staff see it`, field: ['reason'] }];
  return [];
}

/** The document copies the stream: only a newer version replaces what it holds (a late writer never sets it back). */
export const isNewerStatus = (docVersion: number | undefined, streamVersion: number) => streamVersion > (docVersion ?? 0);
