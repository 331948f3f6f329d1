import { createHash, randomBytes } from 'node:crypto';
import type { UserError } from '@alliance/runtime/domain-error';

export type InvitationRole = 'MERCHANT_OWNER' | 'MERCHANT_STAFF';

/** An invitation link works this long: time to pass it on over WeChat and open it. */
export const INVITATION_DAYS = 7;
export const MIN_PASSWORD = 8;
const MAX_PASSWORD = 128;

/** 32 random bytes: the link's secret. Only its hash is stored, so a database leak opens no shop. */
export const newInvitationToken = (): string => randomBytes(32).toString('base64url');
export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
/** A token as `newInvitationToken` makes it (43 base64url characters); anything else is unknown without a read. */
export const isTokenShaped = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export const invitationLink = (portalUrl: string, token: string) => `${portalUrl.replace(/\/$/, '')}/invite/${token}`;
export const invitationExpiry = (now: Date) => new Date(now.getTime() + INVITATION_DAYS * 86_400_000);

/** The realm role an accepted invitation grants. */
export const realmRoleOf = (role: InvitationRole) => (role === 'MERCHANT_OWNER' ? 'merchant-owner' : 'merchant-staff');

/** Open: not accepted and not expired. */
export const isOpen = (inv: { expiresAt: Date | string }, accepted: boolean, now: Date) => !accepted && new Date(inv.expiresAt).getTime() > now.getTime();

/** How a link was used up: someone joined with it, or a newer link replaced it; null while unused. */
export type LinkUse = 'JOINED' | 'REVOKED' | null;

export interface ShopInvitationRow {
  invitation: { id: string; role: InvitationRole; email: string; owner?: { userId: string; username: string } | null };
  use: LinkUse;
}

export type OwnerReissue = { kind: 'JOINED' } | { kind: 'NONE' } | { kind: 'REISSUE'; email: string; owner: { userId: string; username: string }; revoke: string[] };

/**
 * Whether a shop's owner gets a new link (rows newest first): not once the owner has joined through any
 * owner link; otherwise for the account and address of the newest owner link, with every owner link
 * still unused to be revoked. NONE: the owner's account was not made by onboarding (the demo shops).
 */
export function ownerReissueOf(rows: readonly ShopInvitationRow[]): OwnerReissue {
  const owners = rows.filter((r) => r.invitation.role === 'MERCHANT_OWNER' && r.invitation.owner);
  if (owners.some((r) => r.use === 'JOINED')) return { kind: 'JOINED' };
  const newest = owners[0];
  if (!newest) return { kind: 'NONE' };
  return { kind: 'REISSUE', email: newest.invitation.email, owner: newest.invitation.owner!, revoke: owners.filter((r) => r.use === null).map((r) => r.invitation.id) };
}

export function passwordProblems(password: string): UserError[] {
  if (password.length < MIN_PASSWORD) return [{ code: 'WEAK_PASSWORD', message: `a password of at least ${MIN_PASSWORD} characters`, field: ['password'] }];
  if (password.length > MAX_PASSWORD) return [{ code: 'WEAK_PASSWORD', message: `a password of at most ${MAX_PASSWORD} characters`, field: ['password'] }];
  return [];
}
