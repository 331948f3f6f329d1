import { isShopStaff } from '@alliance/auth';
import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { AuditLog, AuditPage } from '../audit/audit-log.js';
import type { CatalogMerchant } from '../catalog/catalog.projection.js';
import type { CatalogView } from '../catalog/catalog.service.js';
import type { StoredImage } from '../media/image.js';
import { imageView, type ImageView } from '../media/image.rules.js';
import { isAllianceAdmin, isShopOwner } from './shop-roles.rules.js';

/** An audit page is at most this long. */
const MAX_AUDIT_PAGE = 100;

export interface MerchantReadDeps {
  audit: AuditLog;
  /** Where browsers read a stored object (ObjectStorage.publicUrl). */
  publicUrl: (key: string) => string;
}

/**
 * The alliance's shops as seen by one request, from the catalogue projection. Public within the
 * alliance, except what only a shop's people or the alliance admins see (why it was suspended, its
 * audit log).
 */
export class MerchantService {
  constructor(
    private readonly view: CatalogView,
    private readonly request: RequestContext,
    private readonly deps: MerchantReadDeps,
  ) {}

  /** Suspended shops are listed to alliance admins only (they reinstate them from that list). */
  async list(neighborhood?: string | null): Promise<CatalogMerchant[]> {
    return (await this.view()).merchantList(neighborhood?.trim() || undefined, isAllianceAdmin(this.request.principal));
  }

  async get(id: string): Promise<CatalogMerchant | null> {
    return (await this.view()).merchant(id);
  }

  /** The shop selling a product; a product whose shop is not in the catalogue is a fault, not an answer. */
  ofProduct(product: { merchantId: string }): Promise<CatalogMerchant> {
    return this.require(product.merchantId);
  }

  /** A shop the catalogue must know (a product's, a cart group's): its absence is a fault, not an answer. */
  async require(id: string): Promise<CatalogMerchant> {
    const merchant = await this.get(id);
    if (!merchant) throw new Error(`merchant ${id} is not in the catalogue`);
    return merchant;
  }

  async neighborhoods(): Promise<string[]> {
    return (await this.view()).neighborhoods();
  }

  /** Why the shop was suspended: its own staff and the alliance admins; null for everyone else. */
  suspendedReason(m: CatalogMerchant): string | null {
    const p = this.request.principal;
    return isShopStaff(p, m.id) || isAllianceAdmin(p) ? m.suspendedReason : null;
  }

  /** The licences with their photos as images (shown on the shop's page: public). */
  licences(m: CatalogMerchant) {
    if (!m.licences) return null;
    const image = (i: StoredImage | null | undefined) => (i?.renditions.length ? this.image(i) : null);
    return { ...m.licences, foodPermitNumber: m.licences.foodPermitNumber ?? null, businessLicenceImage: image(m.licences.businessLicenceImage), foodPermitImage: image(m.licences.foodPermitImage) };
  }

  private image(i: StoredImage): ImageView {
    return imageView(i, this.deps.publicUrl);
  }

  /** Every change to the shop, newest first: its owner and the alliance admins (not its staff). */
  async auditLog(m: CatalogMerchant, first: number | null | undefined, after: string | null | undefined): Promise<AuditPage> {
    const p = this.request.principal;
    if (!p) throw DomainError.unauthenticated('Sign in to see a shop’s audit log');
    if (!isShopOwner(p, m.id) && !isAllianceAdmin(p)) throw DomainError.forbidden('A shop’s audit log is for its owner and the alliance admins');
    const size = first ?? 50;
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_AUDIT_PAGE) throw DomainError.badInput(`first: 1 to ${MAX_AUDIT_PAGE}`, 'first');
    return this.deps.audit.page(this.request.allianceId, m.id, size, after);
  }
}
