/**
 * Who the signed-in member is, as far as the portal's navigation needs to know: the roles and shop ids
 * carried by her access token. Only for choosing what to show (links to /merchant and /leader, the
 * shop whose desk opens): every subgraph checks the token itself and authorizes each request.
 */
import { decodeJwtPayload } from './oidc';

export type PortalRole = 'shopper' | 'merchant-owner' | 'merchant-staff' | 'alliance-admin' | 'group-leader';

export interface PortalPrincipal {
  username: string;
  roles: PortalRole[];
  merchantIds: string[];
}

const ROLES = new Set<PortalRole>(['shopper', 'merchant-owner', 'merchant-staff', 'alliance-admin', 'group-leader']);

/** Reads the claims of a token the portal itself received from Keycloak over the back channel. */
export function principalFromAccessToken(jwt: string): PortalPrincipal | undefined {
  const c = decodeJwtPayload(jwt);
  if (!c) return undefined;
  const realm = c.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realm?.roles) ? realm.roles.filter((r): r is PortalRole => ROLES.has(r as PortalRole)) : [];
  const raw = c.merchant_ids;
  const merchantIds = (Array.isArray(raw) ? raw : raw == null ? [] : [raw]).filter((m): m is string => typeof m === 'string' && m.length > 0);
  const username = typeof c.preferred_username === 'string' ? c.preferred_username : typeof c.sub === 'string' ? c.sub : '';
  return { username, roles, merchantIds };
}

export const isShopStaff = (p: PortalPrincipal | undefined): boolean =>
  Boolean(p && p.merchantIds.length > 0 && (p.roles.includes('merchant-owner') || p.roles.includes('merchant-staff')));

export const isGroupLeader = (p: PortalPrincipal | undefined): boolean => Boolean(p?.roles.includes('group-leader'));

export const isAllianceAdmin = (p: PortalPrincipal | undefined): boolean => Boolean(p?.roles.includes('alliance-admin'));
