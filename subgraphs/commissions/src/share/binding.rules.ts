import { createHash } from 'node:crypto';
import type { UserError } from '@alliance/runtime/domain-error';

/**
 * A shopper bound to a sharer: the first binding inside its protection window holds; once it lapses,
 * the next share link she arrives by binds her anew. Binding rewards nobody: only completed orders
 * earn commission.
 */
export interface BindingFact {
  sharer: string;
  sharerCode: string;
  boundAt: string;
  until: string;
}

export type BindingState = BindingFact | null;

export const bindingProjection = {
  initial: null as BindingState,
  evolve: (_s: BindingState, f: BindingFact): BindingState => f,
};

/** Active at `atMs`: bound then and not lapsed. */
export function activeAt(b: BindingState, atMs: number): b is BindingFact {
  return !!b && Date.parse(b.boundAt) <= atMs && atMs < Date.parse(b.until);
}

export function decideBinding(current: BindingState, buyer: string, sharer: string, sharerCode: string, nowMs: number, days: number): { fact: BindingFact } | { keep: BindingFact } | { error: UserError } {
  if (sharer === buyer) return { error: { code: 'OWN_CODE', message: 'this is your own share code', field: ['code'] } };
  if (activeAt(current, nowMs)) return { keep: current };
  return { fact: { sharer, sharerCode, boundAt: new Date(nowMs).toISOString(), until: new Date(nowMs + days * 86_400_000).toISOString() } };
}

/** A shopper as her sharer's list keeps her: her subject stays in storage and never leaves the subgraph. */
export interface BoundShopperFact {
  buyer: string;
  boundAt: string;
  until: string;
}

/**
 * The pseudonym a sharer sees for a shopper bound to her: stable for that pair (a rebinding shows the
 * same one) and different for every other sharer, so two sharers cannot match up their lists, and
 * neither the name nor the subject can be read from it.
 */
export function boundShopperLabel(allianceId: string, sharer: string, buyer: string): string {
  return createHash('sha256').update(`${allianceId}\u0000${sharer}\u0000${buyer}`).digest('hex').slice(0, 6).toUpperCase();
}
