import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { KeycloakAdmin, KeycloakUser } from '@alliance/auth/keycloak-admin';
import { actorOf, type AuditLog } from '../audit/audit-log.js';
import type { MerchantRepository } from './merchant.repository.js';
import type { InvitationDoc, InvitationRepository } from './invitation.repository.js';
import { invitationExpiry, invitationLink, isOpen, isTokenShaped, newInvitationToken, ownerReissueOf, passwordProblems, realmRoleOf, tokenHash, type InvitationRole } from './invitation.rules.js';
import { emailProblems, normalizeEmail } from './onboarding.rules.js';
import { isAllianceAdmin, isShopOwner } from './shop-roles.rules.js';

export interface InvitationView {
  id: string;
  merchantId: string;
  email: string;
  role: InvitationRole;
  expiresAt: string;
  /** Only in the payload of whoever made it. */
  link: string | null;
}

export interface InvitePayload {
  invitation: InvitationView | null;
  userErrors: UserError[];
}

export interface AcceptPayload {
  username: string | null;
  merchantId: string | null;
  userErrors: UserError[];
}

export interface InvitationPreview {
  merchantName: string;
  email: string;
  role: InvitationRole;
  expiresAt: string;
}

/** Pending invitations shown to an owner: the newest this many. */
const PENDING_WINDOW = 100;

const view = (doc: Pick<InvitationDoc, 'id' | 'merchantId' | 'email' | 'role' | 'expiresAt'>, link: string | null): InvitationView => ({
  id: doc.id,
  merchantId: doc.merchantId,
  email: doc.email,
  role: doc.role,
  expiresAt: new Date(doc.expiresAt).toISOString(),
  link,
});

const fail = (code: string, message: string, field = ['token']): AcceptPayload => ({ username: null, merchantId: null, userErrors: [{ code, message, field }] });

/**
 * One-time links into a shop (there is no mail server: the owner passes the link on). The token is
 * random and only its hash is stored; accepting is decided once by inserting `<id>:accepted`. The
 * account is made (or the shop added to an existing one) through Keycloak's admin API; the shop
 * reaches the person's token at their next sign-in.
 */
export class InvitationService {
  constructor(
    private readonly request: RequestContext,
    private readonly invitations: InvitationRepository,
    private readonly merchants: MerchantRepository,
    private readonly keycloak: KeycloakAdmin,
    private readonly audit: AuditLog,
    private readonly portalUrl: string,
    private readonly now: () => Date,
  ) {}

  /** Shop owner: a link for a new member of staff (merchant-staff of this shop). */
  async invite(merchantId: string, email: string): Promise<InvitePayload> {
    const { principal, allianceId } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in to invite staff');
    if (!isShopOwner(principal, merchantId)) throw DomainError.forbidden("Only the shop's owner invites its staff");
    const address = normalizeEmail(email);
    const problems = emailProblems(address, ['email']);
    if (problems.length) return { invitation: null, userErrors: problems };
    if (!(await this.merchants.get(allianceId, merchantId))) return { invitation: null, userErrors: [{ code: 'UNKNOWN_MERCHANT', message: 'No such shop in this alliance', field: ['merchantId'] }] };
    const invitation = await this.create(merchantId, address, 'MERCHANT_STAFF', null);
    return { invitation, userErrors: [] };
  }

  /** Onboarding: the owner's link to set a password for the account made for them. */
  createOwnerInvitation(merchantId: string, email: string, owner: { userId: string; username: string }): Promise<InvitationView> {
    return this.create(merchantId, email, 'MERCHANT_OWNER', owner);
  }

