import { tenantId } from '@alliance/store';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { KeycloakAdmin } from '@alliance/auth/keycloak-admin';
import { actorOf, type AuditLog } from '../audit/audit-log.js';
import type { CatalogChangeLog } from '../catalog/catalog-change.repository.js';
import { toCatalogMerchant, type CatalogProjections } from '../catalog/catalog-projections.js';
import type { CatalogView } from '../catalog/catalog.service.js';
import type { MerchantDoc, MerchantLicences } from './merchant.model.js';
import type { MerchantRepository } from './merchant.repository.js';
import type { InvitationService, InvitationView } from './invitation.service.js';
import type { LicencePhotos } from './licence-photos.js';
import { onboardingProblems, type OnboardedShop, type OnboardingInput } from './onboarding.rules.js';
import { isAllianceAdmin } from './shop-roles.rules.js';
import type { MerchantPayload } from './suspension.service.js';

export interface OnboardPayload extends MerchantPayload {
  ownerInvitation: InvitationView | null;
}

export interface OnboardingDeps {
  merchants: MerchantRepository;
  view: CatalogView;
  keycloak: KeycloakAdmin;
  invitations: InvitationService;
  licencePhotos: LicencePhotos;
  changes: CatalogChangeLog;
  projections: CatalogProjections;
  audit: AuditLog;
  now: () => Date;
}

const refused = (...userErrors: UserError[]): OnboardPayload => ({ merchant: null, ownerInvitation: null, userErrors });

/**
 * An alliance admin brings a shop in: the shop, its licences and its owner's Keycloak account.
 *
 * Order, so that no failure leaves a shop without an owner or an owner without a shop:
 * 1. everything that can be checked without writing (the form, the id and name, the owner's username
 *    and address in Keycloak, the licence photos) is checked first;
 * 2. the shop document is inserted (its unique `_id` and name decide between two admins) but not yet
 *    announced: no change-log entry, so no storefront lists it and it has no products;
 * 3. the owner's account is made with the shop in merchant_ids; if that fails (the username was taken
 *    meanwhile, Keycloak is down) the shop document is removed again. An account is never made first:
 *    a crash would leave an account naming a shop id someone else may onboard later;
 * 4. only then the owner's invitation, the change log (every replica lists the shop) and the audit.
 * A crash between 2 and 4 leaves an unannounced shop marked unfinished; repeating the same onboarding
 * (same id and owner) finishes it, adopting the account if step 3 had happened.
 */
export class OnboardingService {
  constructor(
    private readonly request: RequestContext,
    private readonly d: OnboardingDeps,
  ) {}

