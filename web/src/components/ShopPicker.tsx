import type { ReactElement } from 'react';
import type { Dictionary } from '@/i18n/dictionary';
import { getPrincipal } from '@/lib/auth';
import { isShopStaff, type PortalPrincipal } from '@/lib/principal';
import { StatePanel } from './StatePanel';

type Query = Record<string, string | string[] | undefined>;

export type ShopPick = { ok: true; principal: PortalPrincipal; merchantId: string } | { ok: false; panel: ReactElement };

/**
 * The prologue of a /merchant page: signed out → a login panel back to `self`; not a shop's staff → a
 * refusal; else the shop the page is for: `?shop=` when it is one of hers, her first shop otherwise.
 * Only what to show: the subgraphs authorize every call themselves. `testId` prefixes the panels'.
 */
export async function pickShop(t: Dictionary, query: Query, o: { self: string; title: string; testId: string }): Promise<ShopPick> {
  const principal = await getPrincipal();
  if (!principal) {
    return { ok: false, panel: <StatePanel testId={`${o.testId}-login`} icon="?" title={o.title} actions={[{ href: `/auth/login?returnTo=${encodeURIComponent(o.self)}`, label: t.auth.login, plain: true }]} /> };
  }
  if (!isShopStaff(principal)) return { ok: false, panel: <StatePanel testId={`${o.testId}-forbidden`} icon="!" title={t.desk.notStaff} actions={[{ href: '/', label: t.errors.home }]} /> };
  const raw = query.shop;
  const wanted = Array.isArray(raw) ? raw[0] : raw;
  const merchantId = wanted && principal.merchantIds.includes(wanted) ? wanted : principal.merchantIds[0]!;
  return { ok: true, principal, merchantId };
}

/** Chips to switch between her shops, for staff of more than one. */
export function ShopChips({ merchantIds, current, self }: { merchantIds: readonly string[]; current: string; self: string }) {
  if (merchantIds.length < 2) return null;
  return (
    <nav className="chips">
      {merchantIds.map((id) => (
        <a key={id} href={`${self}?shop=${encodeURIComponent(id)}`} className={id === current ? 'chip active' : 'chip'}>
          {id}
        </a>
      ))}
    </nav>
  );
}