  /**
   * Alliance admin: the owner's link again (expired, or lost: it is shown once). The unused earlier ones
   * are revoked first, each decided like an acceptance, so a link the owner is using at this moment
   * either joins them (and no new link is made) or stops working.
   */
  async reissueOwner(merchantId: string): Promise<InvitePayload> {
    const { principal, allianceId } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in as an alliance admin');
    if (!isAllianceAdmin(principal)) throw DomainError.forbidden('Only alliance admins issue an owner’s link');
    const refused = (code: string, message: string): InvitePayload => ({ invitation: null, userErrors: [{ code, message, field: ['merchantId'] }] });
    if (!(await this.merchants.get(allianceId, merchantId))) return refused('UNKNOWN_MERCHANT', 'No such shop in this alliance');
    const plan = ownerReissueOf(await this.invitations.ofShop(allianceId, merchantId, PENDING_WINDOW));
    const joined = refused('OWNER_JOINED', 'The owner has set a password already: they sign in (a forgotten password is reset on the sign-in page)');
    if (plan.kind === 'JOINED') return joined;
    if (plan.kind === 'NONE') return refused('NO_OWNER_INVITATION', 'This shop’s owner account was not made by onboarding: there is no owner link to issue again');
    const at = this.now();
    for (const hash of plan.revoke) if (!(await this.invitations.revoke(allianceId, hash, at))) return joined;
    if (plan.revoke.length) await this.audit.record(allianceId, merchantId, { at, actor: actorOf(principal), action: 'owner.link-revoked', subjectId: merchantId, before: { links: plan.revoke.length }, after: null });
    return { invitation: await this.create(merchantId, plan.email, 'MERCHANT_OWNER', plan.owner), userErrors: [] };
  }

  private async create(merchantId: string, email: string, role: InvitationRole, owner: InvitationDoc['owner']): Promise<InvitationView> {
    const { allianceId, principal } = this.request;
    const token = newInvitationToken();
    const createdAt = this.now();
    const doc = { allianceId, id: tokenHash(token), merchantId, email, role, createdBy: actorOf(principal), createdAt, expiresAt: invitationExpiry(createdAt), owner };
    await this.invitations.insert(doc);
    await this.audit.record(allianceId, merchantId, { at: createdAt, actor: doc.createdBy, action: 'staff.invited', subjectId: doc.id, before: null, after: { email, role, expiresAt: doc.expiresAt.toISOString() } });
    return view(doc, invitationLink(this.portalUrl, token));
  }

  /** What a link is for, before anyone signs in; null when it is unknown, used or expired. */
  async preview(token: string): Promise<InvitationPreview | null> {
    const open = await this.openInvitation(token);
    if (!open || 'error' in open) return null;
    const shop = await this.merchants.get(this.request.allianceId, open.doc.merchantId);
    return shop ? { merchantName: shop.name, email: open.doc.email, role: open.doc.role, expiresAt: open.doc.expiresAt.toISOString() } : null;
  }

  private async openInvitation(token: string): Promise<{ doc: InvitationDoc } | { error: AcceptPayload } | null> {
    if (!isTokenShaped(token)) return null;
    const { allianceId } = this.request;
    const hash = tokenHash(token);
    const doc = await this.invitations.get(allianceId, hash);
    if (!doc) return null;
    const acceptance = await this.invitations.acceptance(allianceId, hash);
    if (isOpen(doc, !!acceptance, this.now())) return { doc: { ...doc, expiresAt: new Date(doc.expiresAt) } };
    if (acceptance?.revoked) return { error: fail('INVITATION_REVOKED', 'A newer link replaced this one: use the newest link you were sent') };
    return { error: acceptance ? fail('INVITATION_USED', 'This link has been used: sign in instead') : fail('INVITATION_EXPIRED', doc.role === 'MERCHANT_OWNER' ? 'This link has expired: ask the alliance for a new one' : 'This link has expired: ask the shop’s owner for a new one') };
  }