  async onboard(input: OnboardingInput): Promise<OnboardPayload> {
    const { allianceId, principal } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in as an alliance admin');
    if (!isAllianceAdmin(principal)) throw DomainError.forbidden('Only alliance admins onboard shops');
    const { shop, problems } = onboardingProblems(input);
    if (!shop) return refused(...problems);

    const existing = await this.d.merchants.get(allianceId, shop.id);
    const resuming = !!existing && !existing.onboarding?.completedAt && existing.onboarding?.ownerUsername === shop.ownerUsername;
    if (existing && !resuming) return refused({ code: 'MERCHANT_EXISTS', message: `A shop with the id ${shop.id} exists already`, field: ['input', 'id'] });
    const sameName = (await this.d.view()).merchantList(undefined, true).find((m) => m.name === shop.name && m.id !== shop.id);
    if (sameName) return refused({ code: 'MERCHANT_EXISTS', message: `${shop.name} is the name of another shop`, field: ['input', 'name'] });

    const owner = await this.d.keycloak.findByUsername(shop.ownerUsername);
    const adopt = owner && resuming && (owner.attributes?.merchant_ids ?? []).includes(shop.id) ? owner : null;
    if (owner && !adopt) return refused({ code: 'OWNER_USERNAME_TAKEN', message: `The username ${shop.ownerUsername} is taken`, field: ['input', 'ownerUsername'] });
    const sameEmail = await this.d.keycloak.findByEmail(shop.ownerEmail);
    if (sameEmail && sameEmail.id !== adopt?.id) return refused({ code: 'OWNER_EMAIL_TAKEN', message: `An account with ${shop.ownerEmail} exists already`, field: ['input', 'ownerEmail'] });

    const photos = await this.licences(shop, input);
    if ('error' in photos) return refused(photos.error);

    const doc = this.document(shop, photos.licences);
    if (resuming) await this.d.merchants.update(allianceId, shop.id, { licences: doc.licences });
    else if (!(await this.d.merchants.insertNew(doc))) return refused({ code: 'MERCHANT_EXISTS', message: `A shop with the id ${shop.id} or the name ${shop.name} exists already`, field: ['input', 'id'] });

    // Undone when the owner cannot be made, unless an earlier attempt made it (then it stays for the next).
    const undo = () => (resuming ? Promise.resolve() : this.d.merchants.remove(allianceId, shop.id));
    if (adopt) await this.d.keycloak.addRealmRoles(adopt.id, ['merchant-owner']);
    const account = adopt ? { created: true as const, id: adopt.id } : await this.createOwner(shop).catch(async (err: unknown) => {
      await undo();
      throw err;
    });
    if (!account.created) {
      await undo();
      return refused({ code: 'OWNER_USERNAME_TAKEN', message: `The username or address of the owner is taken`, field: ['input', 'ownerUsername'] });
    }
    const ownerInvitation = await this.d.invitations.createOwnerInvitation(shop.id, shop.ownerEmail, { userId: account.id, username: shop.ownerUsername });
    const completedAt = this.d.now();
    const onboarding = { ...doc.onboarding!, completedAt };
    await this.d.merchants.update(allianceId, shop.id, { onboarding });
    const version = await this.d.changes.record(allianceId, 'merchant', [shop.id]);
    await this.d.projections.advanceTo(allianceId, version);
    const { onboarding: _, createdAt: __, ...after } = doc;
    await this.d.audit.record(allianceId, shop.id, { at: completedAt, actor: actorOf(principal), action: 'merchant.onboarded', subjectId: shop.id, before: null, after: { ...after, owner: shop.ownerUsername } });
    await Promise.all(photos.discards.map((discard) => discard()));
    return { merchant: toCatalogMerchant({ ...doc, _id: tenantId(allianceId, shop.id), onboarding }), ownerInvitation, userErrors: [] };
  }

  /** The owner's account: enabled but without a password until the invitation is accepted. */
  private async createOwner(shop: OnboardedShop): Promise<{ created: true; id: string } | { created: false }> {
    const made = await this.d.keycloak.createUser({ username: shop.ownerUsername, email: shop.ownerEmail, enabled: true, emailVerified: true, attributes: { alliance_id: [this.request.allianceId], merchant_ids: [shop.id] } });
    if (!made.created) return made;
    try {
      await this.d.keycloak.addRealmRoles(made.id, ['merchant-owner']);
    } catch (err) {
      await this.d.keycloak.deleteAccount(made.id);
      throw err;
    }
    return made;
  }

  private async licences(shop: OnboardedShop, input: OnboardingInput): Promise<{ licences: MerchantLicences; discards: (() => Promise<void>)[] } | { error: UserError }> {
    const discards: (() => Promise<void>)[] = [];
    const photo = async (uploadId: string | null | undefined, field: string) => {
      if (!uploadId) return null;
      const r = await this.d.licencePhotos(shop.id, uploadId, ['input', field]);
      if ('error' in r) return r;
      discards.push(r.discard);
      return r.image;
    };
    const business = await photo(input.businessLicenceUploadId, 'businessLicenceUploadId');
    if (business && 'error' in business) return business;
    const permit = await photo(input.foodPermitUploadId, 'foodPermitUploadId');
    if (permit && 'error' in permit) return permit;
    return { licences: { businessLicenceNumber: shop.businessLicenceNumber, businessLicenceImage: business, foodPermitNumber: shop.foodPermitNumber, foodPermitImage: permit }, discards };
  }

  private document(shop: OnboardedShop, licences: MerchantLicences): Omit<MerchantDoc, '_id'> {
    const { allianceId, principal } = this.request;
    return {
      id: shop.id,
      allianceId,
      name: shop.name,
      kind: shop.kind,
      neighborhood: shop.neighborhood,
      address: shop.address,
      badge: shop.badge,
      description: shop.description,
      status: 'ACTIVE',
      suspendedReason: null,
      statusVersion: 0,
      neighborhoodsServed: shop.neighborhoodsServed,
      delivery: shop.delivery,
      licences,
      onboarding: { ownerUsername: shop.ownerUsername, ownerEmail: shop.ownerEmail, by: actorOf(principal), completedAt: null },
      createdAt: this.d.now(),
    };
  }
}
