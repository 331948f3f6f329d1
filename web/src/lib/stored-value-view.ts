/**
 * Stored value (储值) as the portal shows it, pure: the counter's amount typed in yuan, and whether a
 * checkout may offer 储值支付 — a balance is held at one shop and pays that shop's orders only, so the
 * option is offered only for a one-shop cart where she holds a balance (the checkout decides for real).
 */
import { yuanToFen } from './money';

/** A top-up is at least ¥1. */
export const MIN_TOP_UP_FEN = 100;
/** A balance at one shop holds at most ¥5,000 (the cap of a named prepaid card). */
export const MAX_BALANCE_FEN = 500_000;

/** The member code staff type, paste or scan: `mem_` and 24 hex digits (spaces and case forgiven). */
export function memberCodeOf(raw: string): string {
  return raw.replace(/\s+/g, '').toLowerCase().slice(0, 60);
}

/** Yuan typed at the counter as whole fen; null when it is not an amount (the members subgraph checks the rest). */
export function topUpFenOf(raw: string): number | null {
  const fen = yuanToFen(raw.replace(/^¥/, ''));
  return fen === undefined ? null : fen;
}

export interface BalanceLike {
  merchant: { id: string; name: string };
  balanceFen: number;
}

export type StoredValueOffer =
  /** Offered: her balance at the cart's only shop (`enough` when it covers the total shown). */
  | { kind: 'offered'; merchantId: string; merchantName: string; balanceFen: number; enough: boolean }
  /** Not offered: the cart holds several shops' goods. */
  | { kind: 'mixed' }
  /** Not offered: no balance at the cart's shop. */
  | { kind: 'noBalance'; merchantName: string }
  /** Not offered: her balances could not be read just now. */
  | { kind: 'unavailable' };

export function storedValueOffer(shops: readonly { id: string; name: string }[], balances: readonly BalanceLike[] | null, totalFen: number): StoredValueOffer {
  const ids = [...new Set(shops.map((s) => s.id))];
  if (ids.length !== 1) return { kind: 'mixed' };
  const shop = shops[0]!;
  if (balances === null) return { kind: 'unavailable' };
  const held = balances.find((b) => b.merchant.id === shop.id);
  if (!held || held.balanceFen <= 0) return { kind: 'noBalance', merchantName: shop.name };
  return { kind: 'offered', merchantId: shop.id, merchantName: held.merchant.name || shop.name, balanceFen: held.balanceFen, enough: held.balanceFen >= totalFen };
}

/** Balances worth listing (a paid-back balance of ¥0 is history, not a card), largest first. */
export function listedBalances<T extends BalanceLike>(balances: readonly T[]): T[] {
  return balances.filter((b) => b.balanceFen > 0).sort((a, b) => b.balanceFen - a.balanceFen || a.merchant.name.localeCompare(b.merchant.name));
}