  /** No sign-in: the link's holder sets a password and joins the shop. The link works once. */
  async accept(token: string, password: string): Promise<AcceptPayload> {
    const problems = passwordProblems(password);
    if (problems.length) return { username: null, merchantId: null, userErrors: problems };
    const open = await this.openInvitation(token);
    if (!open) return fail('UNKNOWN_INVITATION', 'No such invitation: check the link');
    if ('error' in open) return open.error;
    const { doc } = open;
    const { allianceId } = this.request;

    // Two admins issuing the owner's link at one instant leave two open: the first used wins the account.
    // (This link's own use is a race of two tabs on it, decided by the claim below: INVITATION_USED.)
    if (doc.role === 'MERCHANT_OWNER') {
      const others = (await this.invitations.ofShop(allianceId, doc.merchantId, PENDING_WINDOW)).filter((r) => r.invitation.id !== doc.id);
      if (ownerReissueOf(others).kind === 'JOINED') return fail('INVITATION_REVOKED', 'The owner has joined with another link: sign in instead');
    }
    // Checked before the link is used up, so a refusal leaves it working.
    const existing = doc.role === 'MERCHANT_STAFF' ? await this.keycloak.findByEmail(doc.email) : null;
    if (existing) {
      const refusal = await this.existingAccountProblem(existing, doc.merchantId);
      if (refusal) return fail(refusal.code, refusal.message);
    }
    if (!(await this.invitations.claim(allianceId, doc.id, this.now()))) return fail('INVITATION_USED', 'This link has been used: sign in instead');
    let joined: { username: string } | { error: UserError };
    try {
      joined = await this.join(doc, existing, password);
    } catch (err) {
      await this.invitations.release(allianceId, doc.id);
      throw err;
    }
    if ('error' in joined) {
      await this.invitations.release(allianceId, doc.id);
      return { username: null, merchantId: null, userErrors: [joined.error] };
    }
    await this.invitations.markAccepted(allianceId, doc.id, joined.username);
    await this.audit.record(allianceId, doc.merchantId, { at: this.now(), actor: joined.username, action: 'staff.joined', subjectId: doc.id, before: null, after: { username: joined.username, email: doc.email, role: doc.role } });
    return { username: joined.username, merchantId: doc.merchantId, userErrors: [] };
  }

  /**
   * An account with the invited address exists: it joins as it is (its password is not touched: the
   * link's holder has not proven it is theirs). Roles are realm-wide, so an owner of another shop made
   * staff here would own this shop too: refused.
   */
  private async existingAccountProblem(user: KeycloakUser, merchantId: string): Promise<UserError | null> {
    if (!(user.attributes?.alliance_id ?? []).includes(this.request.allianceId)) {
      return { code: 'ACCOUNT_NOT_ELIGIBLE', message: 'The account with this address belongs to another alliance' };
    }
    const roles = await this.keycloak.realmRoles(user.id);
    if (roles.includes('merchant-owner') && !(user.attributes?.merchant_ids ?? []).includes(merchantId)) {
      return { code: 'ACCOUNT_NOT_ELIGIBLE', message: 'The account with this address owns another shop: invite another address' };
    }
    return null;
  }

  private async join(doc: InvitationDoc, existing: KeycloakUser | null, password: string): Promise<{ username: string } | { error: UserError }> {
    if (doc.role === 'MERCHANT_OWNER') {
      const owner = doc.owner!;
      const set = await this.keycloak.setPassword(owner.userId, password);
      if (!set.ok) return { error: { code: 'WEAK_PASSWORD', message: set.reason, field: ['password'] } };
      return { username: owner.username };
    }
    const role = realmRoleOf(doc.role);
    if (existing) {
      await this.keycloak.addAttributeValue(existing.id, 'merchant_ids', doc.merchantId);
      await this.keycloak.addRealmRoles(existing.id, [role]);
      return { username: existing.username };
    }
    const made = await this.keycloak.createUser({
      username: doc.email,
      email: doc.email,
      enabled: true,
      // The address is the one the owner invited, and the link reached its holder.
      emailVerified: true,
      attributes: { alliance_id: [doc.allianceId], merchant_ids: [doc.merchantId] },
    });
    if (!made.created) return { error: { code: 'ACCOUNT_EXISTS', message: 'An account with this username exists: ask the shop’s owner to invite its e-mail address', field: ['token'] } };
    try {
      const set = await this.keycloak.setPassword(made.id, password);
      if (!set.ok) {
        await this.keycloak.deleteAccount(made.id);
        return { error: { code: 'WEAK_PASSWORD', message: set.reason, field: ['password'] } };
      }
      await this.keycloak.addRealmRoles(made.id, [role]);
    } catch (err) {
      await this.keycloak.deleteAccount(made.id);
      throw err;
    }
    return { username: doc.email };
  }

  /** The shop's invitations not yet accepted or expired: its owner. */
  async pending(merchantId: string): Promise<InvitationView[]> {
    const { principal, allianceId } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in to see invitations');
    if (!isShopOwner(principal, merchantId)) throw DomainError.forbidden("Only the shop's owner sees its invitations");
    const rows = await this.invitations.ofShop(allianceId, merchantId, PENDING_WINDOW);
    const now = this.now();
    return rows.filter((r) => isOpen(r.invitation, r.accepted, now)).map((r) => view(r.invitation, null));
  }
}
