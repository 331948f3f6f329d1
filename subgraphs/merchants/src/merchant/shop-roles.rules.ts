import { hasRole, type Principal } from '@alliance/auth';

/** Alliance admins onboard, suspend and reinstate shops and read every shop's audit log. */
export const isAllianceAdmin = (p: Principal | null): boolean => hasRole(p, 'alliance-admin') && !p!.service;

/**
 * The shop's owner: the merchant-owner role and the shop in the token's merchant_ids. Roles are
 * realm-wide, which is why an owner is never made staff of another shop (invitation.service).
 */
export const isShopOwner = (p: Principal | null, merchantId: string): boolean => hasRole(p, 'merchant-owner') && !p!.service && p!.merchantIds.includes(merchantId);
