import { randomUUID } from 'node:crypto';
import { hasRole, isShopStaff } from '@alliance/auth';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { ProductRepository } from '../catalog/product.repository.js';
import { loadOwnProduct } from '../catalog/own-product.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { shopSuspendedError } from '../merchant/active-shop.js';
import type { ObjectStorage } from './object-storage.js';
import type { UploadDoc, UploadRepository } from './upload.repository.js';
import { sizeProblems, UPLOAD_PUT_SECONDS, uploadKey, uploadProblems, useProblems, type UploadPurpose } from './upload.rules.js';
import { WORKING_RETENTION_MS } from './storage-sweep.rules.js';

export interface UploadView {
  id: string;
  purpose: UploadPurpose;
  method: 'PUT';
  url: string;
  headers: { name: string; value: string }[];
  expiresAt: string;
}

export interface UploadPayload {
  upload: UploadView | null;
  userErrors: UserError[];
}

/** An upload that passed every check, with its bytes (at most 10 MB: read whole). */
export interface ConsumedUpload {
  upload: UploadDoc;
  bytes: Buffer;
}

export interface ConsumeOptions {
  /** The shop the upload must be for (imports, product photos). */
  merchantId?: string;
  /** The product it must be for, when it was asked for one. */
  productId?: string;
  /** Where a userError points (default ['uploadId']), e.g. ['input', 'businessLicenceUploadId']. */
  field?: string[];
}

/**
 * Uploads go straight from the browser to object storage through a short-lived presigned PUT that
 * signs the declared type and size; the record of what the upload is for is what its use (attach,
 * import, onboarding) looks up, and `consume` checks it all again on the stored bytes.
 */
export class UploadService {
  constructor(
    private readonly request: RequestContext,
    private readonly uploads: UploadRepository,
    private readonly storage: ObjectStorage,
    private readonly products: ProductRepository,
    private readonly merchants: MerchantRepository,
    private readonly now: () => Date,
  ) {}

  /** A product photo: the product's shop's owner or staff, while the shop is active. */
  async createImageUpload(productId: string, contentType: string, bytes: number): Promise<UploadPayload> {
    const own = await loadOwnProduct(this.request, this.products, productId, 'productId', 'photos');
    if ('unknown' in own) return { upload: null, userErrors: [own.unknown] };
    const merchantId = own.doc.merchantId;
    return this.create('PRODUCT_IMAGE', merchantId, productId, contentType, bytes, await shopSuspendedError(this.merchants, this.request.allianceId, merchantId));
  }

  /**
   * A product photo or an import sheet (the shop's owner or staff, while it is active), or a licence
   * photo (alliance admins, for a shop that may not exist yet).
   */
  async createFileUpload(merchantId: string | null, purpose: UploadPurpose, contentType: string, bytes: number): Promise<UploadPayload> {
    const { principal, allianceId } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in to upload files');
    if (purpose === 'LICENCE_IMAGE') {
      if (!hasRole(principal, 'alliance-admin')) throw DomainError.forbidden('Licence photos are uploaded by alliance admins');
      return this.create(purpose, merchantId, null, contentType, bytes, null);
    }
    if (!merchantId) return { upload: null, userErrors: [{ code: 'MERCHANT_REQUIRED', message: 'Name the shop this file is for', field: ['merchantId'] }] };
    if (!isShopStaff(principal, merchantId)) throw DomainError.forbidden("Only the shop's owner and staff upload its files");
    return this.create(purpose, merchantId, null, contentType, bytes, await shopSuspendedError(this.merchants, allianceId, merchantId));
  }

  private async create(purpose: UploadPurpose, merchantId: string | null, productId: string | null, contentType: string, bytes: number, shopError: UserError | null): Promise<UploadPayload> {
    if (shopError) return { upload: null, userErrors: [shopError] };
    const problems = uploadProblems(purpose, contentType, bytes);
    if (problems.length) return { upload: null, userErrors: problems };
    const { allianceId, principal } = this.request;
    const id = randomUUID();
    const key = uploadKey(allianceId, id);
    const createdAt = this.now();
    const put = await this.storage.presignPut(key, contentType, bytes, UPLOAD_PUT_SECONDS, createdAt);
    await this.uploads.insert({ allianceId, id, purpose, merchantId, productId, contentType, bytes, key, createdBy: principal!.subject, createdAt, expiresAt: put.expiresAt, discardAt: new Date(createdAt.getTime() + WORKING_RETENTION_MS) });
    return { upload: { id, purpose, method: 'PUT', url: put.url, headers: put.headers, expiresAt: put.expiresAt.toISOString() }, userErrors: [] };
  }

  /**
   * The one way an upload is used (attach, import, onboarding): it exists in this alliance, was asked
   * for by the caller for this purpose (and shop, and product), its bytes were really PUT (else
   * UPLOAD_NOT_FOUND), and what storage holds is within the size limit. Returns the bytes; what they
   * are (a photo, a sheet) is the caller's to check. The caller authorizes the use itself.
   */
  async consume(uploadId: string, purpose: UploadPurpose, options: ConsumeOptions = {}): Promise<ConsumedUpload | { error: UserError }> {
    const { allianceId, principal } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in to use an upload');
    const field = options.field ?? ['uploadId'];
    const upload = await this.uploads.get(allianceId, uploadId);
    const problem = useProblems(upload, { purpose, subject: principal.subject, merchantId: options.merchantId, productId: options.productId }, field)[0];
    if (problem) return { error: problem };
    const stored = await this.storage.head(upload!.key);
    if (!stored) return { error: { code: 'UPLOAD_NOT_FOUND', message: 'The file was not uploaded (or was used already): upload it again', field } };
    const tooBig = sizeProblems(stored.bytes)[0];
    if (tooBig) return { error: { ...tooBig, field } };
    return { upload: upload!, bytes: await this.storage.get(upload!.key) };
  }

  /** Removes the raw upload once it has been used (a photo's original may carry its GPS position). */
  async discard(upload: UploadDoc): Promise<void> {
    await this.storage.delete(upload.key);
  }
}
