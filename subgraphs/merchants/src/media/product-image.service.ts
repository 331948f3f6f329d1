import type { UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EventBus } from '@alliance/events';
import { actorOf, type AuditLog } from '../audit/audit-log.js';
import { publishProductUpdated } from '../catalog/catalog-events.js';
import type { CatalogChangeLog } from '../catalog/catalog-change.repository.js';
import { toCatalogProduct, type CatalogProjections } from '../catalog/catalog-projections.js';
import type { ProductDoc } from '../catalog/product.model.js';
import type { ProductRepository } from '../catalog/product.repository.js';
import type { ProductPayload } from '../catalog/product-price.service.js';
import { loadOwnProduct } from '../catalog/own-product.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { shopSuspendedError } from '../merchant/active-shop.js';
import type { StoredImage } from './image.js';
import { decideAttach, imageView, productImagePrefix, type ImageFact, type ImageView } from './image.rules.js';
import type { ObjectStorage } from './object-storage.js';
import type { ProductImageRepository } from './product-images.repository.js';
import { storeRenditions } from './renditions.js';
import type { UploadService } from './upload.service.js';

export interface ProductImageDeps {
  products: ProductRepository;
  merchants: MerchantRepository;
  images: ProductImageRepository;
  uploads: UploadService;
  storage: ObjectStorage;
  changes: CatalogChangeLog;
  projections: CatalogProjections;
  events: EventBus;
  audit: AuditLog;
  now: () => Date;
}

const idsOf = (images: readonly StoredImage[]) => images.map((i) => i.id);

/**
 * A shop adds and removes its products' photos. An attach checks the uploaded bytes again (a presigned
 * PUT enforces only what it signed), makes the WebP renditions, appends the photo to the product's
 * image stream, copies the list onto the product, and announces the change like any catalogue write.
 * The photo's id is the upload's, so an upload attaches once however often it is retried.
 */
export class ProductImageService {
  constructor(
    private readonly request: RequestContext,
    private readonly d: ProductImageDeps,
  ) {}

  /** How clients see a product's photos: URLs from the keys, for wherever browsers read them today. */
  views(images: readonly StoredImage[]): ImageView[] {
    return images.map((i) => imageView(i, (key) => this.d.storage.publicUrl(key)));
  }

  async attach(productId: string, uploadId: string): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await this.ownActiveProduct(productId);
    if ('error' in own) return own.error;
    const { doc } = own;
    const before = await this.d.images.change(allianceId, productId, () => null);
    if (before.images.some((i) => i.id === uploadId)) return this.settle(doc, before.version, before.images, null);
    const full = decideAttach(before, { id: uploadId, renditions: [] });
    if (full && 'code' in full) return { product: own.product, userErrors: [full] };

    const consumed = await this.d.uploads.consume(uploadId, 'PRODUCT_IMAGE', { merchantId: doc.merchantId, productId });
    if ('error' in consumed) return { product: own.product, userErrors: [consumed.error] };
    const stored = await storeRenditions(this.d.storage, consumed.bytes, productImagePrefix(allianceId, productId), uploadId);
    if ('error' in stored) return { product: own.product, userErrors: [stored.error] };

    const decision: { refused: UserError | null } = { refused: null };
    const r = await this.d.images.change(allianceId, productId, (state) => {
      const next = decideAttach(state, stored.image);
      decision.refused = next && 'code' in next ? next : null;
      return decision.refused ? null : (next as ImageFact | null);
    });
    // Another attach filled the product meanwhile; the renditions just made stay unreferenced.
    if (decision.refused) return { product: own.product, userErrors: [decision.refused] };
    const payload = await this.settle(doc, r.version, r.images, r.changed ? { action: 'product.image-attached', before: before.images } : null);
    // The original may carry the shop's GPS position: only the stripped renditions are kept.
    await this.d.uploads.discard(consumed.upload);
    return payload;
  }

  /**
   * Takes a photo off the product, then deletes its renditions: nothing refers to them once the
   * product's copy is settled (a browser or CDN may still hold a cached one, which is harmless). An
   * upload attaches once, so they can never be referred to again.
   */
  async remove(productId: string, imageId: string): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await this.ownActiveProduct(productId);
    if ('error' in own) return own.error;
    const { doc } = own;
    const seen: { before: StoredImage[] } = { before: [] };
    const r = await this.d.images.change(allianceId, productId, (state) => {
      seen.before = state.images;
      return state.images.some((i) => i.id === imageId) ? { kind: 'removed', imageId } : null;
    });
    // Not in the list: unknown, unless a crash left the product's copy still showing it.
    if (!r.changed && !(doc.images ?? []).some((i) => i.id === imageId)) {
      return { product: own.product, userErrors: [{ code: 'UNKNOWN_IMAGE', message: 'This product has no such photo', field: ['imageId'] }] };
    }
    const payload = await this.settle(doc, r.version, r.images, r.changed ? { action: 'product.image-removed', before: seen.before } : null);
    const removed = [...seen.before, ...(doc.images ?? [])].find((i) => i.id === imageId);
    // Left behind if storage fails now: an orphan costs bytes, never a broken page.
    await Promise.all((removed?.renditions ?? []).map((r) => this.d.storage.delete(r.key).catch(() => undefined)));
    return payload;
  }

  private async ownActiveProduct(productId: string): Promise<{ doc: ProductDoc; product: ProductPayload['product'] } | { error: ProductPayload }> {
    const own = await loadOwnProduct(this.request, this.d.products, productId, 'productId', 'photos');
    if ('unknown' in own) return { error: { product: null, userErrors: [own.unknown] } };
    const suspended = await shopSuspendedError(this.d.merchants, this.request.allianceId, own.doc.merchantId);
    if (suspended) return { error: { product: own.product, userErrors: [suspended] } };
    return own;
  }

  /**
   * Copies the list onto the product and announces it (change log, this replica's projection, the
   * event every replica applies), with an audit entry when this call changed the list. A retry of a
   * change a crash cut short announces it only when the listings do not show it yet.
   */
  private async settle(doc: ProductDoc, version: number, images: StoredImage[], audited: { action: string; before: StoredImage[] } | null): Promise<ProductPayload> {
    const { allianceId, principal } = this.request;
    const productId = doc.id;
    await this.d.images.copyToProduct(allianceId, productId, version, images);
    const product = toCatalogProduct({ ...doc, images, imagesVersion: version });
    if (!audited) {
      const listed = (await this.d.projections.current(allianceId)).product(productId);
      if (listed && idsOf(listed.images).join() === idsOf(images).join()) return { product, userErrors: [] };
    }
    const catalogVersion = await this.d.changes.record(allianceId, 'product', [productId]);
    await this.d.projections.advanceTo(allianceId, catalogVersion);
    await publishProductUpdated(this.d.events, allianceId, catalogVersion, product);
    if (audited) {
      await this.d.audit.record(allianceId, doc.merchantId, {
        at: this.d.now(),
        actor: actorOf(principal),
        action: audited.action,
        subjectId: productId,
        before: { images: idsOf(audited.before) },
        after: { images: idsOf(images) },
      });
    }
    return { product, userErrors: [] };
  }
}
